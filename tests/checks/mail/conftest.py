"""Fixtures for the mail tests: loopback Gmail and Graph stand-ins, and a real Dovecot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.mail_dovecot import Dovecot, running_dovecot
from tests.servers.mail_gmail import GmailStub
from tests.servers.mail_graph import GraphStub
from tests.servers.mail_http import StubServer


@pytest.fixture
def gmail() -> Iterator[tuple[GmailStub, StubServer]]:
    """A Gmail stand-in and its server."""
    stub = GmailStub()
    with StubServer(stub) as server:
        yield stub, server


@pytest.fixture
def graph() -> Iterator[tuple[GraphStub, StubServer]]:
    """A Graph stand-in and its server."""
    stub = GraphStub()
    with StubServer(stub) as server:
        stub.base = server.url
        yield stub, server


# --- a real Dovecot with Pigeonhole (tests/servers/mail_dovecot.py) ---------------------------


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[Dovecot]:
    """A Dovecot with IMAP and ManageSieve, started for the session as a foreground process."""
    from tests.conftest import require_server

    require_server("dovecot")
    require_server("openssl")
    with running_dovecot() as server:
        yield server


@pytest.fixture
def dovecot(dovecot_server: Dovecot, monkeypatch: pytest.MonkeyPatch) -> Dovecot:
    """The session's Dovecot, with its certificate trusted (SSL_CERT_FILE) for this test."""
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot_server.cert))
    return dovecot_server
