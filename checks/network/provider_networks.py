"""The address ranges sign-in providers answer from (data/provider-networks.yaml)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

from cybercheck.yamldata import load_yaml

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=1)
def provider_networks() -> Mapping[str, tuple[Network, ...]]:
    """Provider name -> its address ranges."""
    text = (
        resources.files("checks.network").joinpath("data/provider-networks.yaml").read_text(encoding="utf-8")
    )
    return {name: tuple(ipaddress.ip_network(n) for n in nets) for name, nets in load_yaml(text).items()}


def in_networks(address: str, provider: str) -> bool | None:
    """Whether `address` is inside `provider`'s ranges; None when we hold no ranges for it."""
    networks = provider_networks().get(provider)
    if not networks:
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)
