"""Progress on a terminal: which checks are running, and bars for long ones. Drawn on stderr."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cybercheck.pipeline.context import ProgressTask


class _RichTask:
    def __init__(self, progress: Any, task_id: Any) -> None:
        self._progress = progress
        self._task_id = task_id

    def advance(self, amount: int = 1) -> None:
        self._progress.advance(self._task_id, amount)

    def close(self) -> None:
        self._progress.remove_task(self._task_id)


class RichProgress:
    """A live display of running checks and their bars; `paused()` clears it for a question."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._running: dict[str, Any] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._progress.stop()

    def started(self, check_id: str, title: str) -> None:
        """Show a running check."""
        with self._lock:
            self._running[check_id] = self._progress.add_task(f"Checking: {title}", total=None)

    def finished(self, check_id: str) -> None:
        """Remove a check that ended."""
        with self._lock:
            task_id = self._running.pop(check_id, None)
        if task_id is not None:
            self._progress.remove_task(task_id)

    def task(self, check_id: str, total: int, label: str) -> ProgressTask:
        """A bar under the running check."""
        return _RichTask(self._progress, self._progress.add_task(f"  {label}", total=total))

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Stop drawing while someone answers a question."""
        self._progress.stop()
        try:
            yield
        finally:
            self._progress.start()
