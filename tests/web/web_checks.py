"""A check for the web tests that needs a key and asks for a password (the one that waits is in tests/cybercheck/driving_checks.py)."""

from __future__ import annotations

from collections.abc import Iterator

from cybercheck.pipeline.check import Area, Check, Need
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.model import Finding


class NeedsKey(Check):
    """Needs an API key, and asks for a password while it runs; says only how long each was."""

    id = "passwords.breached-accounts"
    title = "A check that needs a key"
    area = Area.ACCOUNTS
    looks_at = "a key and a password"
    needs = (Need.secret("hibp", how="An API key for the made-up service."),)

    def run(self, ctx: Context) -> Iterator[Finding]:
        key = ctx.secret("hibp")
        typed = ctx.ask_hidden("Type a password to check")
        ctx.looked_at(f"a key of {len(key.reveal())} characters and a password of "
                      f"{len(typed.reveal()) if typed else 0} characters")
        return iter(())

