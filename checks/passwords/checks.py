"""The password checks: breached passwords (Pwned Passwords), reused and weak ones, breached addresses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Input, Need

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class PwnedPasswords(Check):
    """Exported or typed passwords, looked up in Pwned Passwords (range API, or a downloaded corpus)."""

    id = "passwords.pwned"
    area = Area.ACCOUNTS
    inputs = (Input("passwords", kind="path"), Input("pwned-corpus", kind="path"))
    example_inputs: ClassVar[dict[str, str]] = {
        "passwords": "examples/demo-export.csv",
        "pwned-corpus": "examples/pwned-demo-sha1.txt",
    }

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.passwords.judge.exposures import judge_exposures
        from checks.passwords.run import pwned_exposures

        yield from judge_exposures(pwned_exposures(ctx))


class ReusedPasswords(Check):
    """An export's passwords compared with each other: shared, nearly shared, and rated by zxcvbn."""

    id = "passwords.reuse"
    area = Area.ACCOUNTS
    inputs = (Input("passwords", kind="path"),)
    needs = (Need.input("passwords"),)
    example_inputs: ClassVar[dict[str, str]] = {"passwords": "examples/demo-export.csv"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.passwords.grouping import group_by_stem
        from checks.passwords.judge.reuse import judge_reuse
        from checks.passwords.judge.strength import judge_weak
        from checks.passwords.run import compared_entries, strength_ratings

        entries, groups = compared_entries(ctx)
        yield from judge_reuse(groups)
        yield from judge_reuse(group_by_stem(entries), similar=True)
        yield from judge_weak(strength_ratings(ctx, groups))


class BreachedAccounts(Check):
    """Email addresses looked up in Have I Been Pwned's breached-account API with the person's own key."""

    id = "passwords.breached-accounts"
    area = Area.ACCOUNTS
    inputs = (Input("email", kind="value", many=True), Input("owner", kind="value", many=True))
    needs = (Need.secret("hibp"), Need.input("email", "owner"), Need.network())

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.passwords.judge.breaches import judge_breaches
        from checks.passwords.run import breached_accounts

        yield from judge_breaches(breached_accounts(ctx))
