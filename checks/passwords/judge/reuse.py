"""Judges groups of entries that share a password, or nearly the same one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from checks.passwords.grouping import distinct_sites
from checks.passwords.judge.entries import accounts, entry_evidence, protects_email, yes_no
from checks.passwords.records import PasswordEntry
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import Text, text


def judge_reuse(groups: Iterable[Sequence[PasswordEntry]], *, similar: bool = False) -> Iterator[Finding]:
    """A finding for each password that opens accounts on more than one site.

    With `similar`, the groups are passwords that differ only by a trailing number or symbol.
    """
    for entries in groups:
        sites = len(distinct_sites(entries))
        if sites < 2:
            continue
        if similar:
            code, how = "passwords.reuse.similar", text("passwords.passwords-similar")
            subject = text("passwords.similar-subject", accounts=accounts(entries))
        else:
            code, how = "passwords.reuse.same", text("passwords.passwords-identical")
            subject = text("passwords.same-subject", sites=sites, accounts=accounts(entries))
        yield _shared(entries, code=code, subject=subject, how=how)


def _shared(entries: Sequence[PasswordEntry], *, code: str, subject: Text, how: Text) -> Finding:
    summary = Evidence(
        source=entries[0].source,
        fields={
            text("passwords.field-passwords"): how,
            text("passwords.field-accounts"): str(len(entries)),
            text("passwords.field-sites"): str(len(distinct_sites(entries))),
            text("passwords.field-email-among-them"): yes_no(protects_email(entries)),
        },
    )
    severity = Severity.HIGH if protects_email(entries) else Severity.MEDIUM
    return Finding(
        code=code, severity=severity, subject=subject, evidence=(summary, *entry_evidence(entries))
    )
