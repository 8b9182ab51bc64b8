"""Fixtures for the network tests: local DNS servers, a test certificate, and a guard that fails any
test that tries to reach an address outside this machine (so no test touches a real resolver)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "servers"))

import network_dns

# The answers the honest servers give; Google, Microsoft, Apple and Meta addresses are inside
# checks/network/data/provider-networks.yaml.
REAL = {
    "accounts.google.com": {"A": ["142.250.180.13"], "AAAA": ["2a00:1450:4009:81f::200d"]},
    "mail.google.com": {"A": ["142.250.187.229"], "AAAA": ["2a00:1450:4009:820::2005"]},
    "login.microsoftonline.com": {"A": ["20.190.160.20"], "AAAA": []},
    "login.live.com": {"A": ["20.190.160.66"], "AAAA": []},
    "outlook.office365.com": {"A": ["52.97.183.130"], "AAAA": ["2603:1026:c03:3844::2"]},
    "appleid.apple.com": {"A": ["17.32.194.6"], "AAAA": []},
    "www.icloud.com": {"A": ["17.253.144.10"], "AAAA": []},
    "www.facebook.com": {"A": ["157.240.221.35"], "AAAA": ["2a03:2880:f10d:83:face:b00c:0:25de"]},
    "www.instagram.com": {"A": ["157.240.221.174"], "AAAA": []},
    "x.com": {"A": ["104.244.42.1"], "AAAA": []},
    "example-mail.org": {"MX": ["10 mx1.example-mail.org."]},
}


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection, datagram or name lookup for an address off this machine fails the test."""
    network_dns.refuse_off_machine(monkeypatch)


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed test certificate for 127.0.0.1 and localhost: (certificate file, key file)."""
    if shutil.which("openssl") is None:
        if os.environ.get("CYBERCHECK_REQUIRE_SERVERS") == "1":
            pytest.fail("openssl is not installed, and CI requires every real server (CYBERCHECK_REQUIRE_SERVERS=1)")
        pytest.skip("openssl is not installed here")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True,
    )
    return str(cert), str(key)


@pytest.fixture
def trust_test_certificate(certificate: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> str:
    """Make TLS clients (ssl's default context and requests) trust the test certificate only."""
    monkeypatch.setenv("SSL_CERT_FILE", certificate[0])
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certificate[0])
    return certificate[0]


@pytest.fixture
def honest_zone() -> network_dns.Zone:
    """A zone with the real sign-in answers."""
    return network_dns.zone_of(REAL)


@pytest.fixture
def dns_server(honest_zone: network_dns.Zone) -> Iterator[network_dns.DnsServer]:
    """A plain DNS server on loopback (honest until a test changes its zone)."""
    server = network_dns.DnsServer(honest_zone)
    yield server
    server.close()


@pytest.fixture
def dot_server(certificate: tuple[str, str]) -> Iterator[network_dns.DotServer]:
    """An honest DNS-over-TLS server on loopback."""
    server = network_dns.DotServer(network_dns.zone_of(REAL), *certificate)
    yield server
    server.close()


@pytest.fixture
def doh_server(certificate: tuple[str, str]) -> Iterator[network_dns.DohServer]:
    """An honest DNS-over-HTTPS server on loopback."""
    server = network_dns.DohServer(network_dns.zone_of(REAL), *certificate)
    yield server
    server.close()
