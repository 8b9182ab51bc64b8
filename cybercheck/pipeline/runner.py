"""Runs checks side by side in threads, isolates their failures and enforces each one's time limit."""

from __future__ import annotations

import queue
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from cybercheck.pipeline.check import Check, Need
from cybercheck.pipeline.context import Context, NobodyAsker, RunEnv
from cybercheck.errors import CybercheckError, NeedUnmet
from cybercheck.pipeline.model import CheckResult, Finding, Origin, Problem
from cybercheck.pipeline.plugins import CheckEntry, LoadFailure, load_check

DEFAULT_TIME_LIMIT = 300.0
MAX_AT_ONCE = 6


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """The results of a run, in the order the checks were given, and whether it was interrupted."""

    results: tuple[CheckResult, ...]
    interrupted: bool = False


def unmet_needs(check: type[Check], env: RunEnv, *, explicit: bool) -> tuple[str, ...]:
    """The plain-language `how` of every need the run cannot meet.

    A secret counts as met when it is already stored, or when the check was asked for by
    name and someone is at the keyboard to type it.
    """
    return tuple(check.how(need) for need in check.needs if not _met(need, env, check.id, explicit=explicit))


def _met(need: Need, env: RunEnv, check_id: str, *, explicit: bool) -> bool:
    if need.kind == "input":
        return any(env.has_input(name, check_id) for name in need.names)
    if need.kind == "secret":
        return env.find_secret(need.names[0]) is not None or (explicit and env.interactive)
    if need.kind == "person":  # only when named, so that a plain `scan` never starts asking questions
        return explicit and (env.interactive or not isinstance(env.asker, NobodyAsker))
    return not env.offline


def run_check(
    check: type[Check], ctx: Context, *, origin: Origin | None = None, findings: list[Finding] | None = None
) -> CheckResult:
    """Run one check to the end in this thread and turn whatever happened into a CheckResult.

    `findings` receives each finding as it is yielded, so that a caller can keep what a check
    found before it overran its time.
    """
    findings = [] if findings is None else findings
    started = ctx.now()
    problem = None
    unmet: tuple[str, ...] = ()
    try:
        for finding in check().run(ctx):
            findings.append(finding)
    except NeedUnmet as error:
        unmet = (error.plain,)
    except CybercheckError as error:
        problem = Problem(error.plain, detail=error.detail)
    except Exception as error:  # noqa: BLE001 - one broken check never stops the others
        problem = Problem(
            f"The check {check.id} stopped because of a fault in its own code, so it is not known "
            "what it would have found. Please report this to its authors.",
            detail="".join(traceback.format_exception(type(error), error, error.__traceback__))[-4000:],
        )
    return _result(check, ctx, origin, started, findings, problem=problem, unmet=unmet)


def _result(
    check: type[Check],
    ctx: Context,
    origin: Origin | None,
    started: datetime | None,
    findings: list[Finding],
    *,
    problem: Problem | None = None,
    unmet: tuple[str, ...] = (),
    extra_gap: str | None = None,
) -> CheckResult:
    looked_at, gaps = ctx.coverage()
    if extra_gap:
        gaps = gaps + (extra_gap,)
    return CheckResult(
        check_id=check.id,
        title=check.title,
        area=check.area.value,
        origin=origin,
        started=started,
        finished=ctx.now(),
        findings=tuple(findings),
        looked_at=looked_at,
        gaps=gaps,
        unmet=unmet,
        problem=problem,
        blind_spots=tuple(check.blind_spots),
        memory=ctx.memory(),
    )


def failed_to_load(failure: LoadFailure) -> CheckResult:
    """The result shown for a check that could not be imported."""
    return CheckResult(
        check_id=failure.id,
        title=failure.id,
        area="unknown",
        origin=failure.origin,
        problem=failure.problem,
    )


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
    results: list[CheckResult | None] = [None] * len(plan)
    waiting: list[tuple[int, type[Check], CheckEntry, bool]] = []
    for index, (entry, explicit) in enumerate(plan):
        loaded = load_check(entry)
        if isinstance(loaded, LoadFailure):
            results[index] = failed_to_load(loaded)
            continue
        unmet = unmet_needs(loaded, env, explicit=explicit)
        if unmet:
            ctx = Context(env, loaded.id)
            results[index] = replace(_result(loaded, ctx, entry.origin, None, [], unmet=unmet), selected=explicit)
            continue
        waiting.append((index, loaded, entry, explicit))
    for result in results:
        if result is not None and on_result:
            on_result(result)

    done: queue.Queue[tuple[int, CheckResult]] = queue.Queue()
    running: dict[int, _Running] = {}
    interrupted = False

    def start(index: int, check: type[Check], entry: CheckEntry, explicit: bool) -> None:
        ctx = Context(env, check.id, named=explicit)
        findings: list[Finding] = []
        running[index] = _Running(index, check, ctx, entry.origin, time.monotonic() + time_limit, findings)

        def work() -> None:
            env.progress.started(check.id, check.title)
            try:
                result = run_check(check, ctx, origin=entry.origin, findings=findings)
                # A need found unmet while running counts like one found unmet before it.
                done.put((index, replace(result, selected=explicit) if result.unmet else result))
            finally:
                env.progress.finished(check.id)

        threading.Thread(target=work, name=f"check {check.id}", daemon=True).start()

    try:
        pending = list(waiting)
        while pending or running:
            while pending and len(running) < MAX_AT_ONCE:
                index, check, entry, explicit = pending.pop(0)
                start(index, check, entry, explicit)
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
        for item in list(running.values()):
            results[item.index] = _left_behind(item, "The check was stopped before it finished (Ctrl-C).")
        for index, check, entry, _ in pending:
            ctx = Context(env, check.id)
            results[index] = _result(
                check, ctx, entry.origin, None, [], extra_gap="The run was stopped before this check started."
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
                f"The check did not finish within its time limit of {time_limit:g} seconds, so what "
                "it had not reached yet was not checked.",
            )
            results[index] = result
            if on_result:
                on_result(result)


def _left_behind(item: _Running, reason: str) -> CheckResult:
    # NOTE: the thread cannot be stopped; closing the context makes its later coverage calls no-ops.
    item.ctx.close()
    return _result(item.check, item.ctx, item.origin, None, list(item.findings), extra_gap=reason)
