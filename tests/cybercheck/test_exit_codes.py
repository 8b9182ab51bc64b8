"""Each exit status of `cybercheck scan`, through the real entry point."""

from __future__ import annotations

from cybercheck.exit_codes import ExitCode
from tests.cybercheck.cli_helpers import run_cli


def test_clean_is_0(fake_plugins) -> None:
    fake_plugins("test.quiet")
    assert run_cli("scan").code == ExitCode.CLEAN == 0


def test_found_is_1(fake_plugins) -> None:
    fake_plugins("test.quiet", "test.finds")
    assert run_cli("scan").code == ExitCode.FOUND == 1


def test_found_below_fail_on_is_not_1(fake_plugins) -> None:
    fake_plugins("test.finds")
    assert run_cli("scan", "--fail-on", "urgent").code == ExitCode.CLEAN


def test_usage_errors_are_2(fake_plugins) -> None:
    fake_plugins("test.quiet")
    assert run_cli("scan", "--input", "no-equals-sign").code == ExitCode.USAGE == 2
    assert run_cli("scan", "--check", "nothing.like.this").code == ExitCode.USAGE
    assert run_cli("scan", "--no-such-flag").code == ExitCode.USAGE
    assert run_cli("scan", "--config", "/nonexistent/cybercheck.toml").code == ExitCode.USAGE


def test_a_failure_with_nothing_found_is_3(fake_plugins) -> None:
    fake_plugins("test.quiet", "test.raises", "test.hangs", "test.broken")
    ran = run_cli("scan", "--timeout", "1")
    assert ran.code == ExitCode.INCOMPLETE == 3
    assert "could not be loaded" in ran.stdout


def test_a_named_check_that_cannot_run_is_3_but_an_unnamed_one_is_not(fake_plugins) -> None:
    fake_plugins("test.quiet", "test.needs")
    assert run_cli("scan").code == ExitCode.CLEAN
    assert run_cli("scan", "--check", "test.needs").code == ExitCode.INCOMPLETE


def test_a_broken_plugin_named_with_check_is_failed_not_unknown(fake_plugins) -> None:
    fake_plugins("test.broken")
    ran = run_cli("scan", "--check", "test.broken", "--format", "json")
    assert ran.code == ExitCode.INCOMPLETE
    assert '"status": "failed"' in ran.stdout


def test_ctrl_c_is_130_and_still_saves_what_finished(fake_plugins, tmp_path) -> None:
    fake_plugins("test.quiet", "test.interrupts")
    target = tmp_path / "r.json"
    ran = run_cli("scan", "--output", str(target))
    assert ran.code == ExitCode.INTERRUPTED == 130
    text = target.read_text()
    assert '"interrupted": true' in text and "test.quiet" in text


def test_help_lists_the_exit_statuses() -> None:
    ran = run_cli("--help")
    assert ran.code == 0
    for code in ExitCode:
        assert f"  {code.value}  " in ran.stdout
