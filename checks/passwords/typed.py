"""Passwords typed at a hidden prompt, one after another, never shown and kept in memory only."""

from __future__ import annotations

from collections.abc import Callable

from checks.passwords.records import PasswordEntry
from cybercheck.secrets import Secret

MAX_TYPED = 200
FIRST_PROMPT = "Type a password to check (it will not be shown; press Enter on an empty line to finish)"
NEXT_PROMPT = "Type another password to check, or press Enter to finish"
SOURCE = "typed at a hidden prompt"


def typed_passwords(ask_hidden: Callable[[str], Secret | None]) -> list[PasswordEntry]:
    """Ask for passwords until an empty answer, or nobody can answer; none at all gives an empty list."""
    entries: list[PasswordEntry] = []
    while len(entries) < MAX_TYPED:
        answer = ask_hidden(NEXT_PROMPT if entries else FIRST_PROMPT)
        if not answer:
            break
        entries.append(PasswordEntry(site="", username="", password=answer, source=SOURCE, position=len(entries) + 1))
    return entries
