"""Judges candidate domains that exist: which ones could pass as the person. Knows no DNS library."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checks.identity.records import DomainRecords
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

# Candidate.reason -> the finding code and severity; the reason also names its words ("why-<reason>").
_CODES = {
    "homoglyph": ("identity.lookalike.homoglyph-domain", Severity.MEDIUM),
    "typo": ("identity.lookalike.typo-domain", Severity.MEDIUM),
    "other-ending": ("identity.lookalike.other-ending", Severity.LOW),
    "name": ("identity.lookalike.name-domain", Severity.LOW),
    "username": ("identity.lookalike.username-domain", Severity.LOW),
}


def judge_lookalikes(
    records: Iterable[DomainRecords], *, ignore_addresses: frozenset[str] = frozenset()
) -> Iterator[Finding]:
    """A finding for each candidate that exists with records.

    `ignore_addresses` are a rewriting resolver's inventions: a candidate with only those is not judged.
    """
    for found in records:
        a = tuple(x for x in found.a if x not in ignore_addresses)
        aaaa = tuple(x for x in found.aaaa if x not in ignore_addresses)
        if not found.exists or not (a or aaaa or found.mx or found.ns):
            continue
        candidate = found.candidate
        code, severity = _CODES[candidate.reason]
        none = text("identity.none")
        fields: dict[str, str] = {
            text("identity.label-domain"): candidate.domain,
            text("identity.label-reads-as"): candidate.display,
            text("identity.label-why"): text(f"identity.why-{candidate.reason}", based=candidate.based_on),
            text("identity.label-a"): ", ".join(a) or none,
            text("identity.label-aaaa"): ", ".join(aaaa) or none,
            text("identity.label-mx"): ", ".join(found.mx) or none,
            text("identity.label-ns"): ", ".join(found.ns) or none,
        }
        subject = text("identity.registered", domain=candidate.display)
        evidence = (Evidence(text("identity.source"), fields=fields),)
        yield Finding(code=code, severity=severity, subject=subject, evidence=evidence)
