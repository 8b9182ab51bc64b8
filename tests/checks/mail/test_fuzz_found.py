"""Answers and scripts the fuzzing harness (tests/fuzz) found reported clean, or crashing a mail reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from cybercheck.pipeline.model import Status
from tests.fuzz.readers import gmail_expected_gaps, run_gmail


def _more_than_the_usual_gaps(result) -> bool:  # type: ignore[no-untyped-def]
    return bool(result.problem) or any(g not in gmail_expected_gaps() for g in result.gaps)


@pytest.mark.parametrize(
    ("setting", "body"),
    [
        ("filters", b"[]"),
        ("filters", b"null"),
        ("filters", b'{"filter": {"id": "x"}}'),
        ("forwardingAddresses", b'{"forwardingAddresses": ["spy@evil.example"]}'),
        ("sendAs", b"{}"),
        ("autoForwarding", b"[]"),
        ("imap", b"null"),
        ("vacation", b'"on"'),
    ],
)
def test_a_gmail_setting_not_in_its_documented_shape_is_a_gap(
    tmp_path: Path, setting: str, body: bytes
) -> None:
    result = run_gmail(tmp_path / setting, body)
    assert result.status is not Status.CLEAN
    assert _more_than_the_usual_gaps(result), result.gaps


def test_a_gmail_setting_answered_404_is_a_gap(tmp_path: Path) -> None:
    from checks.mail.checks import GmailSettings
    from cybercheck.testing import run
    from tests.fuzz.readers import _quiet_mailbox
    from tests.servers.mail_gmail import GOOD_TOKEN, GmailStub
    from tests.servers.mail_http import StubServer

    settings = _quiet_mailbox()
    del settings["filters"]
    with StubServer(GmailStub(settings)) as server:
        result = run(
            GmailSettings,
            endpoints={"gmail": server.url, "google-oauth": server.url},
            secrets={"gmail-token": GOOD_TOKEN},
        )
    assert _more_than_the_usual_gaps(result), result.gaps


def test_an_empty_filter_list_is_still_clean_apart_from_delegates(tmp_path: Path) -> None:
    result = run_gmail(tmp_path / "filters", b"{}")
    assert not _more_than_the_usual_gaps(result), result.gaps
