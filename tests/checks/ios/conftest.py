"""Fixtures for ios.backup: backups built in the real layout by tests/checks/ios/builder.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
