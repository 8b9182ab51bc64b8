"""Saving is atomic, and `report verify` notices a changed evidence file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cybercheck.report.save import save_atomically
from tests.cybercheck.cli_helpers import run_cli


def test_a_write_that_fails_midway_leaves_nothing_at_the_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.html"

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        save_atomically(target, b"x" * 100_000)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_save_through_the_cli_is_a_plain_message(fake_plugins, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_plugins("test.quiet")
    for placing in ("replace", "link", "rename"):  # however the finished file is put in place
        monkeypatch.setattr(os, placing, lambda a, b: (_ for _ in ()).throw(OSError(13, "Permission denied")))
    ran = run_cli("scan", "--output", str(tmp_path / "r.md"))
    assert ran.code == 2
    assert "could not be saved" in ran.stderr and "Traceback" not in ran.stderr
    assert list(tmp_path.iterdir()) == []


def test_verify_detects_a_changed_evidence_file(fake_plugins, tmp_path: Path) -> None:
    fake_plugins("test.needs")
    evidence = tmp_path / "export.txt"
    evidence.write_text("original")
    report = tmp_path / "r.json"
    assert run_cli("scan", "--check", "test.needs", "--input", f"thing={evidence}", "--output", str(report)).code == 0
    assert run_cli("report", "verify", str(report)).code == 0
    evidence.write_text("changed")
    ran = run_cli("report", "verify", str(report))
    assert ran.code == 1 and "CHANGED" in ran.stdout


def test_report_show_renders_a_saved_report(fake_plugins, tmp_path: Path) -> None:
    fake_plugins("test.finds")
    report = tmp_path / "r.json"
    run_cli("scan", "--output", str(report))
    ran = run_cli("report", "show", str(report), "--format", "md")
    assert ran.code == 0 and "This computer sends a sign-in site to a different server" in ran.stdout


def test_report_show_of_a_file_that_is_not_a_report_is_a_plain_message(tmp_path: Path) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("<html>not json</html>")
    ran = run_cli("report", "show", str(junk))
    assert ran.code == 2 and "not a cybercheck" in ran.stderr and "Traceback" not in ran.stderr
