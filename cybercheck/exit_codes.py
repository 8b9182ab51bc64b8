"""The exit status of `cybercheck scan`, and the one function that picks it for a report."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cybercheck.pipeline.model import Report, Severity


class ExitCode(IntEnum):
    """What the exit status means; the README and `--help` list the same."""

    CLEAN = 0  # every selected check ran fully and found nothing at or above --fail-on
    FOUND = 1  # something at or above --fail-on was found
    USAGE = 2  # a wrong flag, input or config file
    INCOMPLETE = 3  # nothing found, but a selected check was incomplete, failed or not run
    INTERRUPTED = 130  # stopped with Ctrl-C


def exit_code(report: Report, fail_on: Severity | None = None) -> ExitCode:
    """FOUND before INCOMPLETE before CLEAN; an interrupted run is INTERRUPTED. `fail_on` is MEDIUM unless given."""
    # NOTE: the model is imported here, not at the top: every command (even --help) imports ExitCode.
    from cybercheck.pipeline.model import Severity

    threshold = Severity.MEDIUM if fail_on is None else fail_on
    if report.meta.interrupted:
        return ExitCode.INTERRUPTED
    if any(f.finding.severity >= threshold for f in report.findings):
        return ExitCode.FOUND
    if any(not r.result.complete for r in report.results if r.result.selected):
        return ExitCode.INCOMPLETE
    return ExitCode.CLEAN
