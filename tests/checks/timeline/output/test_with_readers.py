"""`cybercheck timeline` with the real readers: real-format exports and a saved scan report on one record."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timezone
from pathlib import Path

import jsonschema

from cybercheck.pipeline.model import CheckResult, Evidence, Finding, Severity
from cybercheck.report.build import build_report
from cybercheck.report.json_report import render_json
from tests.cybercheck.cli_helpers import run_cli

REAL = Path("tests/realworld/timeline")


def _scan_report(path: Path) -> None:
    finding = Finding(
        "mail.rule.forwards-external",
        Severity.HIGH,
        "Filter forwarding to someone@example.net",
        (
            Evidence(
                "Gmail filters",
                datetime(2024, 1, 14, 9, 30, tzinfo=timezone.utc),
                {"to": "someone@example.net"},
            ),
        ),
    )
    result = CheckResult(check_id="mail.gmail", title="Gmail", area="accounts", findings=(finding,))
    report = build_report([result], generated_at=datetime(2024, 1, 15, tzinfo=timezone.utc), country="GB")
    path.write_text(render_json(report), encoding="utf-8")


def test_real_exports_and_a_scan_report_make_one_record(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    scan = tmp_path / "scan.json"
    _scan_report(scan)
    out = tmp_path / "record" / "timeline.html"
    out.parent.mkdir()
    ran = run_cli(
        "timeline",
        "--input",
        f"sms={REAL / 'sms' / 'sms-20240115.xml'}",
        "--input",
        f"sms={REAL / 'sms' / 'calls-20240115.xml'}",
        "--report",
        str(scan),
        "--about",
        "+44 7700 900123",
        "--output",
        str(out),
        "--country",
        "GB",
    )
    assert ran.code in (0, 1), ran.stderr
    html = out.read_text(encoding="utf-8")
    assert "Found by the account and device check" in html  # the dated finding sits in the log
    assert "Findings from the account and device check" in html  # and with its advice after the log
    with out.with_name("timeline.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    whens = [r["timestamp_utc"] for r in rows]
    assert whens == sorted(whens)
    assert any(r["how"] == "cybercheck" for r in rows)
    assert {Path(r["evidence_file"]).name for r in rows} >= {"sms-20240115.xml", "scan.json"}
    data = json.loads(out.with_name("timeline.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(Path("docs/report.schema.json").read_text(encoding="utf-8")))
    assert any(e["kind"] == "finding" for e in data["timeline"]["events"])
    assert {Path(e["path"]).name for e in data["evidence_files"]} >= {
        "sms-20240115.xml",
        "calls-20240115.xml",
        "scan.json",
    }
    assert run_cli("timeline", "--verify", str(out)).code == 0
    for text in ("Are you home?",):
        assert text not in ran.stdout + ran.stderr


def test_an_unknown_kind_is_a_plain_error(tmp_path: Path) -> None:
    ran = run_cli(
        "timeline",
        "--input",
        f"signall={REAL / 'sms' / 'sms-20240115.xml'}",
        "--about",
        "+447700900123",
        "--output",
        str(tmp_path / "t.html"),
    )
    assert ran.code == 2
    assert 'cannot read exports of the kind "signall"' in ran.stderr


def test_the_asked_to_stop_date_reaches_the_judgement(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "timeline.html"
    ran = run_cli(
        "timeline",
        "--input",
        f"sms={REAL / 'sms' / 'sms-20240115.xml'}",
        "--about",
        "+44 7700 900123",
        "--asked-to-stop",
        "2024-01-01",
        "--output",
        str(out),
    )
    assert ran.code in (0, 1, 3), ran.stderr
    data = json.loads(out.with_name("timeline.json").read_text(encoding="utf-8"))
    codes = {f["code"] for r in data["results"] for f in r["findings"]}
    assert "timeline.contact.after-stop" in codes
    wrong = run_cli(
        "timeline",
        "--input",
        f"sms={REAL / 'sms' / 'sms-20240115.xml'}",
        "--about",
        "x",
        "--blocked",
        "last tuesday",
        "--output",
        str(tmp_path / "t.html"),
    )
    assert wrong.code == 2 and "as a date for --blocked" in wrong.stderr


def test_a_case_adds_its_diary_and_evidence_log(tmp_path: Path, memory_keyring, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CYBERCHECK_SECRET_CASE", "case passphrase for tests")
    screenshot = tmp_path / "screenshot.png"
    screenshot.write_bytes(b"\x89PNG not really")
    assert run_cli("case", "new", "T-1").code == 0
    assert (
        run_cli(
            "diary",
            "add",
            "--case",
            "T-1",
            "--date",
            "2024-01-14",
            "--time",
            "21:30",
            "--what",
            "He was outside my flat",
        ).code
        == 0
    )
    assert run_cli("evidence", "add", "--case", "T-1", str(screenshot), "--note", "his message").code == 0
    out = tmp_path / "timeline.html"
    ran = run_cli(
        "timeline",
        "--input",
        f"sms={REAL / 'sms' / 'sms-20240115.xml'}",
        "--about",
        "+44 7700 900123",
        "--case",
        "T-1",
        "--output",
        str(out),
    )
    assert ran.code in (0, 1, 3), ran.stderr
    assert "He was outside my flat" not in ran.stdout + ran.stderr
    html = out.read_text(encoding="utf-8")
    assert "He was outside my flat" in html and "Diary entry" in html
    assert "Evidence kept in the case" in html and "screenshot.png" in html
    data = json.loads(out.with_name("timeline.json").read_text(encoding="utf-8"))
    kinds = {e["channel"] for e in data["timeline"]["events"]}
    assert {"diary", "evidence-log", "sms"} <= kinds
    assert data["timeline"]["summary"]["other_entries"] >= 2  # never counted as contact
    assert run_cli("timeline", "--verify", str(out)).code == 0
