"""mail.provider: who handles an address's mail (MX), which checks apply, and SPF/DMARC for own domains."""

from __future__ import annotations


from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from checks.mail.records import DomainMail
from cybercheck.yamldata import load_yaml

if TYPE_CHECKING:
    import dns.resolver


MAX_TXT = 50  # records per name; more is not a real domain


@dataclass(frozen=True, slots=True)
class Provider:
    """A mail provider: its name, MX host suffixes, the checks that apply and its shared domains."""

    name: str
    mx: tuple[str, ...]
    checks: tuple[str, ...]
    consumer: tuple[str, ...]


@lru_cache(maxsize=1)
def providers() -> tuple[Provider, ...]:
    """The providers in mail-providers.yaml."""
    text = resources.files(__package__).joinpath("mail-providers.yaml").read_text(encoding="utf-8")
    return tuple(
        Provider(p["name"], tuple(p.get("mx") or ()), tuple(p.get("checks") or ()), tuple(p.get("consumer") or ()))
        for p in load_yaml(text)
    )


def provider_of(mx_hosts: tuple[str, ...]) -> Provider | None:
    """The provider whose servers the MX hosts are, if known."""
    for host in mx_hosts:
        host = host.rstrip(".").lower()
        for provider in providers():
            if any(host == m or host.endswith("." + m) for m in provider.mx):
                return provider
    return None


def shared_domain(domain: str) -> bool:
    """Whether the domain is a provider's own, shared by everyone (gmail.com), so nobody "owns" it."""
    return any(domain.lower() in p.consumer for p in providers())


def _text_of(rdata: Any) -> str:
    return b"".join(rdata.strings).decode("utf-8", errors="replace")


def _lookup(resolver: dns.resolver.Resolver, name: str, rdtype: str, problems: list[str]) -> list[Any]:
    import dns.exception
    import dns.resolver

    try:
        return list(resolver.resolve(name, rdtype))
    except dns.resolver.NXDOMAIN:
        problems.append(f"{name} does not exist in DNS. Check the spelling of the address.")
    except dns.resolver.NoAnswer:
        pass
    except (dns.exception.Timeout, dns.resolver.LifetimeTimeout):
        problems.append(f"The DNS server did not answer in time about {name}, so it was not checked.")
    except dns.resolver.NoNameservers:
        problems.append(f"No DNS server would answer about {name}, so it was not checked.")
    except dns.exception.DNSException as error:
        problems.append(f"The DNS answer about {name} could not be read ({type(error).__name__}), so it was not checked.")
    return []


def lookup_domain(resolver: dns.resolver.Resolver, domain: str, *, owned: bool) -> DomainMail:
    """The MX records of a domain and, when the person owns it, its SPF and DMARC records."""
    problems: list[str] = []
    mx_answer = _lookup(resolver, domain, "MX", problems)
    mx = tuple(str(r.exchange).rstrip(".").lower() for r in sorted(mx_answer, key=lambda r: r.preference))
    spf: tuple[str, ...] = ()
    dmarc: tuple[str, ...] = ()
    if owned and not any("does not exist" in p for p in problems):
        texts = [_text_of(r) for r in _lookup(resolver, domain, "TXT", problems)[:MAX_TXT]]
        spf = tuple(t for t in texts if t.lower().startswith("v=spf1"))
        dmarc_texts = [_text_of(r) for r in _lookup(resolver, f"_dmarc.{domain}", "TXT", problems)[:MAX_TXT]]
        dmarc = tuple(t for t in dmarc_texts if t.replace(" ", "").lower().startswith("v=dmarc1"))
        problems = [p for p in problems if not p.startswith(f"_dmarc.{domain} does not exist")]
    return DomainMail(domain, mx, spf, dmarc, owned, tuple(problems))

def describe_domain(found: DomainMail) -> str:
    """Who handles a domain's mail and which check applies, in plain words."""
    if not found.mx:
        return f"{found.domain}: no mail servers are listed (no MX records)"
    provider = provider_of(found.mx)
    if provider is None:
        text = f"{found.domain}: mail is handled by {found.mx[0]}; if it offers ManageSieve, the mail.sieve check applies"
    elif provider.checks:
        text = f"{found.domain}: mail is handled by {provider.name}; the {' and '.join(provider.checks)} checks apply"
    else:
        text = f"{found.domain}: mail is handled by {provider.name}; no automatic check reads it yet, its settings need a look by hand"
    if found.owned:
        text += f" (SPF and DMARC records read: {len(found.spf)} and {len(found.dmarc)})"
    return text
