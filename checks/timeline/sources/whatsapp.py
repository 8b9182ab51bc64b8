"""WhatsApp "Export chat": the .txt, or the .zip with media, from Android and iPhone.

Layouts read (checked against real exports, tests/realworld/timeline/):
  Android  "18/03/2022, 15:10 - Name: text"          (12- or 24-hour; "-" separator)
  iPhone   "[3/27/22, 21:41:55] Name: text"            (seconds; may start with U+200E)
  others   "13.06.18 21.25.15: Name: text", "[2019-12-24, 12:23] Name: text", "3/6/18, 1:55 p.m. - ..."
Lines that do not start with a date continue the message before. A line with a date but no
"Name:" is a system notice (group changes, encryption notice) and is not a contact.

The date order (day/month or month/day) is decided from the whole file: a first number over 12
means day first, a second number over 12 means month first; when no number says it, the order
under which the dates run forward is chosen, and when neither does, day first is used and a gap
says the dates may be read wrongly (TimelineInput.date_order settles it).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from checks.timeline.records import Channel, ContactEvent, Direction, EventKind, SourceRef
from checks.timeline.sources.base import NO_FIELDS, Reading, line_locator, text_blocks
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff"
_MARKS_SPACE = _MARKS + " "
_HEAD_START = "[" + _MARKS  # what a header line may start with, besides a digit
_HEADER = re.compile(
    rf"^[{_MARKS}]*\[?"
    r"(?P<a>\d{1,4})[./\-]\s?(?P<b>\d{1,2})[./\-]\s?(?P<c>\d{1,4})\.?(?: BE)?[,\u060c]?\s(?:klo\s)?"
    r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?"
    r"(?:\s?(?P<ampm>[AaPp]\.?\s?[Mm]\.?|午前|午後|\u0635|\u0645))?"
    r"(?:\]\s?|\s[-\u2013]\s|:\s|\s)"
    r"(?P<rest>.*)$"
)
# The same header found in a block of many lines (no "\\r" and no marks or Arabic digits in it): "^" at
# each line's start, and no white space that could reach into the next line. Only the date is taken.
_HEADER_LINES = re.compile(
    _HEADER.pattern.replace(r"\s", r"[^\S\n]")
    .replace("(?P<h>", "(?:")
    .replace("(?P<m>", "(?:")
    .replace("(?P<s>", "(?:")
    .replace("(?P<ampm>", "(?:")
    .replace("(?P<rest>", "(?:"),
    re.MULTILINE,
)
# "Name: text" after the header; a line with a date but no such name is a system notice.
_SENDER = r"(?P<sender>[^:\"\u201c\u201d]{1,100}?): ?(?P<text>.*)"
# The header and, when the rest of the line names a sender, the sender and text, in one match: the
# header is matched as _HEADER matches it, then the sender form is tried on the rest before anything.
_MESSAGE = re.compile(_HEADER.pattern.replace("(?P<rest>.*)$", f"(?P<rest>(?:{_SENDER}|.*))$"))
_DIGITS_MARKS = re.compile(r"[\u200e\u200f](?=[\d\u0660-\u0669/.\-,\u060c\s])")
_ODD_HEAD = re.compile(r"[\u200e\u200f\u0660-\u0669]")
_ARABIC_DIGITS = str.maketrans("\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669", "0123456789")
_ATTACHED = re.compile(r"<attached: (?P<name>[^>]+)>")
_FILE_ATTACHED = re.compile(r"^(?P<name>\S.*?\.\w{2,5}) \(file attached\)$")
_OMITTED = re.compile(
    r"^<[^<>]{3,40}>$|^(image|video|audio|sticker|gif|document|contact card) omitted$", re.I
)
MAX_TEXT = 64 * 1024  # characters kept of one message
SHORT = 60  # characters: the longest call or "omitted" notice is far shorter
MAX_NOTICE = 500  # characters: a group notice names a group (at most 100) and a few people
SEQUENCE_EVIDENCE = 2  # backward jumps under the other order before the sequence decides
MAX_MEMBER = 2 * 1024**3  # the chat text inside a zip, uncompressed


LAYOUT = Path(__file__).resolve().parent.parent / "data" / "whatsapp-layout.yaml"


@dataclass(frozen=True, slots=True)
class _AppWords:
    missed: re.Pattern[str]
    call: re.Pattern[str]
    system: re.Pattern[str]
    blocked: re.Pattern[str]
    prefixes: tuple[str, ...]


@lru_cache(maxsize=1)
def _app_words() -> _AppWords:
    from cybercheck.yamldata import load_yaml

    data = load_yaml(LAYOUT.read_text(encoding="utf-8"))
    flags = re.IGNORECASE
    return _AppWords(
        re.compile(data["missed_call"], flags),
        re.compile(data["call"], flags),
        re.compile(data["system"], flags),
        re.compile(data["blocked"], flags),
        tuple(data["file_prefixes"]),
    )


# A message line's header: the date's three numbers, hour, minute, second, the rest of the line, and
# the sender and text when the rest names a sender (else None).
_Header = tuple[int, int, int, int, int, int, str, str | None, str | None]


def read_whatsapp(
    path: Path,
    reading: Reading,
    *,
    local: tzinfo,
    owner: tuple[str, ...] = (),
    date_order: str | None = None,
    is_owner: Callable[[str], bool] | None = None,
) -> Iterator[ContactEvent]:
    """Every message and call in a WhatsApp export (.txt or .zip), streamed in file order.

    `date_order` is "dmy" or "mdy" when the user knows it; otherwise it is decided from the file.
    `is_owner` tells the user's own sender name from others (direction); without it, UNKNOWN.
    """
    del owner  # the caller turns the owner's identifiers into is_owner
    with _chat_text(path, reading) as (opener, where, attachments_present):
        order = date_order or _decide_order(opener, reading, where)
        thread = _thread_name(path, where)
        before = reading.events
        yield from _events(opener, reading, where, order, local, thread, is_owner, attachments_present)
        if reading.events == before and reading.size:
            reading.gap("", "timeline.whatsapp-layout-unknown")


@contextmanager
def _chat_text(path: Path, reading: Reading) -> Iterator[tuple[Callable[[], IO[bytes]], str, frozenset[str]]]:
    if not zipfile.is_zipfile(path):
        if path.suffix.lower() == ".zip":
            raise DamagedInput(text("timeline.zip-unreadable"), detail=path.name)
        yield (lambda: path.open("rb")), "", frozenset()
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise DamagedInput(text("timeline.zip-unreadable"), detail=str(error)) from None
    with archive:
        texts = [i for i in archive.infolist() if i.filename.lower().endswith(".txt") and not i.is_dir()]
        texts.sort(
            key=lambda i: (i.filename != "_chat.txt", not i.filename.startswith("WhatsApp"), i.filename)
        )
        if not texts:
            raise DamagedInput(text("timeline.whatsapp-zip-no-chat"), detail=path.name)
        chat = texts[0]
        if chat.file_size > MAX_MEMBER:
            raise DamagedInput(text("timeline.too-big"), detail=f"{chat.filename}: {chat.file_size} bytes")
        media = frozenset(i.filename for i in archive.infolist() if i is not chat)
        yield (lambda: archive.open(chat)), chat.filename, media


def _dates(
    opener: Callable[[], IO[bytes]], reading: Reading, where: str
) -> Iterator[tuple[int, int, int, bool]]:
    """The three numbers of each message line's date (and whether the year comes first), for the order.

    A date repeated on the next message line is given once (it cannot change the order decided).
    """
    previous: tuple[int, int, int, bool] | None = None
    with opener() as stream:
        for block in text_blocks(stream, reading, where):
            if "\r" in block or _ODD_HEAD.search(block):
                lines = (line.rstrip("\r") for line in block.split("\n"))
                found = [(m["a"], m["b"], m["c"]) for m in map(_date_match, lines) if m is not None]
            else:
                found = _HEADER_LINES.findall(block)
            for (a, b, c), _ in groupby(found):
                date = int(a), int(b), int(c), len(a) == 4
                if date != previous:
                    previous = date
                    yield date


def _date_match(line: str) -> re.Match[str] | None:
    """The header of one line (its date, time and the rest), if it has one."""
    if not line or not (line[0].isdigit() or line[0] in _HEAD_START):
        return None
    if _ODD_HEAD.search(line, 0, 48):
        line = _DIGITS_MARKS.sub("", line[:48]).translate(_ARABIC_DIGITS) + line[48:]
    return _HEADER.match(line)


def _parse_header(line: str, odd: bool = True) -> _Header | None:
    """A message line's header, or None. `odd`: the line may hold marks or Arabic digits in its date."""
    if not line or not (line[0].isdigit() or line[0] in _HEAD_START):
        return None
    if odd and _ODD_HEAD.search(line, 0, 48):  # Arabic layouts: marks between the digits, Arabic-Indic digits
        line = _DIGITS_MARKS.sub("", line[:48]).translate(_ARABIC_DIGITS) + line[48:]
    match = _MESSAGE.match(line)
    if match is None:
        return None
    a, b, c, h, m, s, ampm, rest, sender, text = match.groups()
    hour, minute, second = int(h), int(m), int(s or 0)
    if ampm:
        ampm = ampm.replace(".", "").replace(" ", "").lower()
        if ampm in ("pm", "午後", "\u0645") and hour < 12:
            hour += 12
        elif ampm in ("am", "午前", "\u0635") and hour == 12:
            hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return int(a), int(b), int(c), hour, minute, second, rest, sender, text


def _decide_order(opener: Callable[[], IO[bytes]], reading: Reading, where: str) -> str:
    day_first = month_first = False
    backwards = {"dmy": 0, "mdy": 0}
    previous: dict[str, tuple[int, int, int]] = {}
    scratch = Reading(reading.path, reading.sha256, reading.size, reading.kind)  # gaps counted once, later
    for first, second, third, year_first in _dates(opener, scratch, where):
        if year_first:
            return "ymd"
        day_first |= first > 12
        month_first |= second > 12
        for order in ("dmy", "mdy"):
            key = _ymd((first, second, third), order)
            if order in previous and key < previous[order]:
                backwards[order] += 1
            previous[order] = key
    if day_first and not month_first:
        return "dmy"
    if month_first and not day_first:
        return "mdy"
    if day_first and month_first:
        reading.gap("", "timeline.whatsapp-dates-mixed")
        return "dmy"
    fewer, more = sorted(backwards.values())
    if fewer == 0 and more >= SEQUENCE_EVIDENCE:  # one order keeps time running forward, the other jumps back
        chosen = "dmy" if backwards["dmy"] == 0 else "mdy"
        reading.note("timeline.whatsapp-order-from-sequence", order=chosen)
        return chosen
    if previous:
        reading.gap("", "timeline.whatsapp-order-undecided", order="dmy")
    return "dmy"


def _ymd(parts: tuple[int, int, int], order: str) -> tuple[int, int, int]:
    a, b, c = parts
    if order == "ymd":
        return a, b, c
    year = c + 2000 if c < 100 else c
    return (year, b, a) if order == "dmy" else (year, a, b)


def _thread_name(path: Path, where: str) -> str:
    stem = path.stem if not where or where == "_chat.txt" else Path(where).stem
    for prefix in _app_words().prefixes:
        if stem.startswith(prefix):
            return stem[len(prefix) :]
    return stem


def _events(
    opener: Callable[[], IO[bytes]],
    reading: Reading,
    where: str,
    order: str,
    local: tzinfo,
    thread: str,
    is_owner: Callable[[str], bool] | None,
    present: frozenset[str],
) -> Iterator[ContactEvent]:
    pending: list[Any] | None = None  # [when, number, sender, text parts, whether cut]
    names: dict[str, str] = {}  # one string per sender name, not one per message
    with opener() as stream:
        utf16 = stream.read(2) in (b"\xff\xfe", b"\xfe\xff")
    # Made once for every message of the file.
    made = _Making(reading, where, thread, is_owner, present)
    with opener() as stream:
        number = 0
        for block in text_blocks(stream, reading, where):
            odd = _ODD_HEAD.search(block) is not None  # most blocks: no marks or Arabic digits at all
            for line in block.split("\n") if "\r" not in block else _rstripped(block):
                number += 1
                # WhatsApp writes no NUL; U+FFFD: bytes that were not text (in UTF-8 such lines are gaps already)
                if "\x00" in line or (utf16 and "\ufffd" in line):
                    reading.gap(line_locator(where, number), "timeline.line-not-text")
                header = _parse_header(line, odd)
                if header is None:
                    if pending is not None:
                        _add_line(pending, line, reading, where, number)
                    elif line.strip():
                        reading.gap(line_locator(where, number), "timeline.whatsapp-line-unknown")
                    continue
                if pending is not None:
                    event = _event(pending, made)
                    if event is not None:
                        yield event
                    pending = None
                when = _when(header, order, local)
                if when is None:
                    reading.gap(line_locator(where, number), "timeline.date-impossible")
                    continue
                sender, first = header[7], header[8]
                if sender is None or first is None:
                    rest = header[6]
                    if len(rest) > MAX_NOTICE:  # no notice is this long: a message whose sender was damaged
                        reading.gap(line_locator(where, number), "timeline.whatsapp-line-damaged")
                    elif made.words.blocked.search(rest):
                        reading.note("timeline.whatsapp-blocked-seen", when=when.isoformat())
                    continue  # a system notice: not a contact
                name = sender.strip(_MARKS_SPACE)
                pending = [when, number, names.setdefault(name, name), [first], False]
                if len(first) > MAX_TEXT:
                    pending[3] = []
                    _add_line(pending, first, reading, where, number)
        if pending is not None:
            event = _event(pending, made)
            if event is not None:
                yield event


def _rstripped(block: str) -> list[str]:
    """The lines of a block without the "\\r" of a Windows line end."""
    return [line.rstrip("\r") for line in block.split("\n")]


def _add_line(pending: list[object], line: str, reading: Reading, where: str, number: int) -> None:
    """One more line of a message, kept up to MAX_TEXT characters in all; past that the message is cut,
    which is a gap (WhatsApp lets nobody send more, so the file is damaged there)."""
    texts, cut = pending[3], pending[4]
    assert isinstance(texts, list)
    if cut:
        return
    room = MAX_TEXT - sum(len(t) for t in texts) - len(texts)  # a line break joins each line to the last
    if len(line) > room:
        reading.gap(line_locator(where, number), "timeline.whatsapp-message-cut", most=f"{MAX_TEXT:,}")
        line = line[: max(room, 0)]
        pending[4] = True
    texts.append(line)


def _when(header: _Header, order: str, local: tzinfo) -> datetime | None:
    a, b, c = header[0], header[1], header[2]  # read as _ymd reads them
    if order == "ymd":
        year, month, day = a, b, c
    elif order == "dmy":
        year, month, day = (c + 2000 if c < 100 else c), b, a
    else:
        year, month, day = (c + 2000 if c < 100 else c), a, b
    if year > 2400:  # the Thai Buddhist calendar of some iPhones
        year -= 543
    try:
        return datetime(year, month, day, header[3], header[4], header[5], tzinfo=local)
    except ValueError:
        return None


class _Making:
    """What every event of one file shares, made once."""

    __slots__ = ("is_owner", "name", "place", "present", "reading", "short", "thread", "words")

    def __init__(
        self,
        reading: Reading,
        where: str,
        thread: str,
        is_owner: Callable[[str], bool] | None,
        present: frozenset[str],
    ) -> None:
        self.reading, self.thread, self.is_owner, self.present = reading, thread, is_owner, present
        self.name = reading.name  # the file as events name it
        self.place = line_locator(where, 0)[:-1]  # "line " or "member, line ": how each place starts
        self.words = words = _app_words()
        # Whether a short text can be a call or a "media omitted" notice at all: one look instead of three.
        short = f"(?:{words.missed.pattern})|(?:{words.call.pattern})|(?:{_OMITTED.pattern})"
        self.short = re.compile(short, re.IGNORECASE)


def _event(pending: list[Any], made: _Making) -> ContactEvent | None:
    when: datetime = pending[0]
    number: int = pending[1]
    sender: str = pending[2]
    texts: list[str] = pending[3]
    text = "\n".join(texts) if len(texts) > 1 else texts[0]
    bare = text.strip(_MARKS_SPACE)
    words = made.words
    if text[:1] in _MARKS and words.system.search(bare) and len(texts) == 1:
        if words.blocked.search(bare):
            made.reading.note("timeline.whatsapp-blocked-seen", when=when.isoformat())
        return None
    kind = EventKind.MESSAGE
    fields: dict[str, str] = {}
    # Calls and "omitted" notices are short, and one look says whether this text can be one at all.
    maybe = len(bare) <= SHORT and made.short.match(bare) is not None
    if maybe and words.missed.match(bare):
        kind, fields["call"] = EventKind.MISSED_CALL, "missed"
    elif maybe and words.call.match(bare):
        kind, fields["call"] = EventKind.CALL, "answered"
    attachments: list[str] = []
    if "<attached: " in text:
        attachments.extend(m["name"].strip() for m in _ATTACHED.finditer(text))
    if bare.endswith(")") and (attached := _FILE_ATTACHED.match(bare)) is not None:
        attachments.append(attached["name"])
    if maybe and _OMITTED.match(bare):
        fields["media"] = "omitted"
    if made.present and attachments:
        fields["attachments_in_export"] = str(
            sum(1 for a in attachments if any(p.endswith(a) for p in made.present))
        )
    direction = Direction.UNKNOWN
    if made.is_owner is not None:
        direction = Direction.OUTGOING if made.is_owner(sender) else Direction.INCOMING
    reading = made.reading
    reading.events += 1
    return ContactEvent(
        when,
        Channel.WHATSAPP,
        direction,
        kind,
        sender,
        (),
        text.strip(_MARKS),
        tuple(attachments) if attachments else (),
        SourceRef(made.name, f"{made.place}{number}", reading.sha256),
        made.thread,
        fields or NO_FIELDS,
    )
