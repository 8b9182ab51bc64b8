"""Planning a run: each named or proposed check is loaded, and either settled at once or made ready to run."""

from __future__ import annotations

from dataclasses import dataclass, replace

from cybercheck.pipeline.check import Check
from cybercheck.pipeline.context import Context, RunEnv
from cybercheck.pipeline.model import CheckResult
from cybercheck.pipeline.plugins import CheckEntry, LoadFailure, load_check
from cybercheck.pipeline.runner import failed_to_load, result_of, unmet_needs


@dataclass(frozen=True, slots=True)
class Ready:
    """A loaded check whose needs are met, waiting for its turn; `explicit` when it was named."""

    index: int
    check: type[Check]
    entry: CheckEntry
    explicit: bool


@dataclass(frozen=True, slots=True)
class RunPlan:
    """What is already settled (could not load, or needs unmet) and what is ready to run, by position."""

    settled: dict[int, CheckResult]
    ready: tuple[Ready, ...]
    size: int


def plan_run(plan: list[tuple[CheckEntry, bool]], env: RunEnv) -> RunPlan:
    """Load every planned check (entry, named explicitly?) and sort it into settled or ready."""
    settled: dict[int, CheckResult] = {}
    ready = []
    for index, (entry, explicit) in enumerate(plan):
        loaded = load_check(entry)
        if isinstance(loaded, LoadFailure):
            settled[index] = failed_to_load(loaded)
            continue
        unmet = unmet_needs(loaded, env, explicit=explicit)
        if unmet:
            ctx = Context(env, loaded.id)
            settled[index] = replace(
                result_of(loaded, ctx, entry.origin, None, [], unmet=unmet), selected=explicit
            )
            continue
        ready.append(Ready(index, loaded, entry, explicit))
    return RunPlan(settled, tuple(ready), len(plan))
