"""Judges the breaches an email address is in; spam lists and fabricated breaches weigh least."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources

from checks.passwords.judge.entries import yes_no
from checks.passwords.records import AccountBreaches, Breach
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import Text, text
from cybercheck.yamldata import load_yaml


@lru_cache(maxsize=1)
def _loss_that_matters() -> frozenset[str]:
    """The kinds of data lost that make a breach weigh more (data/breach-data.yaml)."""
    raw = resources.files("checks.passwords").joinpath("data/breach-data.yaml").read_text(encoding="utf-8")
    return frozenset(str(kind).lower() for kind in load_yaml(raw)["matters"])


def judge_breaches(found: Iterable[AccountBreaches]) -> Iterator[Finding]:
    """A finding for each breach an email address is in; spam lists and fabricated breaches weigh least."""
    for account in found:
        for breach in account.breaches:
            low = breach.spam_list or breach.fabricated
            yield Finding(
                code="passwords.breach.low-concern" if low else "passwords.breach.found",
                severity=Severity.INFO if low else _breach_severity(breach),
                subject=_breach_subject(account.account, breach),
                evidence=(_breach_evidence(account.account, breach),),
            )


def _breach_severity(breach: Breach) -> Severity:
    lost = {c.lower() for c in breach.data_classes}
    if "passwords" in lost:
        severity = Severity.HIGH
    elif lost & _loss_that_matters():
        severity = Severity.MEDIUM
    else:
        severity = Severity.LOW
    if not breach.verified:
        severity = Severity(max(Severity.LOW, severity - 1))
    return severity


def _breach_subject(account: str, breach: Breach) -> Text:
    month = f"{breach.breach_date:%B %Y}" if breach.breach_date else ""
    if breach.sensitive:
        # NOTE: a saved report may be shown to others; the name of a sensitive site stays in the evidence.
        if month:
            return text("passwords.breach-subject-sensitive-dated", account=account, month=month)
        return text("passwords.breach-subject-sensitive", account=account)
    if month:
        return text("passwords.breach-subject-dated", account=account, breach=breach.title, month=month)
    return text("passwords.breach-subject", account=account, breach=breach.title)


def _breach_evidence(account: str, breach: Breach) -> Evidence:
    when = None
    if breach.breach_date:
        when = datetime(
            breach.breach_date.year, breach.breach_date.month, breach.breach_date.day, tzinfo=timezone.utc
        )
    not_given, not_known = text("passwords.not-given"), text("passwords.not-known")
    fields: dict[str, str] = {
        text("passwords.field-email-address"): account,
        text("passwords.field-breach"): breach.title,
        text("passwords.field-site"): breach.domain or not_given,
        text("passwords.field-breach-date"): breach.breach_date.isoformat()
        if breach.breach_date
        else not_known,
        text("passwords.field-added"): breach.added.date().isoformat() if breach.added else not_known,
        text("passwords.field-data-lost"): ", ".join(breach.data_classes) or not_given,
        text("passwords.field-breach-accounts"): f"{breach.pwn_count:,}"
        if breach.pwn_count is not None
        else not_known,
        text("passwords.field-confirmed"): yes_no(breach.verified),
        text("passwords.field-spam-list"): yes_no(breach.spam_list),
        text("passwords.field-fabricated"): yes_no(breach.fabricated),
        text("passwords.field-sensitive"): yes_no(breach.sensitive),
    }
    if breach.stealer_log or breach.malware:
        fields[text("passwords.field-malware")] = yes_no(True)
    return Evidence(source=text("passwords.breach-source"), when=when, fields=fields)
