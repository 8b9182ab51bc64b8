"""CSV members read as text in any common encoding, streamed row by row; the fast path for access logs.

Knows no provider. Every failure is a DamagedInput with a sentence naming the file.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from typing import IO, Any, TypeVar

from checks.common.csv_records import records, well_formed
from checks.sessions.sources.streams import peek_head
from cybercheck.archive import Export
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

_CHUNK = 1 << 16


class Decoded:
    """A text stream over a member, with the encoding guessed from its first bytes."""

    def __init__(self, export: Export, name: str) -> None:
        raw, head = peek_head(export.open(name), 4)
        encoding = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
        self.text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        # NOTE: each chunk the text layer asks for is one pass through the zip reader's Python code;
        # 64 KiB rather than 8 KiB makes reading a large member a fifth faster.
        self.text._CHUNK_SIZE = _CHUNK  # type: ignore[attr-defined]  # CPython's chunk size, not in the stubs

    def __enter__(self) -> Decoded:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.text.close()


def csv_header(stream: IO[str]) -> tuple[list[str], str]:
    """The header row of a CSV text stream and its delimiter (comma, semicolon or tab, guessed from it)."""
    line = stream.readline()
    delimiter = max((",", ";", "\t"), key=line.count)
    return _one_record(csv.reader([line], delimiter=delimiter)), delimiter


def csv_rows(stream: IO[str], name: str) -> tuple[list[str], Iterator[list[str] | None]]:
    """The header of a CSV text stream (its delimiter guessed from it) and its records after it; None for
    a record that is not well-formed CSV (see checks.common.csv_records)."""
    header, delimiter = csv_header(stream)

    def rows() -> Iterator[list[str] | None]:
        try:
            for row, whole in records(stream, delimiter):
                yield row if whole else None
        except csv.Error as error:
            raise DamagedInput(text("sessions.csv-damaged", name=name), detail=f"csv: {error}") from None

    return header, rows()


T = TypeVar("T")


def memo_rows(
    stream: IO[str],
    delimiter: str,
    column: int,
    build: Callable[[list[str]], T],
    limit: int = 50_000,
    columns: int | None = None,
) -> Iterator[tuple[str, T]]:
    """Each record of a CSV text stream (after its header) as (its cell in `column`, build(record)).

    `build` must not depend on that cell: it runs once per distinct rest of the record while `limit` of
    them are remembered. Blank records are left out (with `columns`, only those as wide as the header: a
    spreadsheet's empty row; a line of a few empty cells is a damaged record, built as it is); a record the csv module cannot read, or reads only
    laxly (a quote in an odd place: see well_formed; a quote never closed, even with no cell filled), is built
    from [] with an empty cell.

    NOTE: an access log repeats the same address, device and product on row after row and only the time
    changes, and parsing every row with the csv module costs more than all the rest of a check. So a line
    whose cells up to `column` hold no quote is split by hand and the rest looked up; every other record,
    and every new rest, is read by the csv module itself.
    """
    lines = iter(stream)
    pending: list[str] = []
    consumed: list[str] = []  # the lines the csv module read its last record from

    def feed() -> Iterator[str]:
        while True:
            line = pending.pop() if pending else next(lines, None)
            if line is None:
                return
            consumed.append(line)
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
                elif any(row) or _misshapen(row, columns):
                    yield cell, build(row)
                continue
        pending.append(line)
        consumed.clear()
        try:
            row = next(reader, [])
        except csv.Error:  # a cell past the csv module's field limit
            yield "", build([])  # built from [], so that it is counted as unread
            continue
        # A record of nothing but a quote never closed (a file cut short inside its last record) is no blank line.
        if (any(row) or any('"' in line for line in consumed)) and not well_formed(consumed, delimiter):
            yield "", build([])
            continue
        if any(row) or _misshapen(row, columns):
            yield (row[column] if len(row) > column else ""), build(row)


def _misshapen(row: list[str], columns: int | None) -> bool:
    """A record of empty cells that is not as wide as the header (an empty line is no record)."""
    return columns is not None and 0 < len(row) != columns


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
