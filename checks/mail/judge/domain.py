"""Judges a domain the person owns: whether SPF and DMARC stop others sending mail in its name."""

from __future__ import annotations

from collections.abc import Iterator

from checks.mail.records import DomainMail
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text


def judge_domain(found: DomainMail) -> Iterator[Finding]:
    """Findings for missing, broken, watching-only or open SPF and DMARC records of an owned domain."""
    if not found.owned or not found.exists:
        return
    domain = found.domain
    fields = {
        text("mail.label-domain"): domain,
        "SPF": " | ".join(found.spf) or text("mail.none"),
        "DMARC": " | ".join(found.dmarc) or text("mail.none"),
    }
    evidence = (Evidence(text("mail.domain-source", domain=domain), None, fields),)
    lookups_failed = bool(found.problems)
    if len(found.dmarc) > 1:
        yield Finding(
            "mail.domain.dmarc-broken", Severity.LOW, text("mail.domain-dmarc-twice", domain=domain), evidence
        )
    elif not found.dmarc and not lookups_failed:
        yield Finding(
            "mail.domain.no-dmarc", Severity.LOW, text("mail.domain-no-dmarc", domain=domain), evidence
        )
    elif found.dmarc and _dmarc_policy(found.dmarc[0]) in ("none", ""):
        subject = text("mail.domain-dmarc-watches", domain=domain)
        yield Finding("mail.domain.dmarc-monitor-only", Severity.LOW, subject, evidence)
    if not found.spf and not lookups_failed:
        yield Finding("mail.domain.no-spf", Severity.LOW, text("mail.domain-no-spf", domain=domain), evidence)
    elif any(_spf_all(s) == "+" for s in found.spf):
        subject = text("mail.domain-spf-open", domain=domain)
        yield Finding("mail.domain.spf-allows-anyone", Severity.MEDIUM, subject, evidence)


def _dmarc_policy(record: str) -> str:
    for part in record.split(";"):
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "p":
            return value.strip().lower()
    return ""


def _spf_all(record: str) -> str:
    for term in record.lower().split():
        if term in ("all", "+all"):
            return "+"
        if term in ("-all", "~all", "?all"):
            return term[0]
    return ""
