"""Mail: one .eml, or an mbox (Google Takeout's "All mail Including Spam and Trash.mbox", Thunderbird).

A plain mail (ASCII headers, one text/plain part) is read by checks/timeline/sources/plain_mail.py,
which splits the headers itself and decodes only the text; anything else (multipart, HTML,
base64, 8-bit headers, odd line ends) goes through the standard library's email parser. The verdicts the receiving server
wrote (Authentication-Results, ARC-Authentication-Results, ARC-Seal cv=) are kept as fields,
exactly as written: they say what that server decided when the mail arrived, not what is true now.
`reverify_dkim` checks a DKIM signature again with dkimpy, only when the caller is online and
the person asked, and says the time of the check (keys rotate; an old signature may no longer verify).

An mbox is split on its "From " lines while streaming, so each mail points at the line it starts
on; a mail over MAX_MESSAGE bytes is read up to there (the headers and text come first). Only the
first MAX_PARSE bytes go through the parser; attachments after that are named from their headers,
so a mail with large attachments costs no more than a small one.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from pathlib import Path

from checks.timeline.records import Channel, ContactEvent, Direction, EventKind, SourceRef
from checks.timeline.sources.base import Reading
from checks.timeline.sources.plain_mail import PlainMail, plain_mail

MAX_MESSAGE = 2 * 1024 * 1024
MAX_PARSE = 256 * 1024  # the part of a mail parsed; headers and text come first, attachments after
MAX_RAW = 64 * 1024 * 1024  # one mail read whole again for a DKIM re-check
_FILENAME = re.compile(rb'filename\*?=\s*"?([^";\r\n]{1,255})')
MAX_TEXT = 16 * 1024
_VERDICT = re.compile(r"\b(dkim|spf|dmarc|arc|compauth)\s*=\s*([A-Za-z]+)", re.IGNORECASE)
_CV = re.compile(r"\bcv\s*=\s*([A-Za-z]+)", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")
# An mbox separator: "From sender date" (Thunderbird, mutt), "From 1844347792267117879@xxx" (Gmail's
# export), "From - ..." (Netscape). A body line "From the start" that a writer failed to escape is not one.
_SEPARATOR = re.compile(rb"^From \S+(?:[ \t]*\r?$| .*\d{4}[ \t]*\r?$)")
_MONTHS = {m: n for n, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug"), 1)}
_MONTHS.update({"Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12})
_PLAIN_DATE = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"([1-9][0-9]{3}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-])([0-9]{2})([0-9]{2})\Z"
)
_PLAIN_ADDRESS = re.compile(
    r'^\s*(?:"?(?P<name>[^"<>,]*?)"?\s*)?<(?P<a>[^<>\s,"]+@[^<>\s,"]+)>\s*$|^\s*(?P<b>[^<>\s,"]+@[^<>\s,"]+)\s*$'
)


_LIST_CHARS = re.compile(
    r'[,;:()\[\]\\"]'
)  # a list, a group, a comment, a quoted part, a literal: getaddresses decides


def _address(value: str) -> tuple[str, str]:
    """(display name, address) of one From value: the common forms by one pattern, the rest by parseaddr."""
    found = _PLAIN_ADDRESS.match(value)
    if found is None:
        return parseaddr(value)
    return (found["name"] or "").strip(), found["a"] or found["b"]


def mail_date(value: str) -> datetime:
    """The time of a Date header, as email.utils.parsedate_to_datetime reads it (naive for "-0000").

    The form nearly every program writes ("Mon, 04 Jan 2021 08:00:00 +0100") is read with one
    pattern; any other form goes to the standard library's reader.
    """
    found = _PLAIN_DATE.match(value)
    if found is None:
        return parsedate_to_datetime(value)
    day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = found.groups()
    offset = int(zone_hours) * 3600 + int(zone_minutes) * 60
    moment = (int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second))
    if sign == "-" and not offset:  # "-0000": the sender's zone is not known
        return datetime(*moment)
    return datetime(*moment, tzinfo=timezone(timedelta(seconds=-offset if sign == "-" else offset)))


def _recipients(values: list[str]) -> tuple[str, ...]:
    """The addresses in To and Cc, lower-cased: one address a header by one pattern, the rest by getaddresses."""
    if len(values) == 1 and values[0].count("@") == 1 and not _LIST_CHARS.search(values[0]):
        found = _PLAIN_ADDRESS.match(values[0])
        if found is not None:
            address = found["a"] or found["b"]
            return (address.lower(),)
    return tuple(a.lower() for _, a in getaddresses(values) if a)


def read_mail(
    path: Path, reading: Reading, *, is_owner: Callable[[str], bool] | None = None
) -> Iterator[ContactEvent]:
    """Every mail in an .eml or mbox file, in file order."""
    for line, raw in _messages(path, reading):
        event = _event(raw, line, reading, is_owner)
        if event is not None:
            yield event


def _messages(path: Path, reading: Reading, limit: int = MAX_MESSAGE) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as handle:
        first = handle.readline(1 << 16)
        if not first.strip():
            if first:
                reading.gap("line 1", "timeline.mail-empty")
            return
        mbox = first.startswith(b"From ")
        start, parts, size, previous_blank = 1, [] if mbox else [first], 0 if mbox else len(first), False
        cut = False
        number = 1
        for raw in handle:
            number += 1
            if mbox and raw.startswith(b"From ") and (previous_blank or not parts) and _SEPARATOR.match(raw):
                if parts:
                    yield start, b"".join(parts)
                elif number > 2:
                    reading.gap(f"line {start}", "timeline.mail-empty")
                start, parts, size, cut = number, [], 0, False
                previous_blank = False
                continue
            previous_blank = raw in (b"\n", b"\r\n")
            if size + len(raw) <= limit:
                parts.append(raw[1:] if mbox and raw.startswith(b">From ") else raw)
                size += len(raw)
            elif not cut:
                cut = True
                reading.note("timeline.mail-cut", locator=f"line {start}")
        if parts:
            yield start, b"".join(parts)


def _decoded(value: object) -> str:
    if value is None:
        return ""
    if "=?" not in str(value):  # no encoded words: nothing to decode (most headers)
        return str(value)
    try:
        return str(make_header(decode_header(str(value))))
    except (ValueError, LookupError, UnicodeError):
        return str(value)


def _text(message: Message) -> str:
    html = ""
    for part in message.walk() if message.is_multipart() else [message]:
        kind = part.get_content_type()
        if kind not in ("text/plain", "text/html") or part.get_filename():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset() or "utf-8"
        try:
            text = payload.decode(charset, errors="replace")
        except LookupError:
            text = payload.decode("utf-8", errors="replace")
        if kind == "text/plain":
            return text[:MAX_TEXT]
        html = html or _TAGS.sub(" ", text)
    return " ".join(html.split())[:MAX_TEXT]


def _attachments(message: Message) -> tuple[str, ...]:
    if not message.is_multipart():
        return ()
    return tuple(_decoded(p.get_filename()) for p in message.walk() if p.get_filename())


def _later_attachments(rest: bytes) -> tuple[str, ...]:
    """Names of attachments past the parsed part of a large mail, from their headers alone."""
    names = (n.decode("utf-8", errors="replace").strip() for n in _FILENAME.findall(rest))
    return tuple(_decoded(n) for n in names if n)


def auth_fields(message: Message | PlainMail) -> dict[str, str]:
    """The receiving server's verdicts, from the topmost (latest added) header of each kind."""
    fields: dict[str, str] = {}
    results = message.get_all("Authentication-Results") or []
    if results:
        text = " ".join(str(results[0]).split())
        fields["auth.by"] = sys.intern(text.split(";", 1)[0].strip()[:200])
        for method, verdict in _VERDICT.findall(text):
            fields.setdefault(f"auth.{method.lower()}", sys.intern(verdict.lower()))
    arc = message.get_all("ARC-Authentication-Results") or []
    if arc:
        for method, verdict in _VERDICT.findall(" ".join(str(arc[0]).split())):
            fields.setdefault(f"arc.{method.lower()}", verdict.lower())
    seal = message.get_all("ARC-Seal") or []
    if seal and (found := _CV.search(str(seal[0]))):
        fields["arc.cv"] = found.group(1).lower()
    return fields


def _event(
    raw: bytes, line: int, reading: Reading, is_owner: Callable[[str], bool] | None
) -> ContactEvent | None:
    locator = f"line {line}"
    parsed = plain_mail(raw[:MAX_PARSE])
    message: Message | PlainMail
    if parsed is not None:
        message = parsed
    else:
        try:
            message = message_from_bytes(raw[:MAX_PARSE], policy=policy.compat32)
        except Exception as error:  # noqa: BLE001 - the parser is lenient; anything it still raises is damage
            reading.gap(locator, "timeline.mail-damaged", detail=type(error).__name__)
            return None
    date = message.get("Date")
    try:
        when = mail_date(str(date)) if date else None
    except (TypeError, ValueError, IndexError):
        when = None
    if when is None:
        reading.gap(locator, "timeline.date-impossible")
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    display, sender = _address(_decoded(message.get("From")))
    sender = sender.lower()
    recipients = _recipients([_decoded(v) for k in ("To", "Cc") for v in message.get_all(k) or []])
    fields = auth_fields(message)
    if message.get("Message-ID"):
        fields["message_id"] = str(message.get("Message-ID")).strip()[:300]
    if display:
        fields["from_name"] = display[:200]
    direction = Direction.UNKNOWN
    if is_owner is not None:
        direction = Direction.OUTGOING if is_owner(sender) else Direction.INCOMING
    subject = _decoded(message.get("Subject"))
    attachments: tuple[str, ...] = ()
    if isinstance(message, PlainMail):
        body = message.text()
    else:
        body, attachments = _text(message), _attachments(message)
    reading.events += 1
    return ContactEvent(
        when=when,
        channel=Channel.MAIL,
        direction=direction,
        kind=EventKind.MAIL,
        sender=sender,
        recipients=recipients,
        content=(subject + "\n\n" + body).strip(),
        attachments=attachments + _later_attachments(raw[MAX_PARSE:]),
        source=SourceRef(reading.name, locator, reading.sha256),
        thread=subject[:200],
        fields=fields,
    )


def message_at(path: Path, line: int) -> bytes:
    """The raw bytes of the mail that starts at `line` (as a SourceRef gives it)."""
    reading = Reading(path, "", 0, "mail")
    for start, raw in _messages(path, reading, MAX_RAW):
        if start == line:
            return raw
    raise KeyError(line)


def reverify_dkim(raw: bytes, *, now: datetime | None = None) -> dict[str, str]:
    """Check the mail's DKIM signature again, fetching the signer's key from DNS now (online only).

    Returns {"dkim.reverified": "pass"|"fail"|"none", "dkim.checked_at": ISO time}. "fail" can mean
    the key was rotated since the mail was sent, not that the mail was forged.
    """
    import dkim  # dkimpy: only imported when a re-check is asked for

    checked = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    if b"dkim-signature:" not in raw[:MAX_MESSAGE].lower():
        return {"dkim.reverified": "none", "dkim.checked_at": checked}
    try:
        verdict = "pass" if dkim.verify(raw) else "fail"
    except Exception:  # noqa: BLE001 - dkimpy raises many kinds on damaged signatures and DNS trouble
        verdict = "fail"
    return {"dkim.reverified": verdict, "dkim.checked_at": checked}
