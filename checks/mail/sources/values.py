"""Several values one condition accepts, written as one value the way the condition's words quote it."""

from __future__ import annotations

from collections.abc import Sequence

from cybercheck.pipeline.words import text

MAX_VALUES = 1000  # each step copies what came before: past this, damage (100,000 values) would take minutes


def any_of(values: Sequence[str]) -> str:
    """a" or "b: inside the quotes of the words for a condition it reads: subject contains "a" or "b"."""
    joined = values[0] if values else ""
    for value in values[1:MAX_VALUES]:
        joined = text("mail.value-or", first=joined, then=value)
    if len(values) > MAX_VALUES:
        joined = text("mail.value-more", first=joined, count=len(values) - MAX_VALUES)
    return joined
