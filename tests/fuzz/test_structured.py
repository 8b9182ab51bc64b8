"""Structure-aware property tests of the JSON readers (strategies in tests/fuzz/strategies.py): valid JSON
whose documented fields are missing, mistyped or joined by keys no one documents. Never a traceback; a
mistyped or unknown field is never read as if nothing were wrong; an undamaged body raises no such gap."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.passwords.sources.exports import read_export_bytes
from cybercheck.errors import DamagedInput
from tests.fuzz import strategies

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def gmail() -> Iterator[object]:
    """One loopback Gmail stand-in for every example (a quiet mailbox; each example queues one body)."""
    from tests.fuzz.readers import _quiet_mailbox
    from tests.servers.mail_gmail import GmailStub
    from tests.servers.mail_http import StubServer

    stub = GmailStub(_quiet_mailbox())
    with StubServer(stub) as server:
        yield stub, server


@FAST
@given(setting=st.sampled_from(sorted(strategies.GMAIL)), data=st.data())
def test_a_gmail_setting_with_a_mistyped_or_unknown_field_is_a_gap(
    gmail, setting: str, data: st.DataObject
) -> None:  # type: ignore[no-untyped-def]
    from checks.mail.checks import GmailSettings
    from cybercheck.testing import run
    from tests.servers.mail_gmail import GOOD_TOKEN
    from tests.servers.mail_http import Reply

    stub, server = gmail
    body, damaged = data.draw(strategies.gmail_setting(setting))
    stub.queued[setting] = [Reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})]
    result = run(
        GmailSettings,
        endpoints={"gmail": server.url, "google-oauth": server.url},
        secrets={"gmail-token": GOOD_TOKEN},
        timeout=5.0,
    )
    assert result.problem is None, result.problem
    named = any(g.startswith(f"Part of Gmail's answer about its {setting} setting") for g in result.gaps)
    assert named is damaged, (body, result.gaps)
    if damaged:
        assert result.status.value != "clean"


@FAST
@given(drawn=strategies.bitwarden_export())
def test_a_bitwarden_item_with_a_mistyped_field_is_named(drawn: tuple[dict[str, object], int]) -> None:
    export, damaged = drawn
    try:
        read = read_export_bytes(json.dumps(export).encode(), "bitwarden.json")
    except DamagedInput:
        return
    named = [p for p in read.problems if "form Bitwarden never writes" in str(p)]
    assert bool(named) is bool(damaged), (export, read.problems)
    if damaged:
        assert str(damaged) in str(named[0])


@FAST
@given(drawn=strategies.telegram_chat())
def test_a_telegram_message_with_a_mistyped_field_is_a_gap(
    tmp_path_factory: pytest.TempPathFactory, drawn
) -> None:  # type: ignore[no-untyped-def]
    from checks.timeline.sources.base import Reading
    from checks.timeline.sources.telegram import read_telegram

    chat, damaged = drawn
    path: Path = tmp_path_factory.mktemp("telegram") / "result.json"
    path.write_text(json.dumps(chat), encoding="utf-8")
    reading = Reading.of(path, "telegram")
    events = list(read_telegram(path, reading, local=ZoneInfo("UTC")))
    odd = [g for g in reading.gaps if g.key == "timeline.telegram-message-odd"]
    assert len(odd) == sum(damaged), (chat, reading.gaps)
    assert len(events) == len(chat["messages"])  # each is still read: the gap says it may be read wrongly


@FAST
@given(drawn=strategies.instagram_logins())
def test_an_instagram_record_with_a_mistyped_entry_is_named(
    tmp_path_factory: pytest.TempPathFactory, drawn
) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    from checks.sessions.checks import InstagramSessions
    from cybercheck.testing import run

    export, damaged = drawn
    path: Path = tmp_path_factory.mktemp("instagram") / "instagram.zip"
    with zipfile.ZipFile(path, "w") as archive:
        member = "security_and_login_information/login_and_account_creation/login_activity.json"
        archive.writestr(member, json.dumps(export))
    result = run(InstagramSessions, inputs={"instagram": path})
    assert result.problem is None, result.problem
    named = [g for g in result.gaps if "in a form the export never has" in g]
    assert bool(named) is bool(damaged), (export, result.gaps)
    if damaged:
        assert named[0].startswith(f"{damaged} rows of")
