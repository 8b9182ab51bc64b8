"""Several values one condition accepts, written as one value the way the condition's words quote it."""

from __future__ import annotations

from collections.abc import Sequence

from cybercheck.pipeline.words import text


def any_of(values: Sequence[str]) -> str:
    """a" or "b: inside the quotes of the words for a condition it reads: subject contains "a" or "b"."""
    joined = values[0] if values else ""
    for value in values[1:]:
        joined = text("mail.value-or", first=joined, then=value)
    return joined
