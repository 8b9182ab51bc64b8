"""timeline.contact as `cybercheck scan` runs it: needs, coverage, gaps, findings, and no message text."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.timeline.api import TimelineInput, build_timeline, contact, recheck_dkim
from checks.timeline.checks import TimelineContact
from cybercheck.pipeline.model import Status
from cybercheck.testing import run

SAMPLES = Path(__file__).resolve().parents[2] / "realworld" / "timeline"


def test_runs_on_texts_and_calls_with_a_stop_date() -> None:
    result = run(
        TimelineContact,
        inputs={
            "sms-backup": [SAMPLES / "sms" / "sms-20240115.xml", SAMPLES / "sms" / "calls-20240115.xml"],
            "about": "Alex, +44 7700 900123",
            "asked-to-stop": "2024-01-15 08:01",
        },
    )
    assert result.status is Status.FOUND
    assert result.looked_at[0] == "10 messages, calls and mails read from 2 files"
    assert result.looked_at[1].startswith("9 of them from or to Alex")  # the "Alex work" number is not given
    codes = [f.code for f in result.findings]
    assert "timeline.contact.after-stop" in codes and "timeline.contact.summary" in codes
    after = next(f for f in result.findings if f.code == "timeline.contact.after-stop")
    assert after.subject.startswith("6 contacts from Alex after 2024-01-15")
    # what a terminal shows (subjects and evidence) carries references, never a message's words
    shown = " ".join(
        [f.subject for f in result.findings]
        + [str(dict(e.fields)) for f in result.findings for e in f.evidence]
    )
    assert "Saw your car outside" not in shown and "Are you home" not in shown


def test_needs_the_person_and_an_export() -> None:
    result = run(TimelineContact, inputs={"whatsapp": SAMPLES / "whatsapp" / "pustur-short-chat.txt"})
    assert result.status is Status.NOT_RUN
    result = run(TimelineContact, inputs={"about": "Alex"})
    assert result.status is Status.NOT_RUN


def test_undecidable_dates_make_the_result_incomplete() -> None:
    result = run(
        TimelineContact,
        inputs={"whatsapp": SAMPLES / "whatsapp" / "pustur-short-chat.txt", "about": "TestBot"},
    )
    assert any("could be read day-first or month-first" in gap for gap in result.gaps)
    assert result.status in (Status.FOUND, Status.INCOMPLETE) and not result.complete


def test_a_date_that_is_not_a_date_is_said() -> None:
    result = run(
        TimelineContact,
        inputs={
            "whatsapp": SAMPLES / "whatsapp" / "pustur-short-chat.txt",
            "about": "TestBot",
            "blocked": "last tuesday",
        },
    )
    assert result.status is Status.FAILED
    assert "could not be read" in result.problem.plain  # type: ignore[union-attr]


def test_signal_is_said_to_have_no_export(tmp_path: Path) -> None:
    result = build_timeline([TimelineInput("signal", tmp_path)], contact("Alex", ["Alex"]))
    assert [g.key for g in result.gaps] == ["timeline.signal-no-export"]


def test_dkim_recheck_is_dated(monkeypatch: pytest.MonkeyPatch) -> None:
    import dkim

    monkeypatch.setattr(dkim, "verify", lambda raw: b"Jeffrey" in raw)  # no DNS in tests
    result = build_timeline(
        [TimelineInput("mail", SAMPLES / "mail" / "gmail-dkim.eml")],
        contact("Jeff", ["jeff.stedfast@gmail.com"]),
    )
    (answer,) = recheck_dkim(result).values()
    assert answer["dkim.reverified"] == "pass" and answer["dkim.checked_at"]


def test_every_timeline_key_written_in_the_code_has_words() -> None:
    import ast

    from cybercheck.pipeline.words import template

    root = Path(__file__).resolve().parents[3] / "checks" / "timeline"
    keys = {
        node.value
        for path in root.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith("timeline.")
        and len(node.value) > len("timeline.")
        and " " not in node.value
        and not node.value.startswith("timeline.contact")
    }
    assert len(keys) > 30
    assert sorted(k for k in keys if template(k) is None) == []


def test_the_check_declares_every_export_kind_the_readers_know() -> None:
    from checks.timeline.api import EXPORT_INPUTS

    declared = {i.name for i in TimelineContact.inputs if i.is_path}
    assert declared == set(EXPORT_INPUTS)
    assert set(TimelineContact.needs[1].names) == set(EXPORT_INPUTS)


def test_the_date_order_can_be_given_for_a_chat_that_reads_both_ways() -> None:
    result = run(
        TimelineContact,
        inputs={
            "whatsapp": SAMPLES / "whatsapp" / "pustur-short-chat.txt",
            "about": "TestBot",
            "date-order": "month-first",
        },
    )
    assert result.gaps == () and result.complete
    wrong = run(
        TimelineContact,
        inputs={
            "whatsapp": SAMPLES / "whatsapp" / "pustur-short-chat.txt",
            "about": "TestBot",
            "date-order": "sideways",
        },
    )
    assert wrong.status is Status.FAILED
