"""The sign-in, mail, cloud and social sites people use, by provider (data in signin-domains.yaml)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from cybercheck.yamldata import load_yaml


@lru_cache(maxsize=1)
def _data() -> Mapping[str, Mapping[str, tuple[str, ...]]]:
    text = resources.files(__package__).joinpath("signin-domains.yaml").read_text(encoding="utf-8")
    raw: Mapping[str, Any] = load_yaml(text)
    return {
        provider: {
            part: tuple(str(d).lower() for d in lists.get(part) or ()) for part in ("domains", "signin")
        }
        for provider, lists in raw.items()
    }


def signin_domains() -> Mapping[str, tuple[str, ...]]:
    """Provider name -> every domain it uses (names under them belong to it too)."""
    return {provider: parts["domains"] for provider, parts in _data().items()}


@lru_cache(maxsize=1)
def _signin_hosts() -> Mapping[str, str]:
    return {host: provider for provider, parts in _data().items() for host in parts["signin"]}


def provider_of(name: str) -> str | None:
    """The provider whose domain `name` is or is under ("device-metrics-us.amazon.com" -> "Amazon")."""
    name = name.strip().rstrip(".").lower()
    for provider, domains in signin_domains().items():
        for domain in domains:
            if name == domain or name.endswith("." + domain):
                return provider
    return None


def signin_provider_of(name: str) -> str | None:
    """The provider when `name` is exactly one of its sign-in or mail sites ("accounts.google.com" -> "Google")."""
    return _signin_hosts().get(name.strip().rstrip(".").lower())
