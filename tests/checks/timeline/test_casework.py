"""The diary, the evidence log and the dated findings of a saved report."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from checks.timeline.api import TimelineInput, build_timeline, contact
from checks.timeline.records import EventKind
from checks.timeline.sources.base import Reading
from checks.timeline.sources.casework import diary_events, evidence_events
from cybercheck.casework.diary import DiaryEntry
from cybercheck.pipeline.model import LoggedEvidence

LONDON = ZoneInfo("Europe/London")


def test_diary_entries_with_and_without_a_clock_time(tmp_path: Path) -> None:
    case = tmp_path / "case"
    case.write_bytes(b"sealed")
    reading = Reading.of(case, "diary")
    entries = [
        DiaryEntry(date="2024-01-15", what="Car outside the house", time="about 9.30pm", place="home"),
        DiaryEntry(date="2024-01-16", what="Flowers left at work", time="morning"),
        DiaryEntry(date="someday", what="?"),
    ]
    events = list(diary_events(entries, reading, local=LONDON))
    assert [e.when.hour for e in events] == [21, 0]
    assert events[1].fields["time_known"] == "no"
    assert events[0].kind is EventKind.DIARY_ENTRY and events[0].fields["place"] == "home"
    assert [g.locator for g in reading.gaps] == ["diary entry 3"]


def test_evidence_log(tmp_path: Path) -> None:
    case = tmp_path / "case"
    case.write_bytes(b"sealed")
    item = LoggedEvidence(
        name="shot.png",
        sha256="ab" * 32,
        size=10,
        added=datetime(2024, 1, 15, 9, 0, tzinfo=timezone.utc),
        note="the message at 9",
    )
    (event,) = evidence_events([item], Reading.of(case, "evidence-log"))
    assert event.attachments == ("shot.png",) and event.fields["sha256"] == "ab" * 32


def test_report_findings_on_the_timeline_not_in_the_counts(tmp_path: Path) -> None:
    report = {
        "results": [
            {
                "check": "mail.gmail",
                "findings": [
                    {
                        "code": "mail.rule.forwards-external",
                        "severity": "high",
                        "subject": "Filter forwarding to x@example.net",
                        "title": "A mail rule sends copies",
                        "evidence": [
                            {"source": "Gmail", "when": None, "fields": {}},
                            {"source": "Gmail", "when": "2024-01-10T10:00:00+00:00", "fields": {}},
                        ],
                    },
                    {"code": "mail.undated", "severity": "low", "subject": "no date", "evidence": []},
                ],
            }
        ]
    }
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    result = build_timeline([TimelineInput("report", path)], contact("Alex", ["+447700900123"]))
    (finding,) = result.other_findings
    assert finding.kind is EventKind.FINDING and finding.fields["code"] == "mail.rule.forwards-external"
    assert finding.source.locator == "/results/0/findings/0/evidence/1"
    assert result.stats.total == 0
