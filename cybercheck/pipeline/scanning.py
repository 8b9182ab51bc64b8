"""One scan from start to report: choose the checks, run them, hash the evidence, build the Report.

The command line, the guided session and the local web app all scan through here.
"""

from __future__ import annotations

from collections.abc import Callable

from cybercheck.errors import ConfigError
from cybercheck.pipeline.context import RunEnv
from cybercheck.pipeline.model import CheckResult, Report
from cybercheck.pipeline.plugins import CheckEntry, installed_checks, select
from cybercheck.pipeline.runner import DEFAULT_TIME_LIMIT
from cybercheck.pipeline.scheduler import run_all
from cybercheck.pipeline.words import text
from cybercheck.report.build import build_report
from cybercheck.report.evidence import hash_inputs

Plan = list[tuple[CheckEntry, bool]]


def plan_checks(wanted: tuple[str, ...], entries: list[CheckEntry] | None = None) -> Plan:
    """The checks to run: those named (ids or area names) or, when none are, every installed one.

    Named checks are "explicit": they count for the exit status even when they cannot run.
    """
    entries = installed_checks() if entries is None else entries
    if not wanted:
        return [(entry, False) for entry in entries]
    chosen, unknown = select(entries, wanted)
    if unknown:
        known = ", ".join(sorted({e.id.split(".")[0] for e in entries}))
        raise ConfigError(text("cybercheck.check-unknown-areas", names=", ".join(unknown), areas=known))
    return [(entry, True) for entry in chosen]


def scan(
    env: RunEnv,
    plan: Plan,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    operator: str | None = None,
    case: str | None = None,
    on_result: Callable[[CheckResult], None] | None = None,
) -> Report:
    """Run the plan and build its Report, including when the run was interrupted."""
    outcome = run_all(plan, env, time_limit=time_limit, on_result=on_result)
    return build_report(
        outcome.results,
        generated_at=env.settings.clock(),
        country=env.settings.country,
        operator=operator,
        case=case,
        interrupted=outcome.interrupted,
        indicators_version=env.indicators_version,
        evidence_files=hash_inputs(env.used_paths),
    )
