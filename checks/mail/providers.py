"""Mail providers told from their MX host names, and the checks that read each (data/mail-providers.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from cybercheck.yamldata import load_yaml


@dataclass(frozen=True, slots=True)
class Provider:
    """A mail provider: its name, MX host suffixes, the checks that apply and its shared domains."""

    name: str
    mx: tuple[str, ...]
    checks: tuple[str, ...]
    consumer: tuple[str, ...]


@lru_cache(maxsize=1)
def providers() -> tuple[Provider, ...]:
    """The providers in data/mail-providers.yaml."""
    raw = resources.files(__package__).joinpath("data", "mail-providers.yaml").read_text(encoding="utf-8")
    return tuple(
        Provider(
            p["name"], tuple(p.get("mx") or ()), tuple(p.get("checks") or ()), tuple(p.get("consumer") or ())
        )
        for p in load_yaml(raw)
    )


def provider_of(mx_hosts: tuple[str, ...]) -> Provider | None:
    """The provider whose servers the MX hosts are, if known."""
    for host in mx_hosts:
        name = host.rstrip(".").lower()
        for provider in providers():
            if any(name == m or name.endswith("." + m) for m in provider.mx):
                return provider
    return None


def shared_domain(domain: str) -> bool:
    """Whether the domain is a provider's own, shared by everyone (gmail.com), so nobody "owns" it."""
    return any(domain.lower() in p.consumer for p in providers())
