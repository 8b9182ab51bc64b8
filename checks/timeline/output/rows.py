"""Each contact event as one row of the log, written at once to the HTML, CSV and JSON parts.

This is the loop that runs once per event (hundreds of thousands in a long record), so it is
plain Python rather than a Jinja template: the words are looked up once, the sentence for each
kind of contact is made once per sender, and each row is one formatted string per file. The
page around the rows is still the Jinja templates (timeline-head/-tail.html.j2).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import timezone
from html import escape
from itertools import chain
from json.encoder import encode_basestring as _quote  # the C version when it is built
from pathlib import Path
from typing import IO, Any

from checks.timeline.output.parts import append_file
from checks.timeline.output.words import say
from checks.timeline.records import Channel, ContactEvent, EventKind, LogRow, log_row

SHORT_HASH = 12
CONTENT_LIMIT = 2000  # characters of one message in the HTML log; the CSV and JSON hold it all
CSV_COLUMNS = (
    "number",
    "date",
    "time",
    "utc_offset",
    "timestamp",
    "what",
    "how",
    "direction",
    "sender",
    "recipients",
    "content",
    "attachments",
    "file",
    "place",
    "sha256",
)
HTML_COLUMNS = ("number", "date", "time", "what", "how", "evidence")  # the log's columns, in order
_FORMULA_START = frozenset("=+-@\t\r")
_BATCH = 2000  # rows kept before they are written: fewer, larger writes
_NUMBER_CHARS = frozenset("0123456789 ()-")
_CSV_QUOTED = re.compile('[,"\r\n]').search
# Any character that HTML (&<>"'), JSON (\\, ", controls) or CSV (",", ", line ends) would escape or quote.
_SPECIAL = re.compile(r"[&<>\"'\\,\x00-\x1f]").search
_PRIVATE_USE = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE))


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (message texts come from the other person).

    A phone number such as +44 7700 900123 is left as it is: only digits, spaces and ()- follow its sign.
    """
    if (
        value
        and value[0] in _FORMULA_START
        and not (len(value) > 1 and value[0] in "+-" and _NUMBER_CHARS.issuperset(value[1:]))
    ):
        return "'" + value
    return value


class RowWriter:
    """Writes each event's row to the HTML, CSV and JSON parts, marking rows that may contain threats.

    What repeats from row to row (a source file's name and hash, a sender, the sentence for a kind
    of contact) is made and escaped once for all three files; only the time, place and text are
    made for each row.
    """

    def __init__(
        self, csv_out: IO[str], json_out: IO[str], html_out: IO[str], threat_keys: set[tuple[str, str]]
    ) -> None:
        self._csv_out = csv_out
        self._json = json_out
        self._html = html_out
        self._threats = threat_keys
        self._csv_rows: list[str] = []
        self._what: dict[tuple[str, str, str, str, tuple[str, ...], str], str] = {}
        # Keyed by the plain values: hashing an Enum member runs Python code, once per row here.
        self._how = {channel.value: str(say(f"how.{channel.value}")) for channel in Channel}
        self._how_html = {value: escape(how) for value, how in self._how.items()}
        self._place = str(say("log.place", file="{file}", place="{place}"))
        self._attached = str(say("log.attachments", list="{list}"))
        self._truncated = escape(str(say("log.truncated")))
        self._mark = f'<span class="mark">{escape(str(say("log.threat_mark")))}</span>'
        self._first = True
        self._json_rows: list[str] = []
        self._html_rows: list[str] = []
        self._files: dict[tuple[str, str], tuple[str, str, str, tuple[str, ...], str]] = {}
        self._people: dict[tuple[str, str, str, str, tuple[str, ...], str], tuple[Any, ...]] = {}

    def what(self, row: LogRow) -> str:
        """ "Message from +44 7700 900123": made once per kind, direction and people, then reused."""
        key = (row[3], row[1], row[2], row[4], row[5], row[11])
        found = self._what.get(key)
        if found is None:
            kind, channel, direction, sender, recipients, title = (
                row[3],
                row[1],
                row[2],
                row[4],
                row[5],
                row[11],
            )
            nobody = say("what.nobody")
            if channel == Channel.EVIDENCE_LOG.value:
                found = say("what.evidence")
            elif kind == EventKind.FINDING.value:
                found = say("what.finding", title=title or row[12] or nobody)
            elif direction == "unknown" and sender:
                found = say(f"what.{kind}-incoming", sender=sender)
            else:
                found = say(
                    f"what.{kind}-{direction}",
                    sender=sender or nobody,
                    recipients=", ".join(recipients) or nobody,
                )
            found = str(found)
            self._what[key] = found
        return found

    def _file(self, file: str, sha256: str) -> tuple[str, str, str, tuple[str, ...], str]:
        """A source file's pieces of every row: its CSV cell, the JSON around the place, the HTML around it."""
        key = (file, sha256)
        found = self._files.get(key)
        if found is None:
            # NOTE: escaping works character by character, so the place can be escaped apart from the rest
            name = _name(file)
            # A private-use character in neither: more of them exist than a name can be long (64 KiB).
            mark = next(c for c in map(chr, chain(*_PRIVATE_USE)) if c not in name and c not in self._place)
            around = escape(self._place.format(file=name, place=mark)).split(mark)
            around[0] = f'<td class="ref">{around[0]}'
            around[-1] += f"<br><code>{sha256[:SHORT_HASH]}…</code></td></tr>\n"
            found = self._files[key] = (
                _csv_text(csv_cell(file)),
                f'"source": {{"file": {_quote(file)}, "place": ',
                f', "sha256": {_quote(sha256)}}}}}',
                tuple(around),
                _csv_text(sha256),
            )
        return found

    def _kind(self, row: LogRow) -> tuple[Any, ...]:
        """What a row shows of its kind, direction and people, for all three files."""
        kind, channel, direction, sender, recipients = row[3], row[1], row[2], row[4], row[5]
        what = self.what(row)
        classes = direction + (" finding-row" if kind == EventKind.FINDING.value else "")
        cells = (
            csv_cell(what),
            self._how[channel],
            direction,
            csv_cell(sender),
            csv_cell("; ".join(recipients)),
        )
        found = self._people[(kind, channel, direction, sender, recipients, row[11])] = (
            ",".join(map(_csv_text, cells)),
            f'"channel": {_quote(channel)}, "direction": "{direction}", "kind": {_quote(kind)}, '
            f'"from": {_quote(sender)}, "to": {_quoted_list(recipients)}, "content": ',
            f'"{classes}"',
            f'"{classes} flag"',
            f'<span class="what">{escape(what)}</span>',
            f"</td><td>{self._how_html[channel]}</td>",
        )
        return found

    def write(self, number: int, event: ContactEvent) -> None:
        """One event, as row `number` of all three files (buffered; `flush` writes what is left)."""
        self.write_row(number, log_row(event))

    def write_row(self, number: int, row: LogRow) -> None:
        """One event given as a LogRow, as row `number` of all three files."""
        when = row[0]
        iso = when.isoformat(timespec="seconds")
        date, clock, offset = iso[:10], iso[11:19], iso[19:] or "+00:00"
        utc = (
            iso[:19] + "Z"
            if offset == "+00:00"
            else when.astimezone(timezone.utc).isoformat(timespec="seconds")[:19] + "Z"
        )
        file, locator, sha256 = row[8], row[9], row[10]
        pieces = self._files.get((file, sha256)) or self._file(file, sha256)
        kind = self._people.get((row[3], row[1], row[2], row[4], row[5], row[11])) or self._kind(row)
        content = row[6]
        attachments = row[7]
        number_text = str(number)
        # A text with nothing that CSV, JSON or HTML would quote or escape (most) is written as it is.
        if _SPECIAL(locator) is None and locator[:1] not in _FORMULA_START:
            place_csv, place_json, place_html = locator, f'"{locator}"', locator
        else:
            place_csv, place_json, place_html = _csv_text(csv_cell(locator)), _quote(locator), escape(locator)
        if not content:
            content_csv, content_json, content_html = "", '""', ""
        elif _SPECIAL(content) is None and content[0] not in _FORMULA_START:
            content_csv, content_json, content_html = content, f'"{content}"', content[:CONTENT_LIMIT]
        else:
            content_csv, content_json = _csv_text(csv_cell(content)), _quote(content)
            content_html = escape(content[:CONTENT_LIMIT])
        # As csv.writer writes the row (the number and times never need quoting), cell by cell.
        self._csv_rows.append(
            f"{number_text},{date},{clock},{offset},{utc},{kind[0]},{content_csv},"
            f"{_csv_text(csv_cell('; '.join(attachments))) if attachments else ''},"
            f"{pieces[0]},{place_csv},{pieces[4]}\r\n"
        )
        # The same text json.dumps(..., ensure_ascii=False) gives, without building a dict.
        self._json_rows.append(
            f'{{"number": {number_text}, "when": "{iso}", {kind[1]}{content_json}, '
            f'"attachments": {_quoted_list(attachments)}, {pieces[1]}{place_json}{pieces[2]}'
        )
        if (file, locator) in self._threats:
            classes, mark = kind[3], self._mark
        else:
            classes, mark = kind[2], ""
        quoted = ""
        if content:
            quoted = f"<q>{content_html}</q>"
            if len(content) > CONTENT_LIMIT:
                quoted += f'<span class="meta">{self._truncated}</span>'
        if attachments:
            attached = self._attached.format(list=", ".join(attachments))
            quoted += f'<span class="meta">{escape(attached)}</span>'
        self._html_rows.append(
            f'<tr id="row-{number_text}" class={classes}><td>{number_text}</td><td class="nowrap">{date}</td>'
            f'<td class="nowrap">{clock} <span class="off">{offset}</span></td>'
            f"<td>{mark}{kind[4]}{quoted}{kind[5]}{place_html.join(pieces[3])}"
        )
        if len(self._html_rows) >= _BATCH:
            self.flush()

    def append(self, csv_path: Path, json_path: Path, html_path: Path) -> None:
        """Add the rows another RowWriter wrote to these files (the rows that follow these) after these."""
        self.flush()
        append_file(csv_path, self._csv_out)
        append_file(html_path, self._html)
        if json_path.stat().st_size:
            if not self._first:
                self._json.write(",\n")
            append_file(json_path, self._json)
            self._first = False

    def flush(self) -> None:
        """Write the buffered rows."""
        if self._json_rows:
            self._json.write(("" if self._first else ",\n") + ",\n".join(self._json_rows))
            self._first = False
            self._json_rows.clear()
        self._html.write("".join(self._html_rows))
        self._html_rows.clear()
        self._csv_out.write("".join(self._csv_rows))
        self._csv_rows.clear()


def _csv_text(cell: str) -> str:
    """One CSV cell as csv.writer writes it (QUOTE_MINIMAL): in quotes, with quotes doubled, only when it
    holds a comma, a quote or a line break."""
    if _CSV_QUOTED(cell) is None:
        return cell
    return '"' + cell.replace('"', '""') + '"'


def _quoted_list(values: tuple[str, ...]) -> str:
    """A JSON list of strings, as json.dumps(..., ensure_ascii=False) writes it."""
    return "[" + ", ".join(map(_quote, values)) + "]" if values else "[]"


def _name(file: str) -> str:
    """The last part of a path or archive member name, as the log shows it (the sources list the full one)."""
    return file.replace("\\", "/").rsplit("/", 1)[-1] or file


def column_labels() -> Mapping[str, str]:
    """The log's column headings, by column."""
    return {column: str(say(f"log.{column}")) for column in HTML_COLUMNS}


def label_css(labels: Mapping[str, str]) -> str:
    """The phone layout's cell labels (each cell shows its column's name before it), as CSS, once per page."""
    rules = []
    for index, column in enumerate(HTML_COLUMNS, start=1):
        text = json.dumps(labels[column] + ": ", ensure_ascii=False)  # a JSON string is a valid CSS string
        rules.append(f".log-table td:nth-child({index})::before {{ content: {text}; }}")
    return "@media (max-width: 700px) {\n" + "\n".join(rules) + "\n}"
