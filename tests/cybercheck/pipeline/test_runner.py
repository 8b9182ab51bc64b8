"""The runner isolates broken checks, enforces time limits and never turns a gap into clean."""

from __future__ import annotations

import time

from cybercheck.pipeline.model import Status
from cybercheck.pipeline.scheduler import run_all
from cybercheck.testing import make_env
from tests.cybercheck.conftest import fake_entries


def _run(*ids: str, time_limit: float = 5.0, **env_args: object):  # type: ignore[no-untyped-def]
    plan = [(entry, True) for entry in fake_entries(*ids)]
    return run_all(plan, make_env(**env_args), time_limit=time_limit)  # type: ignore[arg-type]


def test_a_crash_a_hang_and_a_failed_import_leave_the_others_complete(fake_plugins) -> None:
    fake_plugins()
    started = time.monotonic()
    outcome = _run("test.quiet", "test.finds", "test.raises", "test.hangs", "test.broken", time_limit=1.0)
    assert time.monotonic() - started < 10
    status = {r.check_id: r.status for r in outcome.results}
    assert status == {
        "test.quiet": Status.CLEAN,
        "test.finds": Status.FOUND,
        "test.raises": Status.FAILED,
        "test.hangs": Status.INCOMPLETE,
        "test.broken": Status.FAILED,
    }
    by_id = {r.check_id: r for r in outcome.results}
    assert "time limit" in by_id["test.hangs"].gaps[-1]
    assert by_id["test.hangs"].looked_at == ("the first part",)
    assert "RuntimeError: boom" in by_id["test.raises"].problem.detail
    assert "boom" not in by_id["test.raises"].problem.plain
    assert "could not be loaded" in by_id["test.broken"].problem.plain


def test_a_check_that_says_nothing_about_what_it_looked_at_is_not_clean(fake_plugins) -> None:
    fake_plugins()
    (result,) = _run("test.silent").results
    assert result.status is Status.INCOMPLETE


def test_unmet_needs_are_not_run_with_what_would_let_them_run(fake_plugins) -> None:
    fake_plugins()
    (result,) = _run("test.needs").results
    assert result.status is Status.NOT_RUN
    assert result.unmet == ("Give the file with --input thing=FILE.",)


def test_a_misregistered_check_is_a_listed_failure(fake_plugins) -> None:
    fake_plugins()
    (result,) = _run("test.misnamed").results
    assert result.status is Status.FAILED
    assert "not a valid cybercheck check" in result.problem.plain


def test_ctrl_c_keeps_what_finished_and_marks_the_run_interrupted(fake_plugins) -> None:
    fake_plugins()
    outcome = _run("test.quiet", "test.interrupts")
    assert outcome.interrupted
    by_id = {r.check_id: r for r in outcome.results}
    assert by_id["test.interrupts"].status is Status.INCOMPLETE
    assert "Ctrl-C" in by_id["test.interrupts"].gaps[-1]


def test_what_a_check_remembers_reaches_the_next_run_through_the_baseline(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cybercheck.pipeline.check import Area, Check
    from cybercheck.report.build import build_report
    from cybercheck.report.json_report import read_report, render_json
    from cybercheck.testing import make_context, run

    class Remembers(Check):
        id = "test.remembers"
        title = "remembers"
        area = Area.ACCOUNTS
        looks_at = "devices"

        def run(self, ctx):  # type: ignore[no-untyped-def]
            before = ctx.previous()
            ctx.looked_at("two devices")
            ctx.remember("devices", ["phone", "laptop"] if before is None else [*before.memory["devices"], "tablet"])
            return iter(())

    first = run(Remembers)
    assert first.memory == {"devices": ("phone", "laptop")}
    saved = read_report(render_json(build_report([first], generated_at=first.finished, country=None)))
    second = run(Remembers, make_context("test.remembers", baseline=saved))
    assert second.memory["devices"] == ("phone", "laptop", "tablet")
