"""Reading export members safely: times, text in any common encoding, JSON streamed item by item.

Knows no provider. Every failure is a DamagedInput with a plain sentence naming the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import IO, Any, TypeVar

from cybercheck.archive import Export
from cybercheck.errors import DamagedInput

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_WORDY = re.compile(
    r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4}),? (\d{1,2}):(\d{2}):(\d{2})\s*([AaPp][Mm])?\s*(UTC|GMT|Z)?$"
)
_EPOCH_MS = 100_000_000_000  # larger than any epoch in seconds before the year 5000


EARLIEST = datetime(2000, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2100, 1, 1, tzinfo=timezone.utc)


def parse_time(value: object) -> datetime | None:
    """A time in UTC from an epoch number or a text form the exports use; None when not a time.

    Times before 2000 or after 2100 are not sign-ins in any export; they are damaged values.
    """
    moment = _parse_time(value)
    return moment if moment is not None and EARLIEST <= moment < LATEST else None


def _parse_time(value: object) -> datetime | None:
    if isinstance(value, bool) or value is None:
        return None
    # NOTE: isdecimal, not isdigit: "¹" is a digit that float() refuses.
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdecimal()):
        try:
            number = float(value)
            if number > _EPOCH_MS:
                number /= 1000
            return datetime.fromtimestamp(number, tz=timezone.utc) if number > 0 else None
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.endswith((" UTC", " GMT")):
        text = text[:-4] + "+00:00"
    elif text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return _wordy_time(value.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _wordy_time(text: str) -> datetime | None:
    """ "Jun 15, 2026, 7:40:10 AM UTC" -> a datetime in UTC."""
    found = _WORDY.match(text)
    if not found:
        return None
    month = _MONTHS.get(found.group(1).lower())
    hour = int(found.group(4))
    if found.group(7):
        hour = hour % 12 + (12 if found.group(7).lower() == "pm" else 0)
    try:
        return datetime(
            int(found.group(3)),
            month or 0,
            int(found.group(2)),
            hour,
            int(found.group(5)),
            int(found.group(6)),
            tzinfo=timezone.utc,
        )
    except ValueError:
        return None


def meta_text(value: object) -> str:
    """Text from a Meta export, mended: they write UTF-8 bytes as if each were a Latin-1 character."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    if value.isascii():
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


class Decoded:
    """A text stream over a member, with the encoding guessed from its first bytes."""

    def __init__(self, export: Export, name: str) -> None:
        self.name = name
        self.raw = export.open(name)
        head = self._peek(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            self.encoding = "utf-16"
        else:
            self.encoding = "utf-8-sig"
        self.text = io.TextIOWrapper(self.raw, encoding=self.encoding, errors="replace", newline="")
        # NOTE: each chunk the text layer asks for is one pass through the zip reader's Python code;
        # 64 KiB rather than 8 KiB makes reading a large member a fifth faster.
        self.text._CHUNK_SIZE = 1 << 16  # type: ignore[attr-defined]

    def _peek(self, size: int) -> bytes:
        buffered = io.BufferedReader(self.raw) if not hasattr(self.raw, "peek") else self.raw  # type: ignore[arg-type]
        self.raw = buffered
        return buffered.peek(size)[:size]  # type: ignore[union-attr]

    def close(self) -> None:
        """Close the member."""
        self.text.close()

    def __enter__(self) -> Decoded:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def csv_header(stream: IO[str]) -> tuple[list[str], str]:
    """The header row of a CSV text stream and its delimiter (comma, semicolon or tab, guessed from it)."""
    line = stream.readline()
    delimiter = max((",", ";", "\t"), key=line.count)
    return _one_record(csv.reader([line], delimiter=delimiter)), delimiter


def csv_rows(stream: IO[str], name: str = "The file") -> Iterator[list[str]]:
    """Rows of a CSV text stream, the header first; the delimiter guessed from the header."""
    header, delimiter = csv_header(stream)
    yield header
    try:
        yield from csv.reader(stream, delimiter=delimiter)
    except csv.Error as error:
        raise DamagedInput(
            f"{name} is damaged after its first part, so only that part was read.", detail=f"csv: {error}"
        ) from None


T = TypeVar("T")


def memo_rows(
    stream: IO[str], delimiter: str, column: int, build: Callable[[list[str]], T], limit: int = 50_000
) -> Iterator[tuple[str, T]]:
    """Each record of a CSV text stream (after its header) as (its cell in `column`, build(record)).

    `build` must not depend on that cell: it runs once per distinct rest of the record while `limit` of
    them are remembered. Blank records are left out; a record the csv module cannot read is built from [].

    NOTE: an access log repeats the same address, device and product on row after row and only the time
    changes, and parsing every row with the csv module costs more than all the rest of a check. So a line
    whose cells up to `column` hold no quote is split by hand and the rest looked up; every other record,
    and every new rest, is read by the csv module itself.
    """
    lines = iter(stream)
    pending: list[str] = []

    def feed() -> Iterator[str]:
        while True:
            if pending:
                yield pending.pop()
            else:
                line = next(lines, None)
                if line is None:
                    return
                yield line

    reader = csv.reader(feed(), delimiter=delimiter)
    built: dict[str, Any] = {}
    split_at = column + 1
    for line in lines:
        parts = line.split(delimiter, split_at)
        if len(parts) > split_at:
            cell = parts[column]
        elif len(parts) == split_at:  # the cell is the last on the line
            cell = parts[column].rstrip("\r\n")
        else:
            cell = '"'  # too few cells to split: the csv module reads it
        if '"' not in cell:
            parts[column] = ""
            key = delimiter.join(parts)  # the line without the cell: one string hashes faster than a tuple
            try:
                value = built[key]  # a rest seen before was checked then: only the cell can bring a quote now
            except KeyError:
                row = _whole_line(line, parts, column, delimiter)
            else:
                yield cell, value
                continue
            if row is not None:
                if any(row[:column]) or any(row[column + 1 :]):
                    value = build(row)
                    if len(built) >= limit:
                        built.clear()
                    built[key] = value  # NOTE: only a rest with something in it, so that a hit is never blank
                    yield cell, value
                elif any(row):
                    yield cell, build(row)
                continue
        pending.append(line)
        try:
            row = next(reader, [])
        except csv.Error:  # a cell past the csv module's field limit: built from [], so it is counted as unread
            yield "", build([])
            continue
        if any(row):
            yield (row[column] if len(row) > column else ""), build(row)


def _whole_line(line: str, parts: list[str], column: int, delimiter: str) -> list[str] | None:
    """The record a line holds when it is one whole, well-formed record with no quote in its cells up to
    `column` (so splitting it by hand was right); None otherwise."""
    rest = len(line) - len(parts[-1]) if len(parts) > column + 1 else len(line)
    if 0 <= line.find('"') < rest:
        return None
    try:
        return next(csv.reader((line,), delimiter=delimiter, strict=True), [])
    except csv.Error:
        return None


def _one_record(reader: Iterator[list[str]]) -> list[str]:
    try:
        return next(reader, [])
    except csv.Error:
        return []


def looks_like_html(head: bytes) -> bool:
    """Whether a member that should be data is in fact a web page (a failed download, an error page)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<"))


def json_records(stream: IO[bytes], name: str) -> Iterator[tuple[str, Any]]:
    """Every item of every list in a JSON document, streamed: (where, item).

    `where` is the dotted path of the list ("account_activity_v2", "" for a top-level list).
    Objects that are not in a list are yielded once as (path, object) when they sit at the top.
    """
    import ijson

    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type]
    head = buffered.peek(512)[:512]  # type: ignore[union-attr]
    if looks_like_html(head):
        raise DamagedInput(
            f"{name} is a web page, not the data file it should be; the download may have gone wrong. "
            "Download the export again."
        )
    try:
        yield from _walk(ijson.basic_parse(buffered, use_float=True))
    except (ijson.JSONError, UnicodeDecodeError) as error:
        raise DamagedInput(
            f"{name} is damaged or cut short, so only its first part was read.",
            detail=f"{type(error).__name__}: {str(error)[:200]}",
        ) from None


MAX_NESTING = 256  # real exports nest a dozen levels; deeper is damage, and is stopped before it costs memory


def _walk(events: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    """Records from ijson's basic events: the path is kept here (ijson's own prefixes grow with the
    square of the depth), and nesting past MAX_NESTING ends the read as damage."""
    import ijson
    import ijson.common

    builder: ijson.common.ObjectBuilder | None = None
    depth = 0
    where = ""
    stack: list[list[Any]] = []  # per open container: [is_map, current key]
    for event, value in events:
        if builder is not None:
            builder.event(event, value)
            if event in ("start_map", "start_array"):
                depth += 1
                if depth + len(stack) > MAX_NESTING:
                    raise ijson.JSONError("nested too deeply")
            elif event in ("end_map", "end_array"):
                depth -= 1
            if depth == 0:
                yield where, builder.value
                builder = None
            continue
        if event == "map_key":
            stack[-1][1] = value
            continue
        if event in ("end_map", "end_array"):
            stack.pop()
            continue
        if stack and not stack[-1][0]:  # an item of a list
            parent = ".".join(str(key) if is_map else "item" for is_map, key in stack[:-1])
            # only items of lists at the top or one object down (Meta, X) are records
            if parent.count(".") <= 1 and ".item" not in "." + parent:
                where = parent
                builder = ijson.common.ObjectBuilder()
                builder.event(event, value)
                depth = 1 if event in ("start_map", "start_array") else 0
                if depth == 0:
                    yield where, builder.value
                    builder = None
                continue
        if event in ("start_map", "start_array"):
            stack.append([event == "start_map", None])
            if len(stack) > MAX_NESTING:
                raise ijson.JSONError("nested too deeply")


class _Rest(io.RawIOBase):
    """A stream that first returns `head`, then the rest of `inner`."""

    def __init__(self, head: bytes, inner: IO[bytes]) -> None:
        self._head = head
        self._inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        view = memoryview(buffer)
        if self._head:
            size = min(len(view), len(self._head))
            view[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        chunk = self._inner.read(len(view))
        view[: len(chunk)] = chunk
        return len(chunk)


def strip_js_prefix(stream: IO[bytes], name: str) -> IO[bytes]:
    """The JSON part of an X archive file: `window.YTD.ip_audit.part0 = [...]` without the prefix."""
    head = stream.read(512)
    if looks_like_html(head):
        raise DamagedInput(
            f"{name} is a web page, not the data file it should be; download the archive again."
        )
    found = re.match(rb"\s*(?:\xef\xbb\xbf)?\s*window\.[A-Za-z0-9_.$\[\]'\"]+\s*=\s*", head)
    rest = head[found.end() :] if found else head
    return io.BufferedReader(_Rest(rest, stream))
