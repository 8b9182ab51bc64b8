"""Judges candidate domains that exist: which ones could pass as the person. Knows no DNS library."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checks.identity.records import DomainRecords
from cybercheck.pipeline.model import Evidence, Finding, Severity

SOURCE = "DNS records of look-alike domains"
_CODES = {
    "homoglyph": ("identity.lookalike.homoglyph-domain", Severity.MEDIUM),
    "typo": ("identity.lookalike.typo-domain", Severity.MEDIUM),
    "other-ending": ("identity.lookalike.other-ending", Severity.LOW),
    "name": ("identity.lookalike.name-domain", Severity.LOW),
    "username": ("identity.lookalike.username-domain", Severity.LOW),
}
_WHY = {
    "homoglyph": "looks like {based} but uses different letters",
    "typo": "is one typing mistake away from {based}",
    "other-ending": "is {based} with a different ending",
    "name": "is made from the name {based}",
    "username": "is made from the username {based}",
}


def judge_lookalikes(records: Iterable[DomainRecords], *, ignore_addresses: frozenset[str] = frozenset()) -> Iterator[Finding]:
    """A finding for each candidate that exists with records; `ignore_addresses` are a rewriting resolver's inventions."""
    for found in records:
        a = tuple(x for x in found.a if x not in ignore_addresses)
        aaaa = tuple(x for x in found.aaaa if x not in ignore_addresses)
        if not found.exists or not (a or aaaa or found.mx or found.ns):
            continue
        candidate = found.candidate
        code, severity = _CODES[candidate.reason]
        fields = {
            "domain": candidate.domain,
            "how it reads": candidate.display,
            "why it was checked": _WHY[candidate.reason].format(based=candidate.based_on),
            "addresses (A)": ", ".join(a) or "none",
            "IPv6 addresses (AAAA)": ", ".join(aaaa) or "none",
            "mail servers (MX)": ", ".join(found.mx) or "none",
            "name servers (NS)": ", ".join(found.ns) or "none",
        }
        yield Finding(code=code, severity=severity, subject=f"{candidate.display} is registered", evidence=(Evidence(SOURCE, fields=fields),))
