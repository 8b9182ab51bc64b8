"""Passwords typed at a hidden prompt, one after another, never shown and kept in memory only."""

from __future__ import annotations

from collections.abc import Callable

from checks.passwords.records import PasswordEntry
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

MAX_TYPED = 200


def typed_passwords(ask_hidden: Callable[[str], Secret | None]) -> list[PasswordEntry]:
    """Ask for passwords until an empty answer, or nobody can answer; none at all gives an empty list."""
    entries: list[PasswordEntry] = []
    while len(entries) < MAX_TYPED:
        answer = ask_hidden(
            text("passwords.typed-next-prompt") if entries else text("passwords.typed-first-prompt")
        )
        if not answer:
            break
        source = text("passwords.typed-source")
        entries.append(
            PasswordEntry(site="", username="", password=answer, source=source, position=len(entries) + 1)
        )
    return entries
