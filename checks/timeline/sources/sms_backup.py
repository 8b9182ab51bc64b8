"""Android texts and calls saved by "SMS Backup & Restore" (SyncTech): sms-*.xml and calls-*.xml.

Fields as the app documents them (synctech.com.au, "Fields in XML Backup Files"):
  <sms address date(ms, UTC) type(1 received, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued)
       body contact_name/>
  <mms date(ms) msg_box(1 received, 2 sent, ...) address><parts><part ct text cl name/></parts>
       <addrs><addr address type(137 from, 151 to, 130 cc, 129 bcc)/></addrs></mms>
  <call number date(ms) duration(s) type(1 incoming, 2 outgoing, 3 missed, 4 voicemail, 5 rejected,
       6 blocked, 7 answered elsewhere) contact_name/>
The file is read with expat, fed in chunks, so a backup of any size is read in flat memory and
every event points at the line of its element.
"""

from __future__ import annotations

import xml.parsers.expat
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path

from checks.timeline.records import Channel, ContactEvent, Direction, EventKind, SourceRef
from checks.timeline.sources.base import NO_FIELDS, Reading

_SMS_TYPES = {
    "1": Direction.INCOMING,
    "2": Direction.OUTGOING,
    "4": Direction.OUTGOING,
    "5": Direction.OUTGOING,
    "6": Direction.OUTGOING,
}
_CALL_TYPES = {
    "1": (Direction.INCOMING, EventKind.CALL, "answered"),
    "2": (Direction.OUTGOING, EventKind.CALL, "outgoing"),
    "3": (Direction.INCOMING, EventKind.MISSED_CALL, "missed"),
    "4": (Direction.INCOMING, EventKind.MISSED_CALL, "voicemail"),
    "5": (Direction.INCOMING, EventKind.MISSED_CALL, "rejected"),
    "6": (Direction.INCOMING, EventKind.MISSED_CALL, "blocked"),
    "7": (Direction.INCOMING, EventKind.CALL, "answered-elsewhere"),
}
MAX_TEXT = 64 * 1024


def read_sms_backup(
    path: Path, reading: Reading, *, owner: Callable[[str], bool] | None = None
) -> Iterator[ContactEvent]:
    """Every text, MMS and call in the backup file, in file order."""
    del owner  # direction comes from the file itself
    # With namespaces on, a name with a stray ":" (SMS Backup & Restore uses none) is the error it is.
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    names: dict[str, str] = {}  # one string per number and contact name, not one per element
    ready: list[ContactEvent] = []
    mms: dict[str, object] | None = None
    seen_root = False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal mms, seen_root
        line = parser.CurrentLineNumber
        for key in ("address", "number", "contact_name"):
            if key in attrs:
                attrs[key] = names.setdefault(attrs[key], attrs[key])
        if name in ("smses", "calls"):
            seen_root = True
        elif name == "sms":
            _add(ready, _sms(attrs, line, reading))
        elif name == "call":
            _add(ready, _call(attrs, line, reading))
        elif name == "mms":
            mms = {"attrs": attrs, "line": line, "texts": [], "files": [], "from": "", "to": []}
        elif mms is not None and name == "part":
            content_type = attrs.get("ct", "")
            if content_type == "text/plain" and attrs.get("text", "null") != "null":
                _extend(mms, "texts", attrs["text"])
            elif content_type != "application/smil":
                _extend(mms, "files", attrs.get("cl") or attrs.get("name") or content_type)
        elif mms is not None and name == "addr":
            if attrs.get("type") == "137":
                mms["from"] = attrs.get("address", "")
            else:
                _extend(mms, "to", attrs.get("address", ""))

    def end(name: str) -> None:
        nonlocal mms
        if name == "mms" and mms is not None:
            _add(ready, _mms(mms, reading))
            mms = None

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(1 << 16)
            try:
                parser.Parse(chunk, not chunk)
            except xml.parsers.expat.ExpatError as error:
                yield from ready
                reading.gap(f"line {error.lineno}", "timeline.xml-damaged", detail=str(error))
                return
            except LookupError as error:  # an encoding declared that does not exist
                reading.gap("line 1", "timeline.xml-damaged", detail=str(error))
                return
            yield from ready
            ready.clear()
            if not chunk:
                break
    if not seen_root:
        reading.gap("", "timeline.sms-not-backup")


def _add(ready: list[ContactEvent], event: ContactEvent | None) -> None:
    if event is not None:
        ready.append(event)


def _extend(mms: dict[str, object], key: str, value: str) -> None:
    values = mms[key]
    assert isinstance(values, list)
    values.append(value)


def _when(attrs: dict[str, str], line: int, reading: Reading) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(attrs.get("date", "")) / 1000, tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        reading.gap(f"line {line}", "timeline.date-impossible")
        return None


def _fields(attrs: dict[str, str]) -> Mapping[str, str]:
    name = attrs.get("contact_name", "")
    return {"contact_name": name} if name and name not in ("null", "(Unknown)") else NO_FIELDS


def _sms(attrs: dict[str, str], line: int, reading: Reading) -> ContactEvent | None:
    when = _when(attrs, line, reading)
    if when is None or attrs.get("type") == "3":  # 3 = a draft never sent
        return None
    address = attrs.get("address", "")
    direction = _SMS_TYPES.get(attrs.get("type", ""), Direction.UNKNOWN)
    reading.events += 1
    return ContactEvent(
        when=when,
        channel=Channel.SMS,
        direction=direction,
        kind=EventKind.MESSAGE,
        sender=address if direction is not Direction.OUTGOING else "",
        recipients=(address,) if direction is Direction.OUTGOING else (),
        content=attrs.get("body", "")[:MAX_TEXT],
        attachments=(),
        source=SourceRef(reading.name, f"line {line}", reading.sha256),
        thread=address,
        fields=_fields(attrs),
    )


def _call(attrs: dict[str, str], line: int, reading: Reading) -> ContactEvent | None:
    when = _when(attrs, line, reading)
    if when is None:
        return None
    number = attrs.get("number", "")
    direction, kind, outcome = _CALL_TYPES.get(
        attrs.get("type", ""), (Direction.UNKNOWN, EventKind.CALL, "unknown")
    )
    fields = {"call": outcome, **_fields(attrs)}
    if attrs.get("duration", "").isdigit():
        fields["duration_s"] = attrs["duration"]
    reading.events += 1
    return ContactEvent(
        when=when,
        channel=Channel.PHONE,
        direction=direction,
        kind=kind,
        sender=number if direction is not Direction.OUTGOING else "",
        recipients=(number,) if direction is Direction.OUTGOING else (),
        content="",
        attachments=(),
        source=SourceRef(reading.name, f"line {line}", reading.sha256),
        thread=number,
        fields=fields,
    )


def _mms(mms: dict[str, object], reading: Reading) -> ContactEvent | None:
    attrs, line = mms["attrs"], mms["line"]
    assert isinstance(attrs, dict) and isinstance(line, int)
    when = _when(attrs, line, reading)
    if when is None:
        return None
    box = attrs.get("msg_box", "")
    direction = (
        Direction.INCOMING if box == "1" else Direction.OUTGOING if box in ("2", "4") else Direction.UNKNOWN
    )
    texts, files, to = mms["texts"], mms["files"], mms["to"]
    assert isinstance(texts, list) and isinstance(files, list) and isinstance(to, list)
    sender = str(mms["from"]) or (attrs.get("address", "") if direction is Direction.INCOMING else "")
    recipients = tuple(a for a in to if a and a != "insert-address-token")
    reading.events += 1
    return ContactEvent(
        when=when,
        channel=Channel.MMS,
        direction=direction,
        kind=EventKind.MESSAGE,
        sender="" if sender == "insert-address-token" else sender,
        recipients=recipients,
        content="\n".join(texts)[:MAX_TEXT],
        attachments=tuple(files),
        source=SourceRef(reading.name, f"line {line}", reading.sha256),
        thread=attrs.get("address", ""),
        fields=_fields(attrs),
    )
