"""A plugin that hangs or interrupts while importing, or leaves a thread behind, never stops cybercheck."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from cybercheck.pipeline import plugins
from cybercheck.pipeline.model import Origin
from cybercheck.pipeline.plugins import GROUP, CheckEntry, LoadFailure, load_check

HERE = Path(__file__).parents[1]
ORIGIN = Origin("hostile", "0", "package")


def entry(check_id: str, value: str) -> CheckEntry:
    return CheckEntry(check_id, EntryPoint(check_id, value, GROUP), ORIGIN)


@pytest.mark.parametrize(
    ("check_id", "value"),
    [("test.hangs-on-import", "plugin_hangs_on_import:Check"), ("test.interrupts", "plugin_interrupts_on_import:Check")],
)
def test_a_plugin_that_hangs_or_interrupts_on_import_is_a_listed_failure(
    check_id: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(HERE))
    monkeypatch.setattr(plugins, "IMPORT_LIMIT", 0.5)
    started = time.monotonic()
    failure = load_check(entry(check_id, value))
    assert isinstance(failure, LoadFailure) and "could not be loaded" in failure.problem.plain
    assert time.monotonic() - started < 5
    assert isinstance(load_check(entry(check_id, value)), LoadFailure)  # and it is not waited for twice


SCRIPT = """
import sys
from importlib.metadata import EntryPoint
from cybercheck.pipeline import plugins
from cybercheck.pipeline.model import Origin
from cybercheck.pipeline.plugins import GROUP, CheckEntry
entries = [CheckEntry("test.thread", EntryPoint("test.thread", "plugin_leaves_a_thread:LeavesAThread", GROUP), Origin("t", "0", "package"))]
plugins.installed_checks = lambda environ=None: entries
import cybercheck.pipeline.scanning as scanning
scanning.installed_checks = lambda: entries
from cybercheck.cli import main
sys.argv = ["cybercheck", "scan", "--check", "test.thread", "--offline", "--format", "json"]
main()
"""


def test_the_process_ends_when_the_report_is_done_even_with_a_plugin_thread_left() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parents[1])])}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert '"check": "test.thread"' in done.stdout
