"""Running a check in the background while the page shows its progress.

The check is run by the guided session (`GuideSession.run`, through the engine's runner),
exactly as in the terminal; this module only gives it a progress display that a page can
read, and a thread to run in.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from cybercheck.pipeline.context import ProgressTask
from cybercheck.pipeline.model import CheckResult


@dataclass
class CheckProgress:
    """How far one check has got."""

    check_id: str
    title: str
    state: str = "waiting"  # "waiting", "running", "done"
    done: int = 0
    total: int = 0
    label: str = ""
    status: str = ""  # the plain status once done


class _Task:
    def __init__(self, item: CheckProgress, lock: threading.Lock) -> None:
        self._item = item
        self._lock = lock

    def advance(self, amount: int = 1) -> None:
        with self._lock:
            self._item.done = min(self._item.total, self._item.done + amount)

    def close(self) -> None:
        with self._lock:
            self._item.done = self._item.total


@dataclass
class WebProgress:
    """A ProgressDisplay that keeps each check's state for the running page to read."""

    checks: dict[str, CheckProgress] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def expect(self, check_id: str, title: str) -> None:
        """Show a check as waiting before the run starts."""
        with self._lock:
            self.checks.setdefault(check_id, CheckProgress(check_id, title))

    def started(self, check_id: str, title: str) -> None:
        """A check has started."""
        with self._lock:
            self.checks.setdefault(check_id, CheckProgress(check_id, title)).state = "running"

    def finished(self, check_id: str) -> None:
        """A check has ended, however it ended."""
        with self._lock:
            if check_id in self.checks:
                self.checks[check_id].state = "done"

    def task(self, check_id: str, total: int, label: str) -> ProgressTask:
        """A progress bar for one check."""
        with self._lock:
            item = self.checks.setdefault(check_id, CheckProgress(check_id, check_id))
            item.total, item.done, item.label = max(total, 0), 0, label
        return _Task(item, self._lock)

    def result(self, result: CheckResult) -> None:
        """A check's result has arrived."""
        with self._lock:
            item = self.checks.setdefault(result.check_id, CheckProgress(result.check_id, result.title))
            item.state, item.status = "done", result.status.plain

    def snapshot(self) -> list[CheckProgress]:
        """A copy of every check's state, in the order they were expected."""
        with self._lock:
            return [CheckProgress(**vars(item)) for item in self.checks.values()]


class Job:
    """One piece of work (running a check) in its own thread; `outcome` is set when it ends."""

    def __init__(self, work: Callable[[], object], progress: WebProgress) -> None:
        self.progress = progress
        self.outcome: object = None
        self.error: str | None = None
        self._work = work
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cybercheck check", daemon=True)

    def start(self) -> Job:
        """Start the work in the background."""
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.outcome = self._work()
        except Exception as error:  # noqa: BLE001 - the page must say what happened, not hang
            self.error = "".join(traceback.format_exception_only(type(error), error)).strip()
        finally:
            self._done.set()

    @property
    def finished(self) -> bool:
        """Whether the work has ended."""
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the work to end; whether it did."""
        return self._done.wait(timeout)
