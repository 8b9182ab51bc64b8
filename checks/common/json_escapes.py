"""Finds lone surrogate escapes (such as \\ud800) in JSON bytes read a chunk at a time.

ijson reads a lone high surrogate escape as "?" and fails on a lone low one with a UnicodeDecodeError,
so a damaged name or time would pass as text; a pair (\\ud83d\\ude00, an emoji) is real text, and so is
an escaped backslash before "ud800". A pair may be split between two chunks: the end of one chunk is
kept and looked at again with the next.
"""

from __future__ import annotations

import re

# Bytes JSON allows neither between tokens nor unescaped inside a string (ijson lets some pass as space).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def has_control_bytes(chunk: bytes) -> bool:
    """Whether a piece of JSON holds a control byte JSON never allows: damage, however lenient ijson is."""
    return _CONTROL.search(chunk) is not None


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LOW = re.compile(rb"\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_KEPT = 24  # bytes of one chunk kept for the next: an escape put off there has 13 before it
_OPEN = 11  # bytes at the end of a chunk where an escape may be cut short or its partner not come yet


class LoneEscapes:
    """Feed it the chunks of a JSON text in order; `feed` says whether one held a lone surrogate escape."""

    def __init__(self) -> None:
        self._tail = b""
        self._judged = 0  # in tail + chunk, the offset before which every escape was judged already

    def feed(self, chunk: bytes) -> bool:
        """Whether a lone escape is certain after this chunk (b"" at the end of the text)."""
        seen = self._tail + chunk
        put_off = max(0, len(seen) - _OPEN) if chunk else len(seen)
        for found in _SURROGATE_ESCAPE.finditer(seen, self._judged):
            if found.start() >= put_off:
                break
            if _escaped(seen, found.start()):
                continue  # "\\ud800": an escaped backslash, then letters
            if found.group()[3:4].lower() in b"89ab":  # a high half: its low half must follow
                if not _LOW.match(seen, found.end()):
                    return True
            elif not _is_high(seen, found.start() - 6):  # a low half: its high half must come before
                return True
        self._tail = seen[-_KEPT:]
        self._judged = max(0, len(self._tail) - (len(seen) - put_off))
        return False


def _escaped(seen: bytes, at: int) -> bool:
    """Whether the backslash at `at` is itself escaped (an odd run of backslashes before it)."""
    run = 0
    while at - run - 1 >= 0 and seen[at - run - 1] == 0x5C:
        run += 1
    return run % 2 == 1


def _is_high(seen: bytes, at: int) -> bool:
    if at < 0:
        return False
    found = _SURROGATE_ESCAPE.match(seen, at)
    return found is not None and found.group()[3:4].lower() in b"89ab" and not _escaped(seen, at)
