"""Shared helpers for the timeline tests: the real-format samples and a fixed time zone."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from checks.timeline.sources.base import Reading

SAMPLES = Path(__file__).resolve().parents[2] / "realworld" / "timeline"
UTC = ZoneInfo("UTC")
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def samples() -> Path:
    return SAMPLES


def reading_of(path: Path, kind: str = "test") -> Reading:
    return Reading.of(path, kind)
