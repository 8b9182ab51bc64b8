"""Fixtures for the identity tests: a local DNS server, and no address off this machine."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[2] / "servers"))

import network_dns


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection, datagram or name lookup for an address off this machine fails the test."""
    network_dns.refuse_off_machine(monkeypatch)


@pytest.fixture
def dns_server() -> Iterator[network_dns.DnsServer]:
    """A DNS server on loopback whose zone each test fills."""
    server = network_dns.DnsServer(network_dns.Zone())
    yield server
    server.close()
