"""RFC 3161 timestamps from a loopback OpenSSL `ts` server: a token verifies; a changed byte fails."""

from __future__ import annotations

import pytest

from cybercheck.net import make_session
from cybercheck.timestamping import BadTimestamp, check_token, stamp
from tests.servers.timeline_tsa import LoopbackTsa

pytestmark = pytest.mark.needs_server("openssl")


@pytest.fixture(scope="module")
def tsa():  # type: ignore[no-untyped-def]
    with LoopbackTsa() as server:
        yield server


def test_a_token_from_the_tsa_verifies_and_names_the_tsa(tsa: LoopbackTsa) -> None:
    data = b'{"manifest": "of a timeline"}'
    got = stamp(make_session(retries=0), tsa.url, data)
    assert "Loopback TSA" in got.tsa
    assert got.time.tzinfo is not None
    assert check_token(got.token, data).serial == got.serial


def test_a_changed_byte_in_the_data_fails(tsa: LoopbackTsa) -> None:
    data = b"the manifest bytes"
    got = stamp(make_session(retries=0), tsa.url, data)
    with pytest.raises(BadTimestamp):
        check_token(got.token, b"the manifest byteS")


def test_a_changed_byte_in_the_token_fails(tsa: LoopbackTsa) -> None:
    data = b"the manifest bytes"
    token = stamp(make_session(retries=0), tsa.url, data).token
    unnoticed = []
    for index in range(len(token)):  # every byte of the token, the TSA's certificates included
        changed = bytearray(token)
        changed[index] ^= 0x01
        try:
            check_token(bytes(changed), data)
        except BadTimestamp:
            continue
        unnoticed.append(index)
    assert unnoticed == []


def test_an_unreachable_tsa_gives_a_plain_error() -> None:
    from cybercheck.errors import Unreachable

    with pytest.raises(Unreachable) as caught:
        stamp(make_session(retries=0, timeout=2), "http://127.0.0.1:9/tsa", b"x")
    assert "time-stamping service" in caught.value.plain


def test_an_answer_that_is_not_a_timestamp_is_refused(tsa: LoopbackTsa) -> None:
    from cybercheck.timestamping import read_reply

    with pytest.raises(BadTimestamp):
        read_reply(b"<html>not a timestamp</html>", b"x", nonce=1)
