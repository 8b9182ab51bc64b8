"""Groups entries that share one password, or one password with a different ending."""

from __future__ import annotations

import re
from collections.abc import Iterable

from checks.passwords.records import PasswordEntry

_TRAILING = re.compile(r"[\d\W_]+$")
MIN_STEM = 4  # shorter stems ("abc1", "abc2") are too common to say the passwords are related


def group_by_password(entries: Iterable[PasswordEntry]) -> list[tuple[PasswordEntry, ...]]:
    """Entries grouped by identical password, in the order each password first appears."""
    groups: dict[str, list[PasswordEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.password.reveal(), []).append(entry)
    return [tuple(group) for group in groups.values()]


def stem(password: str) -> str:
    """The password without its trailing digits and symbols ("Summer2024!" -> "Summer")."""
    return _TRAILING.sub("", password)


def group_by_stem(entries: Iterable[PasswordEntry]) -> list[tuple[PasswordEntry, ...]]:
    """Groups of entries whose passwords differ, but only by a trailing number or symbol."""
    groups: dict[str, list[PasswordEntry]] = {}
    for entry in entries:
        base = stem(entry.password.reveal())
        if len(base) >= MIN_STEM:
            groups.setdefault(base, []).append(entry)
    similar = []
    for group in groups.values():
        if len({e.password.reveal() for e in group}) > 1:
            similar.append(tuple(group))
    return similar


def distinct_sites(entries: Iterable[PasswordEntry]) -> list[str]:
    """The different sites (or titles) among entries, in order of first appearance."""
    seen: dict[str, None] = {}
    for entry in entries:
        seen.setdefault((entry.site or entry.title or entry.label).lower(), None)
    return list(seen)
