"""Counted things in the words ("1 password", "2 passwords"), each form a words key."""

from __future__ import annotations

from cybercheck.pipeline.words import Text, text


def counted(number: int, one: str, many: str) -> Text:
    """The words `one` for exactly one, else `many`, with the number (thousands separated) as {count}."""
    return text(one if number == 1 else many, count=f"{number:,}")


def joined(items: list[str]) -> str:
    """ "A", "A and B", "A and B and C": the items joined by the area's word for "and"."""
    if not items:
        return ""
    result = items[0]
    for item in items[1:]:
        result = text("passwords.both", first=result, second=item)
    return result


def and_more(labels: list[str], most: int) -> str:
    """The first `most` labels, then how many more there are ("a, b and 3 more")."""
    named = ", ".join(labels[:most])
    more = len(labels) - most
    return text("passwords.and-more", named=named, more=more) if more > 0 else named
