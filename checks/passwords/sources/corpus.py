"""The downloaded Pwned Passwords corpus, searched offline in either layout of the official downloader.

- one file sorted by hash, `HASH:COUNT` lines (LF or CRLF): searched in place through a
  memory map, never loaded whole;
- a folder of files named by five-hex prefix (`21BD1.txt`), each holding `SUFFIX:COUNT` lines.

SHA-1 (40 hex) and NTLM (32 hex) corpora are told apart by their lines.
"""

from __future__ import annotations

import bisect
import mmap
import os
import re
from collections.abc import Sequence
from pathlib import Path

from checks.passwords.hashing import HASHERS, HEX_LENGTH
from checks.passwords.records import Lookup
from checks.passwords.sources.range_api import PREFIX, parse_range
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

_FULL_LINE = re.compile(rb"^([0-9A-Fa-f]{32}|[0-9A-Fa-f]{40}):([0-9]+)\r?$")
_PREFIX_FILE = re.compile(r"^[0-9A-Fa-f]{5}\.txt$")
# Line starts sampled when a file is opened: one per 8 KiB, at least 32 and at most 4,096
# (a few hundred milliseconds of reading for the full 40 GB list on a cold disk), or two per
# planned lookup for a big batch, up to 65,536, so that the sampling pays for itself.
_MIN_POINTS, _MAX_POINTS, _BYTES_PER_POINT, _MOST_POINTS = 32, 4096, 8 * 1024, 65536
_WINDOW = 8192  # below this many bytes, the search reads the window directly
MAX_RANGE_FILE = 4 * 1024**2
# The smallest release of the whole list (version 1, 2017) held 320 million hashes; today's
# holds over 900 million. A file with far fewer lines is an excerpt: a hash missing from it may
# well be in the list, so "not found" is a gap there, never a clean answer.
FULL_LIST_LEAST = 300_000_000


class CorpusGap(DamagedInput):
    """The corpus cannot say whether one hash is in it (a missing or damaged part)."""


class SortedCorpus:
    """One file of `HASH:COUNT` lines sorted by hash, searched through a memory map."""

    def __init__(self, path: Path, *, lookups: int = 0) -> None:
        self.path = path
        self._points = min(_MOST_POINTS, max(_MAX_POINTS, 2 * lookups))
        try:
            self._file = path.open("rb")
            size = path.stat().st_size
            if size == 0:
                raise DamagedInput(text("passwords.corpus-empty", name=path.name))
            self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
        except OSError as error:
            reason = error.strerror or text("passwords.unreadable")
            raise DamagedInput(text("passwords.corpus-unreadable", name=path.name, reason=reason)) from None
        self.size = size
        first = self._map[: self._map.find(b"\n") if self._map.find(b"\n") >= 0 else size]
        match = _FULL_LINE.match(first)
        if match is None:
            self.close()
            raise DamagedInput(text("passwords.corpus-not-hashes", name=path.name))
        self.width = len(match.group(1))
        self.kind = "SHA-1" if self.width == 40 else "NTLM"
        self._lower = match.group(1) != match.group(1).upper()
        self.truncated, self._last_key, self._limit = self._check_end()
        self.lines = size // (len(first.rstrip(b"\r")) + 2 if first.endswith(b"\r") else len(first) + 1)
        self._build_index()

    def _line_at(self, position: int) -> tuple[int, int]:
        start = self._map.rfind(b"\n", 0, position) + 1
        end = self._map.find(b"\n", position)
        return start, self.size if end < 0 else end

    def _check_end(self) -> tuple[bool, bytes, int]:
        """Whether the file was cut short, the highest hash it vouches for, and where whole lines end."""
        end = self.size - 1 if self._map[self.size - 1 : self.size] == b"\n" else self.size
        start = self._map.rfind(b"\n", 0, end) + 1
        if _FULL_LINE.match(self._map[start:end]):
            return False, self._map[start : start + self.width], self.size
        # The file ends in the middle of a line: it was cut short. The last whole line before it
        # is the highest hash we can vouch for.
        before = self._map.rfind(b"\n", 0, max(start - 1, 0)) + 1
        return True, self._map[before : before + self.width], max(start, 1)

    def _build_index(self) -> None:
        """Sample line starts evenly through the file: the search starts in the right stretch, and
        the samples show whether the file is sorted at all."""
        points = max(_MIN_POINTS, min(self._points, self._limit // _BYTES_PER_POINT))
        starts: list[int] = []
        keys: list[bytes] = []
        for i in range(points + 1):
            start, _ = self._line_at(min(self._limit - 1, i * (self._limit // points)))
            if starts and start == starts[-1]:
                continue
            starts.append(start)
            keys.append(self._map[start : start + self.width].upper())
        if keys != sorted(keys):
            self.close()
            raise DamagedInput(text("passwords.corpus-unsorted", name=self.path.name))
        if self._lower:
            keys = [k.lower() for k in keys]
        self._starts, self._keys, self._values = starts, keys, [_value(k) for k in keys]

    def count(self, full_hash: str) -> int:
        """How often the hash was seen; 0 when absent; CorpusGap when this file cannot tell."""
        target = (full_hash.lower() if self._lower else full_hash.upper()).encode("ascii")
        position = self._find(target)
        if position < 0:
            if self.truncated and target > self._last_key:
                raise CorpusGap(text("passwords.corpus-cut-short", name=self.path.name))
            return 0
        end = self._map.find(b"\n", position)
        count = self._map[position + self.width : self.size if end < 0 else end].rstrip(b"\r")
        if count[:1] != b":" or not count[1:].isdigit():
            raise CorpusGap(text("passwords.corpus-damaged-part", name=self.path.name))
        return int(count[1:])

    def _find(self, target: bytes) -> int:
        # The sampled index gives the stretch the hash must be in. Inside it, interpolation
        # search (hashes are spread evenly): guess where the hash should be, then gallop past the
        # guess, from about the expected error upwards, until the hash is bracketed; each round
        # shrinks the window from n lines to about sqrt(n), and a skewed file still costs only
        # O(log n) probes a round. A small window is scanned directly.
        point = bisect.bisect_right(self._keys, target) - 1
        if point < 0:
            lo, lo_value = 0, 0
        else:
            lo, lo_value = self._starts[point], self._values[point]
            if self._keys[point] == target:
                return lo
        if point + 1 < len(self._starts):
            hi, hi_value = self._starts[point + 1], self._values[point + 1]
        else:
            hi, hi_value = self.size, 16**16
        want = int(target[:16], 16)
        line = self.width + 8  # bytes per line, near enough
        while hi - lo > _WINDOW:
            if hi_value > lo_value:
                share = min(max((want - lo_value) / (hi_value - lo_value), 0.0), 1.0)
                guess = lo + int(share * (hi - lo))
            else:
                guess = (lo + hi) // 2
            start, end, key = self._probe(min(max(guess, lo), hi - 1))
            if key == target:
                return start
            below = key < target
            if below:
                lo, lo_value = min(end + 1, hi), _value(key)
            else:
                hi, hi_value = start, _value(key)
            step = line * max(_WINDOW // (4 * line), int(2 * ((hi - lo) / line) ** 0.5))
            while hi - lo > _WINDOW:
                other = lo + step if below else hi - step
                if not lo < other < hi:
                    break
                start, end, key = self._probe(other)
                if key == target:
                    return start
                if key < target:
                    lo, lo_value = min(end + 1, hi), _value(key)
                else:
                    hi, hi_value = start, _value(key)
                if (key < target) != below:
                    break  # bracketed
                step *= 2
        found = self._map.find(target, lo, hi)
        while found > 0 and self._map[found - 1 : found] != b"\n":
            found = self._map.find(target, found + 1, hi)
        return found

    def _probe(self, position: int) -> tuple[int, int, bytes]:
        start, end = self._line_at(position)
        return start, end, self._map[start : start + self.width]

    def close(self) -> None:
        """Release the memory map and the file."""
        if getattr(self, "_map", None) is not None:
            self._map.close()
        self._file.close()


def _value(key: bytes) -> int:
    try:
        return int(key[:16], 16)
    except ValueError:
        return 0


class FolderCorpus:
    """A folder of per-prefix files (`21BD1.txt`), each the range body for that prefix."""

    def __init__(self, path: Path) -> None:
        self.path = path
        sample = _first_range_file(path)
        if sample is None:
            raise DamagedInput(text("passwords.corpus-folder-not-corpus", name=path.name))
        suffix = _first_suffix(sample)
        self.kind = "NTLM" if suffix == HEX_LENGTH["NTLM"] - PREFIX else "SHA-1"
        self._ranges: dict[str, dict[str, int]] = {}

    def count(self, full_hash: str) -> int:
        """How often the hash was seen; 0 when absent; CorpusGap when its file is missing or damaged."""
        prefix = full_hash[:PREFIX].upper()
        if prefix not in self._ranges:
            self._ranges[prefix] = self._read(prefix)
        return self._ranges[prefix].get(full_hash[PREFIX:].upper(), 0)

    def _read(self, prefix: str) -> dict[str, int]:
        for name in (f"{prefix}.txt", f"{prefix.lower()}.txt"):
            candidate = self.path / name
            if candidate.is_file() and not candidate.is_symlink():
                break
        else:
            raise CorpusGap(text("passwords.corpus-folder-missing", name=self.path.name))
        try:
            if candidate.stat().st_size > MAX_RANGE_FILE:
                raise CorpusGap(text("passwords.corpus-folder-too-large", name=self.path.name))
            body = candidate.read_bytes()
            return parse_range(body, suffix_length=HEX_LENGTH[self.kind] - PREFIX)
        except (OSError, DamagedInput):
            raise CorpusGap(text("passwords.corpus-folder-damaged", name=self.path.name)) from None

    def close(self) -> None:
        """Forget what was read."""
        self._ranges.clear()


def _first_range_file(folder: Path) -> Path | None:
    try:
        with os.scandir(folder) as names:
            for item in names:
                if _PREFIX_FILE.match(item.name) and item.is_file(follow_symlinks=False):
                    return Path(item.path)
    except OSError:
        return None
    return None


def _first_suffix(path: Path) -> int:
    with path.open("rb") as handle:
        line = handle.readline(256).strip().lstrip(b"\xef\xbb\xbf")
    return len(line.split(b":", 1)[0])


def open_corpus(path: Path, *, lookups: int = 0) -> SortedCorpus | FolderCorpus:
    """The corpus at `path` (a sorted file or a per-prefix folder); DamagedInput if it is neither.

    `lookups` is how many hashes will be looked up, so that a big batch gets a finer index.
    """
    if path.is_dir():
        return FolderCorpus(path)
    return SortedCorpus(path, lookups=lookups)


def corpus_counts(
    corpus: SortedCorpus | FolderCorpus, passwords: Sequence[Secret], *, least: int = FULL_LIST_LEAST
) -> Lookup:
    """How often each password appears in the corpus, hashed the corpus's way (SHA-1 or NTLM).

    In a sorted file of fewer than `least` lines, a password that is absent is a gap, not a 0.
    """
    hasher = HASHERS[corpus.kind]
    counts: list[int | None] = []
    failed: list[int] = []
    problems: dict[str, None] = {}
    lines = corpus.lines if isinstance(corpus, SortedCorpus) else least
    for position, password in enumerate(passwords):
        try:
            count = corpus.count(hasher(password))
            if count == 0 and lines < least:
                raise CorpusGap(text("passwords.corpus-excerpt", name=corpus.path.name, lines=f"{lines:,}"))
            counts.append(count)
        except CorpusGap as gap:
            counts.append(None)
            failed.append(position)
            problems.setdefault(gap.plain, None)
    return Lookup(tuple(counts), tuple(problems), tuple(failed))
