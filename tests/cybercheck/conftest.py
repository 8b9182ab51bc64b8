"""Fake plugins (throwaway checks registered through real EntryPoint objects) and the guide and casework fixtures."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from pathlib import Path

import sys

import pytest

from cybercheck.pipeline.model import Origin
from cybercheck.pipeline.plugins import GROUP, CheckEntry

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # NOTE: helpers beside the tests, importable under --import-mode=importlib

from guided_helpers import CASE_PASS, SEAL_PASS, stub_entries  # noqa: E402

FAKE = {
    "test.quiet": "fake_checks:Quiet",
    "test.finds": "fake_checks:Finds",
    "test.raises": "fake_checks:Raises",
    "test.hangs": "fake_checks:Hangs",
    "test.silent": "fake_checks:SilentlyStops",
    "test.needs": "fake_checks:NeedsInput",
    "test.secret": "fake_checks:UsesSecret",
    "test.interrupts": "fake_checks:Interrupts",
    "test.broken": "no_such_module_anywhere:Check",
    "test.misnamed": "fake_checks:BadId",
}


def fake_entries(*ids: str) -> list[CheckEntry]:
    """CheckEntry objects for the named fake checks (all when none are named)."""
    chosen = ids or tuple(FAKE)
    origin = Origin("cybercheck-tests", "0", "package")
    return [CheckEntry(i, EntryPoint(i, FAKE[i], GROUP), origin) for i in sorted(chosen)]


@pytest.fixture
def fake_plugins(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Make the fake checks importable and make them the only installed checks."""
    monkeypatch.syspath_prepend(str(HERE))
    installed: list[CheckEntry] = []

    def install(*ids: str) -> list[CheckEntry]:
        installed[:] = fake_entries(*ids)
        return installed

    import cybercheck.cli.checks
    import cybercheck.demo
    import cybercheck.pipeline.scanning  # noqa: F401 - imported before patching, so their own names get patched

    monkeypatch.setattr("cybercheck.pipeline.scanning.installed_checks", lambda: list(installed))
    monkeypatch.setattr("cybercheck.demo.installed_checks", lambda: list(installed))
    monkeypatch.setattr("cybercheck.pipeline.plugins.installed_checks", lambda environ=None: list(installed))
    monkeypatch.setattr("cybercheck.cli.checks.installed_checks", lambda: list(installed))
    return install

@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process tests seal with a cheaper scrypt cost (recorded in each file, so opening still works)."""
    import cybercheck.casework.sealing

    monkeypatch.setattr(cybercheck.casework.sealing, "DEFAULT_LOG2_N", 12)


@pytest.fixture
def passphrases(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The automation variables for the case and seal passphrases."""
    monkeypatch.setenv("CYBERCHECK_SECRET_CASE", CASE_PASS)
    monkeypatch.setenv("CYBERCHECK_SECRET_SEAL", SEAL_PASS)
    return {"case": CASE_PASS, "seal": SEAL_PASS}


@pytest.fixture
def with_stubs(monkeypatch: pytest.MonkeyPatch) -> list[CheckEntry]:
    """Stand-in checks importable, and installed_checks() returning them with the guided ones."""
    monkeypatch.syspath_prepend(str(HERE))
    entries = stub_entries()
    monkeypatch.setattr("cybercheck.guide.session.installed_checks", lambda: entries)
    return entries


@pytest.fixture(autouse=True)
def _pythons_own_ctrl_c_handler():  # type: ignore[no-untyped-def]
    """Each test starts with Python's own Ctrl-C handler: a command run in process keeps its
    second-press handler (it ends the program at once) after a first Ctrl-C, as the program should,
    and pytest started in the background of a shell without job control has Ctrl-C ignored."""
    import signal

    before = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)
