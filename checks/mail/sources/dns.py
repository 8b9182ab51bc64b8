"""What public DNS says about a mail domain: its MX records and, for a domain the person owns, SPF, DMARC."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checks.mail.records import DomainMail
from cybercheck.pipeline.words import text

if TYPE_CHECKING:
    import dns.resolver


MAX_TXT = 50  # records per name; more is not a real domain


class _Missing(Exception):
    """DNS says the name does not exist."""


def _text_of(rdata: Any) -> str:
    return b"".join(rdata.strings).decode("utf-8", errors="replace")


def _lookup(resolver: dns.resolver.Resolver, name: str, rdtype: str, problems: list[str]) -> list[Any]:
    """The records; a lookup that failed is added to `problems`; _Missing when the name does not exist."""
    import dns.exception
    import dns.resolver

    try:
        return list(resolver.resolve(name, rdtype))
    except dns.resolver.NXDOMAIN:
        raise _Missing(name) from None
    except dns.resolver.NoAnswer:
        pass
    except (dns.exception.Timeout, dns.resolver.LifetimeTimeout):
        problems.append(text("mail.dns-timeout", name=name))
    except dns.resolver.NoNameservers:
        problems.append(text("mail.dns-no-server", name=name))
    except dns.exception.DNSException as error:
        problems.append(text("mail.dns-unreadable", name=name, error=type(error).__name__))
    return []


def lookup_domain(resolver: dns.resolver.Resolver, domain: str, *, owned: bool) -> DomainMail:
    """The MX records of a domain and, when the person owns it, its SPF and DMARC records."""
    problems: list[str] = []
    try:
        mx_answer = _lookup(resolver, domain, "MX", problems)
    except _Missing:
        return DomainMail(
            domain, (), (), (), owned, (text("mail.dns-no-such-domain", name=domain),), exists=False
        )
    mx = tuple(str(r.exchange).rstrip(".").lower() for r in sorted(mx_answer, key=lambda r: r.preference))
    spf: tuple[str, ...] = ()
    dmarc: tuple[str, ...] = ()
    exists = True
    if owned:
        try:
            texts = [_text_of(r) for r in _lookup(resolver, domain, "TXT", problems)[:MAX_TXT]]
        except _Missing:
            problems.append(text("mail.dns-no-such-domain", name=domain))
            texts, exists = [], False
        spf = tuple(t for t in texts if t.lower().startswith("v=spf1"))
        try:
            dmarc_records = _lookup(resolver, f"_dmarc.{domain}", "TXT", problems)[:MAX_TXT]
        except _Missing:  # no DMARC record at all
            dmarc_records = []
        dmarc_texts = [_text_of(r) for r in dmarc_records]
        dmarc = tuple(t for t in dmarc_texts if t.replace(" ", "").lower().startswith("v=dmarc1"))
    return DomainMail(domain, mx, spf, dmarc, owned, tuple(problems), exists=exists)
