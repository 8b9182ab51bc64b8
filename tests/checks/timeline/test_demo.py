"""The made-up demo case (checks/timeline/examples/): what `cybercheck demo` and `timeline --demo` show."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.timeline.checks import TimelineContact
from cybercheck.demo import demo_env, demo_plan
from cybercheck.pipeline.model import Status
from cybercheck.pipeline.scanning import scan
from tests.cybercheck.cli_helpers import run_cli

EXPECTED = {
    "timeline.contact.threat-words",  # one message that may contain a threat
    "timeline.contact.after-stop",  # contact after "Please stop contacting me"
    "timeline.contact.night",  # messages at night
    "timeline.contact.summary",  # repeated contact, at a glance
}


def test_the_demo_runs_the_timeline_on_its_example_with_who_it_is_about() -> None:
    plan, inputs = demo_plan()
    assert any(entry.id == "timeline.contact" for entry, _ in plan)
    given = inputs["timeline.contact"]
    assert given["about"] == TimelineContact.example_values["about"]
    assert given["asked-to-stop"] == ("2026-10-03 18:30",)
    assert all(Path(p).is_file() for kind in ("whatsapp", "sms-backup") for p in given[kind])


def test_the_demo_finds_the_pattern_a_support_worker_would_recognise() -> None:
    plan, inputs = demo_plan()
    chosen = [item for item in plan if item[0].id == "timeline.contact"]
    report = scan(demo_env(inputs, "GB"), chosen, operator="test", case="DEMO")
    (result,) = [r.result for r in report.results]
    assert result.status is Status.FOUND and not result.gaps and result.problem is None
    assert {f.code for f in result.findings} == EXPECTED
    subjects = " ".join(str(f.subject) for f in result.findings)
    assert "Jordan" in subjects and "2026-10-03" in subjects


def test_timeline_demo_makes_a_record_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring: object
) -> None:
    monkeypatch.chdir(tmp_path)
    ran = run_cli("timeline", "--demo")
    assert ran.code == 1, ran.stderr  # something at medium or above was found
    record = tmp_path / "cybercheck-demo-timeline.html"
    assert record.is_file()
    assert (tmp_path / "cybercheck-demo-timeline.manifest.json").is_file()
    assert "I'll regret" not in ran.stdout and "regret this" not in ran.stdout  # texts stay off the screen
    assert "regret this" in record.read_text(encoding="utf-8")
