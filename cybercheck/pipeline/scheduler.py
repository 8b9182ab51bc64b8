"""Runs planned checks side by side in threads, each within its time limit; Ctrl-C stops the run cleanly."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from cybercheck.pipeline.check import Check
from cybercheck.pipeline.context import Context, RunEnv
from cybercheck.pipeline.model import CheckResult, Finding, Origin
from cybercheck.pipeline.planning import Ready, plan_run
from cybercheck.pipeline.plugins import CheckEntry
from cybercheck.pipeline.runner import DEFAULT_TIME_LIMIT, result_of, run_check
from cybercheck.pipeline.words import guided_words, text

MAX_AT_ONCE = 6


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """The results of a run, in the order the checks were given, and whether it was interrupted."""

    results: tuple[CheckResult, ...]
    interrupted: bool = False


@dataclass
class _Running:
    index: int
    check: type[Check]
    ctx: Context
    origin: Origin
    deadline: float
    findings: list[Finding]


def run_all(
    plan: list[tuple[CheckEntry, bool]],
    env: RunEnv,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    on_result: Callable[[CheckResult], None] | None = None,
) -> RunOutcome:
    """Run the planned checks (entry, named explicitly?) side by side.

    A check past its time limit is left behind and reported incomplete with what it found so
    far; Ctrl-C stops the run and returns everything that finished, marked as interrupted.
    """
    planned = plan_run(plan, env)
    results: list[CheckResult | None] = [planned.settled.get(i) for i in range(planned.size)]
    for result in results:
        if result is not None and on_result:
            on_result(result)

    done: queue.Queue[tuple[int, CheckResult]] = queue.Queue()
    running: dict[int, _Running] = {}
    interrupted = False

    def start(item: Ready) -> None:
        index, check, entry, explicit = item.index, item.check, item.entry, item.explicit
        ctx = Context(env, check.id, named=explicit)
        findings: list[Finding] = []
        running[index] = _Running(index, check, ctx, entry.origin, time.monotonic() + time_limit, findings)

        def work() -> None:
            env.progress.started(check.id, check.title)
            try:
                with guided_words(env.settings.guided):
                    result = run_check(check, ctx, origin=entry.origin, findings=findings)
                # A need found unmet while running counts like one found unmet before it.
                done.put((index, replace(result, selected=explicit) if result.unmet else result))
            finally:
                env.progress.finished(check.id)

        threading.Thread(target=work, name=f"check {check.id}", daemon=True).start()

    try:
        pending = list(planned.ready)
        while pending or running:
            while pending and len(running) < MAX_AT_ONCE:
                start(pending.pop(0))
            soonest = min(r.deadline for r in running.values())
            try:
                index, result = done.get(timeout=max(0.05, min(0.5, soonest - time.monotonic())))
            except queue.Empty:
                _expire(running, results, time_limit, on_result)
                continue
            if index in running:
                del running[index]
                results[index] = result
                if on_result:
                    on_result(result)
    except KeyboardInterrupt:
        interrupted = True
        env.stop.set()  # checks still running send nothing more and end soon; the run does not wait for them
        for item in list(running.values()):
            results[item.index] = _left_behind(item, text("cybercheck.check-stopped"))
        for waiting in pending:
            ctx = Context(env, waiting.check.id)
            results[waiting.index] = result_of(
                waiting.check,
                ctx,
                waiting.entry.origin,
                None,
                [],
                extra_gap=text("cybercheck.check-not-started"),
            )
    final = tuple(r for r in results if r is not None)
    return RunOutcome(results=final, interrupted=interrupted)


def _expire(
    running: dict[int, _Running],
    results: list[CheckResult | None],
    time_limit: float,
    on_result: Callable[[CheckResult], None] | None,
) -> None:
    now = time.monotonic()
    for index, item in list(running.items()):
        if now >= item.deadline:
            del running[index]
            result = _left_behind(
                item,
                text("cybercheck.check-timed-out", seconds=f"{time_limit:g}"),
            )
            results[index] = result
            if on_result:
                on_result(result)


def _left_behind(item: _Running, reason: str) -> CheckResult:
    # NOTE: the thread cannot be stopped; closing the context makes its later coverage calls no-ops.
    item.ctx.close()
    return result_of(item.check, item.ctx, item.origin, None, list(item.findings), extra_gap=reason)
