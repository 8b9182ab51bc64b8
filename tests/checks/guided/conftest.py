"""Fixtures for the guided session, cases and sealing tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cybercheck.pipeline.plugins import CheckEntry

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # NOTE: helpers beside the tests, importable under --import-mode=importlib

from guided_helpers import CASE_PASS, SEAL_PASS, stub_entries  # noqa: E402


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

