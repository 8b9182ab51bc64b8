"""passwords.reuse: one password on several accounts, nearly the same ones, and very weak ones."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from checks.passwords.gather import EXPORT_HOW, EXPORT_INPUT
from cybercheck.pipeline.check import Area, Check, Need

if TYPE_CHECKING:
    from checks.passwords.records import PasswordEntry, StrengthRating
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class ReusedPasswords(Check):
    """Looks through a password manager's export for passwords that open more than one account.

    Give the export with --input passwords=FILE (Bitwarden CSV or JSON, 1Password CSV,
    LastPass, Chrome or Edge, Firefox, Safari or Apple Passwords, KeePassXC). It finds
    accounts that share one password, passwords that differ only by a number or symbol at
    the end ("Summer2023!" and "Summer2024!"), and passwords the zxcvbn estimator rates as
    very easy to guess. Everything happens on this computer: nothing is sent anywhere, and
    entries are named by site and username, never by password.
    """

    id = "passwords.reuse"
    title = "Passwords used on more than one account, or very easy to guess"
    area = Area.ACCOUNTS
    looks_at = "the saved passwords in a password manager's export, compared with each other"
    needs = (Need.input(EXPORT_INPUT, how=EXPORT_HOW),)
    blind_spots: ClassVar[tuple[str, ...]] = (
        "It only sees the passwords in the export, not ones kept in a notebook, a browser or another password manager.",
        "A strong, unique password can still be known to someone who saw it typed or was told it.",
    )
    example_inputs: ClassVar[dict[str, str]] = {"passwords": "examples/demo-export.csv"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.passwords.gather import exported_entries
        from checks.passwords.grouping import counted, group_by_password, group_by_stem
        from checks.passwords.judge import judge_reuse, judge_weak

        entries = exported_entries(ctx) or []
        groups = group_by_password(entries)
        ctx.looked_at(f"{counted(len(entries), 'saved password')} ({len(groups):,} different) compared with each other")
        yield from judge_reuse(groups)
        yield from judge_reuse(group_by_stem(entries), similar=True)
        ratings = _ratings(ctx, groups)
        yield from judge_weak(ratings)


def _ratings(ctx: Context, groups: list[tuple[PasswordEntry, ...]]) -> list[StrengthRating]:
    if not groups:
        return []
    try:
        from checks.passwords.strength import estimator_name, rate

        ratings = [rate(group) for group in groups]
    except ImportError:
        ctx.partial("The zxcvbn strength estimator is not installed, so how easy the passwords are to guess was not checked.")
        return []
    ctx.looked_at(f"how easy {len(ratings)} different passwords are to guess, estimated by {estimator_name()}")
    return ratings
