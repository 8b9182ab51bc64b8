"""Whether text read from a phone's files was damaged on the way (the readers decode with replacement)."""

from __future__ import annotations

MAX_LINE = 65536  # nothing a phone writes into an acquisition or a bug report has a line this long


def not_text(body: str) -> bool:
    """Text read with bytes that are not UTF-8 (replaced), a NUL, or a line far longer than any the phone writes."""
    if "\ufffd" in body or "\x00" in body:
        return True
    return len(body) > MAX_LINE and max(map(len, body.splitlines())) > MAX_LINE
