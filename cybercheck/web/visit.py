"""The check-up in progress in the browser: the country, what was chosen, the running scan, the report.

The app serves one worker on one computer, so there is one Visit. Everything in it stays
in this process's memory; nothing is written until the worker saves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cybercheck.check import Check
from cybercheck.context import RunEnv
from cybercheck.model import Report
from cybercheck.plugins import CheckEntry, LoadFailure, installed_checks, load_check
from cybercheck.runner import DEFAULT_TIME_LIMIT
from cybercheck.web.asking import WebAsker
from cybercheck.web.jobs import ScanJob

if TYPE_CHECKING:
    from cybercheck.cases import Case, Comparison


SAVE_FOLDER = "save-folder"  # the file chooser's name for the folder a report is saved in


@dataclass(frozen=True, slots=True)
class Settings:
    """How `cybercheck serve` was started: the base run settings and who is checking."""

    base_env: RunEnv = field(default_factory=RunEnv)
    operator: str | None = None
    case: str | None = None
    time_limit: float = DEFAULT_TIME_LIMIT
    entries: Callable[[], list[CheckEntry]] = installed_checks
    browse_home: Path | None = None  # where the file chooser starts (tests set it)


@dataclass
class Visit:
    """One check-up: what the worker chose and what came of it."""

    settings: Settings
    country: str | None = None
    inputs: dict[str, str] = field(default_factory=dict)  # input name -> a path or value
    chosen: tuple[str, ...] = ()  # check ids the worker chose to run
    job: ScanJob | None = None
    asker: WebAsker | None = None
    report: Report | None = None
    saved: list[str] = field(default_factory=list)  # where reports were saved, for the page to say
    save_folder: str | None = None
    case: Case | None = None  # the case opened on the Cases page; its last scan is the baseline
    baseline: Report | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if self.country is None:
            self.country = self.settings.base_env.country
        for name, values in self.settings.base_env.inputs.items():
            if values:
                self.inputs.setdefault(name, values[0])

    def checks(self) -> list[tuple[CheckEntry, type[Check] | LoadFailure]]:
        """Every installed check, loaded (a broken one as its LoadFailure)."""
        return [(entry, load_check(entry)) for entry in self.settings.entries()]

    def run_env(self) -> RunEnv:
        """A fresh RunEnv for one scan: the serve settings, this visit's inputs, questions from the page."""
        base = self.settings.base_env
        inputs = {k: tuple(v) for k, v in base.inputs.items()}
        inputs.update({name: (value,) for name, value in self.inputs.items() if value})
        self.asker = WebAsker()
        return replace(
            base,
            inputs=inputs,
            country=self.country,
            asker=self.asker,
            baseline=self.baseline or base.baseline,
            interactive=False,
            used_paths={},
            _memory_secrets={},
            _lock=threading.Lock(),
        )

    def start(self, wanted: tuple[str, ...]) -> ScanJob:
        """Start scanning the chosen checks in the background."""
        from cybercheck.scanning import plan_checks, scan

        plan = plan_checks(wanted, self.settings.entries())
        env = self.run_env()
        with self.lock:
            self.chosen = wanted
            self.report = None
            self.job = ScanJob(
                env, plan, scan,
                time_limit=self.settings.time_limit, operator=self.settings.operator,
                case=self.case.ref if self.case else self.settings.case,
            ).start()
            return self.job

    def finished_report(self) -> Report | None:
        """The report of the last scan, once it has ended."""
        with self.lock:
            if self.job is not None and self.job.finished and self.job.report is not None:
                self.report = self.job.report
            return self.report

    def stop(self) -> None:
        """Skip every question still waiting, so the scan can end."""
        if self.asker is not None:
            self.asker.close()

    def comparison(self) -> Comparison | None:
        """What is new, gone or changed since the case's last saved scan, when a case is open."""
        report = self.finished_report()
        if self.baseline is None or report is None:
            return None
        from cybercheck.cases import compare

        return compare(self.baseline, report)
