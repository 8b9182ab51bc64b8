"""The demo case: every installed check that ships example inputs, run offline on them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from cybercheck.pipeline.check import Check
from cybercheck.pipeline.context import RunEnv, RunSettings
from cybercheck.pipeline.plugins import CheckEntry, LoadFailure, installed_checks, load_check

DEMO_REPORT = "cybercheck-demo-report.html"


def example_paths(check: type[Check]) -> dict[str, tuple[str, ...]]:
    """A check's example inputs as real paths inside its installed package."""
    spec = importlib.util.find_spec(check.__module__)
    if spec is None or spec.origin is None:
        return {}
    folder = Path(spec.origin).parent
    return {name: (str(folder / relative),) for name, relative in check.example_inputs.items()}


def demo_plan(
    entries: list[CheckEntry] | None = None,
) -> tuple[list[tuple[CheckEntry, bool]], dict[str, dict[str, tuple[str, ...]]]]:
    """The checks that have examples (run as if named) and each one's example inputs."""
    plan, inputs = [], {}
    for entry in installed_checks() if entries is None else entries:
        loaded = load_check(entry)
        if isinstance(loaded, LoadFailure) or not loaded.example_inputs:
            continue
        plan.append((entry, True))
        inputs[loaded.id] = {**example_paths(loaded), **loaded.example_values}
    return plan, inputs


def demo_env(check_inputs: dict[str, dict[str, tuple[str, ...]]], country: str | None) -> RunEnv:
    """An offline run with nobody to answer, using each check's own example inputs."""
    return RunEnv(
        RunSettings(
            inputs={"owner": ("sam.example@gmail.com",), "known": ()},
            check_inputs=check_inputs,
            offline=True,
            interactive=False,
            country=country,
        )
    )
