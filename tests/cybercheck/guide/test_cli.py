"""The commands: guide from an answers file, scan --case and --seal, report open, case, evidence and diary."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from guided_helpers import CASE_PASS, SEAL_PASS, plaintext_hits, run_cli

SENSITIVE = "he waits outside the school on Tuesdays"


def test_the_example_session_runs_offline_and_explains_its_findings() -> None:
    code, out, err = run_cli("guide", "--answers", "example")
    assert code == 1  # something was found
    assert "They always know where I am" in out
    assert "Your location is shared with someone you did not choose" in out
    assert 'This could explain "They always know where I am"' in out
    assert "Before you do this:" in out and "999" in out
    assert "WhatsApp, Signal and Telegram linked devices: Nothing found" in err


def write_answers(folder: Path, **extra: object) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "answers.yaml"
    content = {
        "country": "GB",
        "offline": True,
        "answers": {"safe-to-talk": "yes", "device-access": "yes", "safe-contact": ["email"], "concerns": ["other"],
                    "concern-details": SENSITIVE, "devices": ["iphone"], "accounts": ["whatsapp"]},
        "checks": {"guided.messaging": {"whatsapp": "yes"}, "guided.apple-account": "skip"},
        **extra,
    }
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    return path


def test_a_saved_and_sealed_session_leaves_no_secret_or_sensitive_answer_in_plain_text(
    tmp_path: Path, passphrases: dict[str, str], isolated_user_folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = write_answers(tmp_path / "input", case="C-77")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code, out, err = run_cli("guide", "--answers", str(answers), "--output", "session.html", "--seal")
    assert code == 1, err
    assert (work / "session.html.zip").is_file() and not (work / "session.html").exists()
    assert "Kept this session in case C-77" in err
    assert SENSITIVE not in out and "Safe ways to contact" not in out  # stdout is not a terminal here
    assert plaintext_hits([work, isolated_user_folders["data"], isolated_user_folders["config"],
                           isolated_user_folders["cache"]], [SENSITIVE, CASE_PASS, SEAL_PASS, "Safe ways"]) == []
    # the case keeps the session, sensitive answers included, sealed
    from cybercheck.casework.cases import Case
    from cybercheck.secrets import Secret

    case = Case.open("C-77", Secret(CASE_PASS))
    (session,) = case.sessions()
    assert session["answers"]["concern-details"] == SENSITIVE
    assert case.scans()[0].kind == "guide"
    # and the sealed report opens again
    code, shown, err = run_cli("report", "open", str(work / "session.html.zip"), "--format", "json")
    assert code == 0, err
    data = json.loads(shown)
    assert data["case"] == "C-77"
    assert any(r["check"] == "guided.messaging" and r["status"] == "found" for r in data["results"])


def hosts(path: Path, *lines: str) -> Path:
    path.write_text("127.0.0.1 localhost\n" + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_scan_with_a_case_says_what_is_new_gone_and_changed(tmp_path: Path, passphrases: dict[str, str]) -> None:
    first = hosts(tmp_path / "hosts1", "203.0.113.66 accounts.google.com", "0.0.0.0 login.live.com")
    second = hosts(tmp_path / "hosts2", "203.0.113.66 accounts.google.com", "198.51.100.7 www.facebook.com")
    code, _, err = run_cli("scan", "--check", "computer.hosts", "--input", f"hosts={first}", "--case", "C-5", "--offline")
    assert code == 1 and "Kept this scan in case C-5" in err and "There is no case C-5 yet" in err
    code, _, err = run_cli("scan", "--check", "computer.hosts", "--input", f"hosts={second}", "--case", "C-5", "--offline")
    assert "NEW:" in err and "facebook" in err.split("NEW:")[1].splitlines()[0]
    assert "GONE:" in err and "login.live.com" in err.split("GONE:")[1].splitlines()[0]
    code, out, _ = run_cli("case", "show", "C-5")
    assert code == 0 and "Saved scans: 2" in out and "NEW:" in out


def test_a_changed_finding_is_reported_as_changed(tmp_path: Path, passphrases: dict[str, str]) -> None:
    first = hosts(tmp_path / "h1", "203.0.113.66 accounts.google.com")
    second = hosts(tmp_path / "h2", "# a comment moves the line", "203.0.113.66 accounts.google.com")
    run_cli("scan", "--check", "computer.hosts", "--input", f"hosts={first}", "--case", "C-6", "--offline")
    _, _, err = run_cli("scan", "--check", "computer.hosts", "--input", f"hosts={second}", "--case", "C-6", "--offline")
    assert "CHANGED:" in err and "accounts.google.com" in err


def test_a_wrong_case_passphrase_says_so_and_changes_nothing(
    tmp_path: Path, passphrases: dict[str, str], monkeypatch: pytest.MonkeyPatch, isolated_user_folders: dict[str, Path]
) -> None:
    run_cli("case", "new", "C-8")
    folder = isolated_user_folders["data"] / "cases" / "C-8"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    monkeypatch.setenv("CYBERCHECK_SECRET_CASE", "not the passphrase")
    code, _, err = run_cli("scan", "--check", "computer.hosts", "--input", f"hosts={hosts(tmp_path / 'h')}",
                           "--case", "C-8", "--offline")
    assert code == 2 and "passphrase does not open" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_scan_seal_and_report_open_round_trip_wrong_passphrase_and_tampering(
    tmp_path: Path, passphrases: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    file = hosts(tmp_path / "hosts", "203.0.113.66 accounts.google.com")
    target = tmp_path / "report.html"
    code, _, err = run_cli("scan", "--check", "computer.hosts", "--input", f"hosts={file}", "--offline",
                           "--output", str(target), "--seal")
    sealed = tmp_path / "report.html.zip"
    assert code == 1 and sealed.is_file() and not target.exists() and "7-Zip" in err
    assert b"accounts.google.com" not in sealed.read_bytes()
    out_md = tmp_path / "opened.md"
    code, _, err = run_cli("report", "open", str(sealed), "--output", str(out_md))
    assert code == 0 and "accounts.google.com" in out_md.read_text(encoding="utf-8")
    monkeypatch.setenv("CYBERCHECK_SECRET_SEAL", "wrong passphrase")
    out_bad = tmp_path / "wrong.md"
    code, _, err = run_cli("report", "open", str(sealed), "--output", str(out_bad))
    assert code == 2 and "passphrase does not open" in err and not out_bad.exists()
    monkeypatch.setenv("CYBERCHECK_SECRET_SEAL", SEAL_PASS)
    damaged = bytearray(sealed.read_bytes())
    damaged[200] ^= 0xFF
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(bytes(damaged))
    out_t = tmp_path / "tampered.md"
    code, _, err = run_cli("report", "open", str(tampered), "--output", str(out_t))
    assert code == 2 and "changed or damaged" in err and not out_t.exists()
    assert list(tmp_path.glob("*.part")) == []


def test_seal_without_output_is_a_usage_error() -> None:
    code, _, err = run_cli("scan", "--check", "computer.hosts", "--seal", "--offline")
    assert code == 2 and "--output" in err


def test_no_passphrase_and_no_terminal_is_a_plain_error() -> None:
    code, _, err = run_cli("case", "new", "C-1")
    assert code == 2 and "CYBERCHECK_SECRET_CASE" in err


@pytest.mark.needs_server("7z")
def test_case_export_opens_with_7z_and_delete_removes_the_case(
    tmp_path: Path, passphrases: dict[str, str], isolated_user_folders: dict[str, Path]
) -> None:
    shot = tmp_path / "screenshot.png"
    shot.write_bytes(b"\x89PNG fake screenshot bytes")
    run_cli("case", "new", "C-9")
    assert run_cli("evidence", "add", str(shot), "--case", "C-9", "--note", "Maps sharing screen")[0] == 0
    assert run_cli("diary", "add", "--case", "C-9", "--date", "2026-11-30", "--what", "Followed to work")[0] == 0
    run_cli("scan", "--check", "computer.hosts", "--input", f"hosts={hosts(tmp_path / 'h')}", "--case", "C-9", "--offline")
    code, _, err = run_cli("case", "export", "C-9", "--output", str(tmp_path / "c9"))
    assert code == 0, err
    out = tmp_path / "unpacked"
    done = subprocess.run(["7z", "x", "-y", f"-p{SEAL_PASS}", f"-o{out}", str(tmp_path / "c9.zip")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout
    assert (out / "evidence" / "0001-screenshot.png").read_bytes() == shot.read_bytes()
    assert "Followed to work" in (out / "diary.csv").read_text(encoding="utf-8")
    assert "Maps sharing screen" in (out / "latest-report.html").read_text(encoding="utf-8")
    assert run_cli("case", "list")[1].split() == ["C-9"]
    assert run_cli("case", "delete", "C-9", "--yes")[0] == 0
    assert not (isolated_user_folders["data"] / "cases" / "C-9").exists()
    assert run_cli("case", "list")[1].strip() == "There are no cases on this computer."


def test_evidence_log_in_the_report_and_report_verify(tmp_path: Path, passphrases: dict[str, str]) -> None:
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"first version")
    run_cli("case", "new", "C-10")
    run_cli("evidence", "add", str(shot), "--case", "C-10", "--note", "Sharing screen, 30 Nov")
    saved = tmp_path / "report.json"
    run_cli("scan", "--check", "computer.hosts", "--input", f"hosts={hosts(tmp_path / 'h')}", "--case", "C-10",
            "--offline", "--output", str(saved))
    data = json.loads(saved.read_text(encoding="utf-8"))
    (entry,) = data["evidence_log"]
    assert entry["name"] == "shot.png" and entry["note"] == "Sharing screen, 30 Nov" and entry["kept"] is True
    import hashlib

    assert entry["sha256"] == hashlib.sha256(b"first version").hexdigest() and entry["size"] == 13
    html = tmp_path / "report.html"
    run_cli("report", "show", str(saved), "--output", str(html))
    assert "Evidence kept for this case" in html.read_text(encoding="utf-8")
    code, out, _ = run_cli("report", "verify", str(saved))
    assert code == 0 and "shot.png" in out
    shot.write_bytes(b"changed since")
    code, out, _ = run_cli("report", "verify", str(saved))
    assert code == 1 and "CHANGED" in out
    shot.unlink()
    code, out, _ = run_cli("report", "verify", str(saved))
    assert "a sealed copy is kept in case C-10" in out
    code, out, _ = run_cli("evidence", "verify", "--case", "C-10")
    assert code == 0 and "copy in the case unchanged" in out


def test_the_json_report_with_an_evidence_log_fits_the_schema(tmp_path: Path, passphrases: dict[str, str]) -> None:
    import jsonschema

    shot = tmp_path / "s.txt"
    shot.write_text("x")
    run_cli("case", "new", "C-11")
    run_cli("evidence", "add", str(shot), "--case", "C-11")
    saved = tmp_path / "r.json"
    run_cli("scan", "--check", "computer.hosts", "--input", f"hosts={hosts(tmp_path / 'h')}", "--case", "C-11",
            "--offline", "--output", str(saved))
    schema = json.loads((Path(__file__).parents[3] / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(saved.read_text(encoding="utf-8")), schema)
    from cybercheck.report.json_report import read_report, render_json

    assert json.loads(render_json(read_report(saved.read_text(encoding="utf-8")))) == json.loads(saved.read_text(encoding="utf-8"))


def test_report_open_reads_the_cybercheck_sealed_form_too(tmp_path: Path, passphrases: dict[str, str]) -> None:
    from datetime import datetime, timezone

    from cybercheck.report.build import build_report
    from cybercheck.report.json_report import render_json
    from cybercheck.casework.sealing import seal
    from cybercheck.secrets import Secret

    report = build_report((), generated_at=datetime(2026, 12, 1, tzinfo=timezone.utc), country="GB", case="N-1")
    path = tmp_path / "report.seal"
    path.write_bytes(seal(render_json(report).encode(), Secret(SEAL_PASS)))
    code, out, err = run_cli("report", "open", str(path), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["case"] == "N-1"
    path.write_bytes(b"neither a zip nor sealed")
    code, _, err = run_cli("report", "open", str(path))
    assert code == 2 and "not a sealed cybercheck report" in err


def test_report_open_of_a_case_export_shows_its_latest_scan(tmp_path: Path, passphrases: dict[str, str]) -> None:
    run_cli("case", "new", "C-12")
    run_cli("scan", "--check", "computer.hosts", "--input", f"hosts={hosts(tmp_path / 'h1', '203.0.113.66 accounts.google.com')}",
            "--case", "C-12", "--offline")
    run_cli("scan", "--check", "computer.hosts", "--input", f"hosts={hosts(tmp_path / 'h2', '198.51.100.7 www.facebook.com')}",
            "--case", "C-12", "--offline")
    code, out, _ = run_cli("case", "show", "C-12")
    assert "scan, 1 check, 1 found" in out
    code, _, err = run_cli("case", "export", "C-12", "--output", str(tmp_path / "c12.zip"))
    assert code == 0 and "shows its latest report" in err
    code, out, _ = run_cli("report", "open", str(tmp_path / "c12.zip"), "--format", "md")
    assert code == 0 and "www.facebook.com" in out and "accounts.google.com" not in out


def test_a_sealed_diary_does_not_claim_report_open_reads_it(tmp_path: Path, passphrases: dict[str, str]) -> None:
    run_cli("case", "new", "C-13")
    run_cli("diary", "add", "--case", "C-13", "--date", "2026-11-30", "--what", "Followed to work")
    code, _, err = run_cli("diary", "export", "--case", "C-13", "--output", str(tmp_path / "d.html"), "--seal")
    assert code == 0 and "7-Zip" in err and "report open" not in err


def test_case_delete_without_a_terminal_asks_for_yes_and_deletes_nothing(
    passphrases: dict[str, str], isolated_user_folders: dict[str, Path]
) -> None:
    run_cli("case", "new", "C-14")
    code, _, err = run_cli("case", "delete", "C-14")
    assert code == 2 and "--yes" in err and "Nothing was deleted" in err
    assert (isolated_user_folders["data"] / "cases" / "C-14").is_dir()


def test_the_summary_keeps_each_reason_a_sentence() -> None:
    _, out, _ = run_cli("guide", "--answers", "example")
    assert "a Google Takeout export can be checked instead. It needs the internet, and this check-up" in out
    assert "cybercheck login" not in out and "--offline" not in out  # a guided session names no commands or flags
