"""The check-up in progress in the browser: the guided session, the check running now, the case.

The app serves one worker on one computer, so there is one Visit. The session itself is
`cybercheck.guide.session.GuideSession`, the same state machine `cybercheck guide` drives
at a terminal; this module only holds it between requests and runs its checks in the
background. Everything stays in this process's memory until the worker saves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cybercheck.pipeline.context import RunEnv
from cybercheck.pipeline.model import CheckResult, Report
from cybercheck.pipeline.plugins import CheckEntry, installed_checks
from cybercheck.pipeline.runner import DEFAULT_TIME_LIMIT
from cybercheck.web.asking import WebAsker
from cybercheck.web.jobs import Job, WebProgress

if TYPE_CHECKING:
    from cybercheck.casework.cases import Case, Comparison
    from cybercheck.guide.session import GuideSession
    from cybercheck.guide.summary import Summary

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
    """One check-up: the guided session and what came of it."""

    settings: Settings
    session: GuideSession | None = None
    job: Job | None = None
    asker: WebAsker | None = None
    last: tuple[str, CheckResult] | None = None  # the title and result of the check run last
    running_title: str = ""  # the title of the check running now, or run last
    inputs: dict[str, str] = field(default_factory=dict)  # chosen on the file chooser, not yet given
    saved: list[str] = field(default_factory=list)  # where reports were saved, for the page to say
    save_folder: str | None = None
    # The folder the file chooser shows: kept here, never in the page's address (browser history).
    browse_at: str | None = None
    case: Case | None = None  # the case opened on the Cases page; its last scan is the baseline
    baseline: Report | None = None
    country_left_out: bool = False  # asked for the country after "not safe to talk", and left it out
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def country(self) -> str | None:
        """The country chosen in the session, else the one cybercheck serve was given."""
        return self.session.env.country if self.session else self.settings.base_env.country

    def begin(self) -> GuideSession:
        """Start a new guided session (the previous one, if any, is forgotten)."""
        from cybercheck.guide.session import GuideSession

        base = self.settings.base_env
        env = replace(
            base, inputs=dict(base.inputs), check_inputs=dict(base.check_inputs), asker=WebAsker(),
            # NOTE: someone is at the page to type a password or key when a check asks (WebAsker.ask_hidden).
            interactive=True, baseline=self.baseline or base.baseline, used_paths={}, _memory_secrets={},
            _lock=threading.Lock(),
        )
        with self.lock:
            self.country_left_out = False
            self.session = GuideSession(env, entries=self.settings.entries(), time_limit=self.settings.time_limit)
            self.job, self.last, self.inputs, self.saved = None, None, {}, []
            return self.session

    @property
    def running(self) -> bool:
        """Whether a check is running now."""
        return self.job is not None and not self.job.finished

    def run_current(self, title: str, check_id: str) -> Job:
        """Run the session's current check in the background, with questions put to the page; GuideBusy if one runs."""
        from cybercheck.guide.session import GuideBusy

        session = self.session
        assert session is not None
        with self.lock:
            if self.running or session.running:
                raise GuideBusy(session.running or check_id)
            progress = WebProgress()
            progress.expect(check_id, title)
            self.asker = WebAsker()
            session.env.asker = self.asker
            session.env.progress = progress

            def work() -> CheckResult:
                progress.started(check_id, title)  # guided checks run outside the runner, which says so itself
                result = session.run()
                progress.result(result)
                self.last = (title, result)
                return result

            self.running_title = title
            self.job = Job(work, progress).start()
            return self.job

    def stop_asking(self) -> None:
        """Skip the question waiting and every later one of this check, so that it ends."""
        if self.asker is not None:
            self.asker.close()

    def report(self) -> Report | None:
        """The report of the session so far; None before any session or while a check runs."""
        if self.session is None or self.running:
            return None
        return self.session.report(
            operator=self.settings.operator,
            case=self.case.ref if self.case else self.settings.case,
            evidence_log=self.case.evidence() if self.case else (),
        )

    def summary(self) -> Summary | None:
        """The guide's summary of the session so far."""
        report = self.report()
        if report is None or self.session is None:
            return None
        from cybercheck.guide.summary import build_summary

        return build_summary(self.session, report)

    def comparison(self, report: Report) -> Comparison | None:
        """What is new, gone or changed since the case's last kept check-up, when a case is open."""
        if self.baseline is None:
            return None
        from cybercheck.casework.cases import compare

        return compare(self.baseline, report)
