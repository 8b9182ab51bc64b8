"""The log rows as they were written before the writer was made faster, kept as the reference the
faster one is compared with (test_rows.py): same events, same HTML, CSV and JSON."""

from __future__ import annotations

from datetime import timezone
from html import escape
from json.encoder import encode_basestring as _quote  # the C version when it is built
from typing import IO, Any

from checks.timeline.output.rows import _BATCH, CONTENT_LIMIT, SHORT_HASH, _name, _quoted_list, csv_cell
from checks.timeline.output.words import say
from checks.timeline.records import Channel, ContactEvent, EventKind


def offset_of(iso: str) -> str:
    """The UTC offset at the end of an ISO time ("+01:00"); "+00:00" for UTC."""
    return iso[19:] or "+00:00"


class RowWriter:
    """Writes each event's row to the HTML, CSV and JSON parts, marking rows that may contain threats."""

    def __init__(
        self, csv_writer: Any, json_out: IO[str], html_out: IO[str], threat_keys: set[tuple[str, str]]
    ) -> None:
        self._csv = csv_writer
        self._json = json_out
        self._html = html_out
        self._threats = threat_keys
        self._what: dict[tuple[str, str, str, str, tuple[str, ...], str], str] = {}
        # Keyed by the plain values: hashing an Enum member runs Python code, once per row here.
        self._how = {channel.value: str(say(f"how.{channel.value}")) for channel in Channel}
        self._how_html = {value: escape(how) for value, how in self._how.items()}
        self._what_html: dict[str, str] = {}  # each sentence escaped once
        self._place = str(say("log.place", file="{file}", place="{place}"))
        self._attached = str(say("log.attachments", list="{list}"))
        self._truncated = escape(str(say("log.truncated")))
        self._mark = f'<span class="mark">{escape(str(say("log.threat_mark")))}</span>'
        self._first = True
        self._json_rows: list[str] = []
        self._html_rows: list[str] = []

    def what(self, event: ContactEvent) -> str:
        """ "Message from +44 7700 900123": made once per kind, direction and people, then reused."""
        title = event.fields.get("title", "") if event.kind is EventKind.FINDING else ""
        key = (
            event.kind._value_,
            event.channel._value_,
            event.direction._value_,
            event.sender,
            event.recipients,
            title,
        )
        found = self._what.get(key)
        if found is None:
            nobody = say("what.nobody")
            if event.channel is Channel.EVIDENCE_LOG:
                found = say("what.evidence")
            elif event.kind is EventKind.FINDING:
                found = say("what.finding", title=title or event.fields.get("code") or nobody)
            elif event.direction.value == "unknown" and event.sender:
                found = say(f"what.{event.kind.value}-incoming", sender=event.sender)
            else:
                found = say(
                    f"what.{event.kind.value}-{event.direction.value}",
                    sender=event.sender or nobody,
                    recipients=", ".join(event.recipients) or nobody,
                )
            found = str(found)
            self._what[key] = found
        return found

    def write(self, number: int, event: ContactEvent) -> None:
        """One event, as row `number` of all three files (buffered; `flush` writes what is left)."""
        when = event.when
        iso = when.isoformat(timespec="seconds")
        date, clock, offset = iso[:10], iso[11:19], offset_of(iso)
        utc = (
            iso[:19] + "Z"
            if offset == "+00:00"
            else when.astimezone(timezone.utc).isoformat(timespec="seconds")[:19] + "Z"
        )
        source = event.source
        direction = event.direction._value_  # the plain value: an Enum's .value is a Python-level descriptor
        kind = event.kind
        what = self.what(event)
        channel = event.channel._value_
        how = self._how[channel]
        what_html = self._what_html.get(what)
        if what_html is None:
            what_html = self._what_html[what] = escape(what)
        place = self._place.format(file=_name(source.file), place=source.locator)
        content = event.content
        self._csv.writerow(
            (
                str(number),
                date,
                clock,
                offset,
                utc,
                csv_cell(what),
                how,
                direction,
                csv_cell(event.sender),
                csv_cell("; ".join(event.recipients)),
                csv_cell(content),
                csv_cell("; ".join(event.attachments)),
                csv_cell(source.file),
                csv_cell(source.locator),
                source.sha256,
            )
        )
        quote = _quote  # the same text json.dumps(..., ensure_ascii=False) gives, without building a dict
        self._json_rows.append(
            f'{{"number": {number}, "when": "{iso}", "channel": {quote(event.channel._value_)}, '
            f'"direction": "{direction}", "kind": {quote(kind._value_)}, "from": {quote(event.sender)}, '
            f'"to": {_quoted_list(event.recipients)}, "content": {quote(content)}, '
            f'"attachments": {_quoted_list(event.attachments)}, "source": {{"file": {quote(source.file)}, '
            f'"place": {quote(source.locator)}, "sha256": {quote(source.sha256)}}}}}'
        )
        classes = direction
        mark = ""
        if (source.file, source.locator) in self._threats:
            classes += " flag"
            mark = self._mark
        if kind is EventKind.FINDING:
            classes += " finding-row"
        quoted = ""
        if content:
            quoted = f"<q>{escape(content[:CONTENT_LIMIT])}</q>"
            if len(content) > CONTENT_LIMIT:
                quoted += f'<span class="meta">{self._truncated}</span>'
        if event.attachments:
            attached = self._attached.format(list=", ".join(event.attachments))
            quoted += f'<span class="meta">{escape(attached)}</span>'
        self._html_rows.append(
            f'<tr id="row-{number}" class="{classes}"><td>{number}</td><td class="nowrap">{date}</td>'
            f'<td class="nowrap">{clock} <span class="off">{offset}</span></td>'
            f'<td>{mark}<span class="what">{what_html}</span>{quoted}</td><td>{self._how_html[channel]}</td>'
            f'<td class="ref">{escape(place)}<br><code>{source.sha256[:SHORT_HASH]}…</code></td></tr>\n'
        )
        if len(self._html_rows) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows."""
        if self._json_rows:
            self._json.write(("" if self._first else ",\n") + ",\n".join(self._json_rows))
            self._first = False
            self._json_rows.clear()
        self._html.write("".join(self._html_rows))
        self._html_rows.clear()
