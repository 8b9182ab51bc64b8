"""Asks DNS what it holds for each candidate domain: name servers, addresses and mail servers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from checks.identity.records import Candidate, DomainRecords

if TYPE_CHECKING:
    import dns.resolver


class NoAnswer(Exception):
    """The resolver could not be reached for this question."""


def _values(resolver: dns.resolver.Resolver, name: str, rdtype: str) -> tuple[str, ...] | None:
    """The record values, () for none, None when the name does not exist; NoAnswer on failure."""
    import dns.exception
    import dns.resolver

    try:
        answer = resolver.resolve(name + ".", rdtype, search=False, raise_on_no_answer=False)
    except dns.resolver.NXDOMAIN:
        return None
    except dns.exception.DNSException as error:
        raise NoAnswer(f"{type(error).__name__}: {error}"[:200]) from None
    values = []
    for rrset in answer.response.answer:
        if rrset.rdtype != answer.rdtype:
            continue
        for record in rrset:
            text = record.exchange.to_text() if rdtype == "MX" else record.to_text()
            values.append(text.rstrip(".").lower())
    return tuple(sorted(values))


def domain_records(resolver: dns.resolver.Resolver, candidate: Candidate) -> DomainRecords:
    """What DNS holds for `candidate`: NS first (a name that does not exist needs one question only)."""
    try:
        ns = _values(resolver, candidate.domain, "NS")
        if ns is None:
            return DomainRecords(candidate, exists=False)
        a = _values(resolver, candidate.domain, "A") or ()
        aaaa = _values(resolver, candidate.domain, "AAAA") or ()
        mx = _values(resolver, candidate.domain, "MX") or ()
    except NoAnswer:
        return DomainRecords(candidate, exists=False, failed=True)
    return DomainRecords(candidate, exists=True, a=a, aaaa=aaaa, mx=mx, ns=ns)


def name_exists(resolver: dns.resolver.Resolver, name: str) -> bool | None:
    """Whether DNS says `name` exists (asked for its name servers); None when no answer could be had."""
    try:
        return _values(resolver, name, "NS") is not None
    except NoAnswer:
        return None
