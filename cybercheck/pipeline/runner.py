"""Runs one check to the end and turns whatever happened (findings, gaps, errors, faults) into its result."""

from __future__ import annotations

import traceback
from datetime import datetime

from cybercheck.errors import CybercheckError, NeedUnmet
from cybercheck.pipeline.check import Check, Need
from cybercheck.pipeline.context import Context, NobodyAsker, RunEnv
from cybercheck.pipeline.model import CheckResult, Finding, Origin, Problem
from cybercheck.pipeline.plugins import LoadFailure
from cybercheck.pipeline.words import text

DEFAULT_TIME_LIMIT = 300.0
MAX_AT_ONCE = 6


def unmet_needs(check: type[Check], env: RunEnv, *, explicit: bool) -> tuple[str, ...]:
    """How to meet, in plain words, every need of `check` that the run cannot meet.

    A secret counts as met when it is already stored, or when the check was asked for by
    name and someone is at the keyboard to type it.
    """
    how = check.how_guided if env.settings.guided else check.how
    return tuple(how(need) for need in check.needs if not _met(need, env, check.id, explicit=explicit))


def _met(need: Need, env: RunEnv, check_id: str, *, explicit: bool) -> bool:
    if need.kind == "input":
        return any(env.has_input(name, check_id) for name in need.names)
    if need.kind == "secret":
        return env.find_secret(need.names[0]) is not None or (explicit and env.settings.interactive)
    if need.kind == "person":  # only when named, so that a plain `scan` never starts asking questions
        return explicit and (env.settings.interactive or not isinstance(env.asker, NobodyAsker))
    return not env.settings.offline


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
            text("cybercheck.check-crashed", id=check.id),
            detail="".join(traceback.format_exception(type(error), error, error.__traceback__))[-4000:],
        )
    return result_of(check, ctx, origin, started, findings, problem=problem, unmet=unmet)


def result_of(
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
        gaps = (*gaps, extra_gap)
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
