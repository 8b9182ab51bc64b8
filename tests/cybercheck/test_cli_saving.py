"""The command line never saves over an existing report: it takes a new name, or asks at a terminal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.cybercheck.cli_helpers import run_cli

pexpect = pytest.importorskip("pexpect")


def test_a_second_report_with_the_same_name_gets_a_new_name(
    fake_plugins, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    fake_plugins("test.quiet")
    monkeypatch.chdir(tmp_path)
    assert run_cli("scan", "--check", "test.quiet", "--output", "report.html").code == 0
    again = run_cli("scan", "--check", "test.quiet", "--output", "report.html")
    assert again.code == 0
    assert (tmp_path / "report.html").exists() and (tmp_path / "report (2).html").exists()
    assert "report.html was already there, so this was saved as report (2).html" in again.stderr
    assert str(tmp_path / "report (2).html") in again.stderr


def test_a_sealed_report_with_the_same_name_gets_a_new_name(
    fake_plugins, passphrases, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    fake_plugins("test.quiet")
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        assert run_cli("scan", "--check", "test.quiet", "--output", "report.html", "--seal").code == 0
    assert sorted(p.name for p in tmp_path.glob("*.zip")) == ["report (2).html.zip", "report.html.zip"]


def spawn_scan(tmp_path: Path, hosts: Path):  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CYBERCHECK_")}
    env.update({"TERM": "dumb", "COLUMNS": "120", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
                "CYBERCHECK_DATA_DIR": str(tmp_path / "data"), "CYBERCHECK_CONFIG_DIR": str(tmp_path / "config")})
    args = ["-m", "cybercheck", "scan", "--check", "computer.hosts", "--input", f"hosts={hosts}",
            "--offline", "--output", "report.md"]
    return pexpect.spawn(sys.executable, args, cwd=str(tmp_path), env=env, encoding="utf-8", timeout=30,
                         dimensions=(50, 120))


@pytest.mark.parametrize(("answer", "replaced"), [("n", False), ("y", True)])
def test_at_a_terminal_it_asks_before_replacing(tmp_path: Path, answer: str, replaced: bool) -> None:
    hosts = tmp_path / "hosts"
    hosts.write_text("127.0.0.1 localhost\n", encoding="utf-8")
    (tmp_path / "report.md").write_text("an earlier report", encoding="utf-8")
    child = spawn_scan(tmp_path, hosts)
    child.expect_exact("report.md is already there. Replace it? (If not, this is saved as report (2).md.)")
    child.sendline(answer)
    child.expect(pexpect.EOF)
    child.close()
    kept = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert (kept == "an earlier report") is not replaced
    assert (tmp_path / "report (2).md").exists() is not replaced
