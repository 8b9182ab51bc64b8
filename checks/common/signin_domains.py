"""The sign-in, mail, cloud and social sites people use, by provider (data in signin-domains.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

from cybercheck.yamldata import load_yaml


@lru_cache(maxsize=1)
def signin_domains() -> Mapping[str, tuple[str, ...]]:
    """Provider name -> its domains."""
    text = resources.files(__package__).joinpath("signin-domains.yaml").read_text(encoding="utf-8")
    return {provider: tuple(d.lower() for d in domains) for provider, domains in load_yaml(text).items()}


def provider_of(name: str) -> str | None:
    """The provider whose domain `name` is or is under ("accounts.google.com" -> "Google")."""
    name = name.strip().rstrip(".").lower()
    for provider, domains in signin_domains().items():
        for domain in domains:
            if name == domain or name.endswith("." + domain):
                return provider
    return None
