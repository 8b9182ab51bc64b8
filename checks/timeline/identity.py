"""Numbers, addresses and handles in one comparable form, so one person's many identifiers can be matched."""

from __future__ import annotations

import re
from functools import lru_cache

_PHONE_CHARS = re.compile(r"[\s().\-/]")
_PHONE = re.compile(r"^\+?\d{5,17}$")
_KNOWN_LIMIT = 1 << 16  # identifiers remembered by one Matcher


@lru_cache(maxsize=1 << 16)  # the same few senders and threads come back on every event
def normalise(raw: str) -> str:
    """One comparable form: "+44 7700 900123" -> "+447700900123", "Ex@Example.com" -> "ex@example.com".

    Numbers keep a leading + when given; names and handles are case-folded with spaces squeezed.
    """
    value = raw.strip().strip("\u200e\u200f\u202a\u202c\ufeff").strip()
    if not value:
        return ""
    if value.lower().startswith(("tel:", "mailto:")):
        value = value.split(":", 1)[1]
    compact = _PHONE_CHARS.sub("", value)
    if compact.startswith("00") and compact[2:].isdigit():
        compact = "+" + compact[2:]
    if _PHONE.match(compact):
        return compact
    if "@" in value and " " not in value.strip():
        return value.lower()
    return " ".join(value.casefold().split())


def phone_tail(value: str, digits: int = 9) -> str:
    """The last digits of a number, to match "+44 7700 900123" with "07700 900123"; "" if not a number."""
    if not _PHONE.match(value):
        return ""
    bare = value.lstrip("+")
    return bare[-digits:] if len(bare) >= digits else ""


class Matcher:
    """Whether an identifier (as any source gives it) belongs to a set of identifiers."""

    def __init__(self, identifiers: tuple[str, ...]) -> None:
        self.exact = frozenset(normalise(i) for i in identifiers if normalise(i))
        self.tails = frozenset(t for t in (phone_tail(i) for i in self.exact) if t)
        self._known: dict[str, bool] = {}  # the same few senders and threads come back on every event

    def __call__(self, raw: str) -> bool:
        known = self._known.get(raw)
        if known is None:
            if len(self._known) >= _KNOWN_LIMIT:
                self._known.clear()
            known = self._known[raw] = self._matches(raw)
        return known

    def _matches(self, raw: str) -> bool:
        value = normalise(raw)
        if not value:
            return False
        if value in self.exact:
            return True
        tail = phone_tail(value)
        return bool(tail) and tail in self.tails
