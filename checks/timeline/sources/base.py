"""What every source shares: the file's hash, a log of gaps and notes, and line-by-line decoding."""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import IO

from checks.timeline.api import Gap, Note

# One shared empty mapping for the many events that record no fields (saves a dict per event).
NO_FIELDS: Mapping[str, str] = MappingProxyType({})
MAX_LINE = 4 * 1024 * 1024  # bytes of one line kept
MAX_GAPS = 50  # per file: after this many, one more gap says how many more lines were affected


@dataclass
class Reading:
    """What a source learned about one file while reading it: its hash, gaps and notes."""

    path: Path
    sha256: str
    size: int
    kind: str
    events: int = 0
    gaps: list[Gap] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    _more_gaps: int = 0

    @classmethod
    def of(cls, path: Path, kind: str) -> Reading:
        """Hash the file first (in chunks), so every event can carry the hash of what was read."""
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        return cls(path=path, sha256=digest.hexdigest(), size=size, kind=kind)

    @property
    def name(self) -> str:
        """The file as events name it."""
        return str(self.path)

    def gap(self, locator: str, key: str, detail: str = "", **fields: object) -> None:
        """Record something that could not be read (capped per file)."""
        if len(self.gaps) >= MAX_GAPS:
            self._more_gaps += 1
            return
        self.gaps.append(Gap(self.name, locator, key, {k: str(v) for k, v in fields.items()}, detail))

    def note(self, key: str, **fields: object) -> None:
        """Record how the file was read, for the reader."""
        self.notes.append(Note(self.name, key, {k: str(v) for k, v in fields.items()}))

    def finish(self) -> None:
        """Close the log: one gap that counts what was past the cap."""
        if self._more_gaps:
            self.gaps.append(Gap(self.name, "", "timeline.gaps-more", {"count": str(self._more_gaps)}))
            self._more_gaps = 0


def _decoder_for(head: bytes) -> tuple[str, int]:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 0
    return "utf-8", 0


def text_lines(stream: IO[bytes], reading: Reading, where: str = "") -> Iterator[tuple[int, str]]:
    """(line number from 1, text without the line end) for each line of a text file, streamed.

    A line that is not valid text in the file's encoding is read with replacement characters and
    recorded as a gap, so the rest of the file is still read. UTF-8 (with or without BOM) and UTF-16
    with a BOM are understood.
    """
    number = 0
    for block in text_blocks(stream, reading, where):
        for line in block.split("\n"):
            number += 1
            yield number, line.rstrip("\r")


def text_blocks(stream: IO[bytes], reading: Reading, where: str = "") -> Iterator[str]:
    """The file's text as blocks of whole lines joined by "\\n" (each line as text_lines reads it, its
    "\\r" still on), so a reader can look through many lines in one call."""
    head = stream.read(4)
    encoding, skip = _decoder_for(head)
    if encoding == "utf-16":
        for _, line in _utf16_lines(_Prefixed(head, stream)):
            yield line
        return
    number = 0
    for block in _line_blocks(head[skip:], stream):
        try:  # a whole block of lines decoded at once; only a block with bad bytes goes line by line
            text = block.decode("utf-8")
        except UnicodeDecodeError:
            text = "\n".join(
                _decoded_line(raw, reading, where, number + i) for i, raw in enumerate(block.split(b"\n"), 1)
            )
        number += text.count("\n") + 1
        yield text


def _decoded_line(raw: bytes, reading: Reading, where: str, number: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        reading.gap(_line(where, number), "timeline.line-not-text", detail=str(error))
        return raw.decode("utf-8", errors="replace")


def _line_blocks(first: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    """The file as blocks of whole lines (each without its last newline), read a megabyte at a time.

    A line longer than MAX_LINE is cut there, and still counts as one line.
    """
    pending, skipping = first, False
    while True:
        chunk = stream.read(1 << 20)
        if skipping:  # inside a line already cut: drop up to its end
            end = chunk.find(b"\n")
            if end < 0 and chunk:
                continue
            skipping, chunk = False, chunk[end:] if end >= 0 else b""
        data = pending + chunk
        if not chunk:
            if data:
                yield data
            return
        cut = data.rfind(b"\n")
        if cut < 0:
            pending = data
            if len(pending) > MAX_LINE:
                pending, skipping = pending[:MAX_LINE], True
            continue
        yield data[:cut]
        pending = data[cut + 1 :]


def _utf16_lines(stream: _Prefixed) -> Iterator[tuple[int, str]]:
    # NOTE: split on "\n" only; str.splitlines would also split on \x1c-\x1e, \x85 and U+2028,
    # and the line numbers would no longer be the file's.
    decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
    number, pending = 0, ""
    while True:
        chunk = stream.read(1 << 16)
        pending += decoder.decode(chunk, final=not chunk)
        *complete, pending = pending.split("\n")
        pending = pending[:MAX_LINE]  # a longer line is cut, but still counted as one line
        for line in complete:
            number += 1
            yield number, line.rstrip("\r")
        if not chunk:
            break
    if pending:
        yield number + 1, pending.rstrip("\r")


def _line(where: str, number: int) -> str:
    return f"{where}, line {number}" if where else f"line {number}"


class _Prefixed:
    """A binary stream with some bytes already read put back in front."""

    def __init__(self, head: bytes, inner: IO[bytes]) -> None:
        self.head = head
        self.inner = inner

    def read(self, size: int = -1) -> bytes:
        if self.head:
            if size < 0:
                data, self.head = self.head + self.inner.read(), b""
                return data
            data, self.head = self.head[:size], self.head[size:]
            if len(data) < size:
                data += self.inner.read(size - len(data))
            return data
        return self.inner.read(size)


def line_locator(where: str, number: int) -> str:
    """The locator of a line, inside an archive member when `where` names one."""
    return _line(where, number)
