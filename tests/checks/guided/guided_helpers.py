"""Helpers shared by the guided tests."""

from __future__ import annotations

import os
from importlib.metadata import EntryPoint
from pathlib import Path

from cybercheck.model import Origin
from cybercheck.plugins import GROUP, CheckEntry, installed_checks

CASE_PASS = "correct horse battery staple"
SEAL_PASS = "a different long passphrase"


def stub_entries() -> list[CheckEntry]:
    """The installed checks plus stand-ins for every other check the concerns name."""
    from guided_stub_checks import STUBS

    origin = Origin("cybercheck-tests", "0", "package")
    installed = installed_checks()
    have = {e.id for e in installed}
    stubs = [CheckEntry(i, EntryPoint(i, f"guided_stub_checks:{name}", GROUP), origin)
             for i, name in STUBS.items() if i not in have]
    return sorted(installed + stubs, key=lambda e: e.id)


def files_under(folder: Path) -> list[Path]:
    """Every file below a folder."""
    return [Path(root) / name for root, _, names in os.walk(folder) for name in names]
