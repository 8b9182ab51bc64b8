"""Fixtures for computer.apps: copied Linux, macOS and Windows filesystems (see systems.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def unlock_after(request):
    """Give back permissions on folders a test made unreadable, so pytest can clean up."""
    folders: list[Path] = []
    yield folders.append
    for base in folders:
        for folder, dirs, _ in os.walk(base):
            for name in dirs:
                try:
                    os.chmod(os.path.join(folder, name), 0o755)
                except OSError:
                    pass
