"""Judges exposures: passwords seen in breaches, by how often and what they protect."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from checks.passwords.judge.entries import accounts, entry_evidence, protects_email, reused, yes_no
from checks.passwords.records import Exposure, PasswordEntry
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import Text, text

COMMON = 100  # seen this often, a password is on the lists people try first


def judge_exposures(exposures: Iterable[Exposure]) -> Iterator[Finding]:
    """A finding for each distinct password seen in breaches, naming every account that uses it."""
    for exposure in exposures:
        if exposure.count <= 0:
            continue
        entries = exposure.entries
        serious = exposure.count >= COMMON or protects_email(entries) or reused(entries)
        yield Finding(
            code="passwords.pwned.seen",
            severity=Severity.HIGH if serious else Severity.MEDIUM,
            subject=text("passwords.seen-subject", whose=_whose(entries), times=_times(exposure.count)),
            evidence=(
                Evidence(
                    source=exposure.checked_by,
                    fields={
                        text("passwords.field-times-seen"): f"{exposure.count:,}",
                        text("passwords.field-accounts-using-it"): str(len(entries)),
                        text("passwords.field-email-among-them"): yes_no(protects_email(entries)),
                    },
                ),
                *entry_evidence(entries),
            ),
        )


def _whose(entries: Sequence[PasswordEntry]) -> Text:
    typed = [e for e in entries if not e.site and not e.username]
    if len(typed) == len(entries):
        if typed[0].position:
            return text("passwords.whose-typed", position=typed[0].position)
        return text("passwords.whose-typed-unnumbered")
    return text("passwords.whose-accounts", accounts=accounts(entries))


def _times(count: int) -> Text:
    return text("passwords.seen-once") if count == 1 else text("passwords.seen-times", count=f"{count:,}")
