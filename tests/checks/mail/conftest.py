"""Fixtures for the mail tests: loopback Gmail and Graph stand-ins, and a real Dovecot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

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
