"""Helpers for the sessions tests: fixture folders, zips built on the fly, event tables."""

from __future__ import annotations

import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from checks.sessions.records import EventKind, LoginEvent

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sessions"
EXAMPLES = Path(__file__).resolve().parents[3] / "checks" / "sessions" / "examples"
T0 = datetime(2026, 11, 1, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def fixtures() -> Path:
    """The folder of sessions fixtures."""
    return FIXTURES


def make_zip(path: Path, members: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A zip at `path` holding `members` (name -> content)."""
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return path


def zip_folder(folder: Path, path: Path, prefix: str = "") -> Path:
    """A zip of every file under `folder`, names relative to it (under `prefix`)."""
    members = {
        prefix + p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
    return make_zip(path, members)


def event(
    hours: float,
    *,
    device: str = "Safari on iPhone",
    country: str = "NO",
    ip: str = "192.0.2.1",
    kind: EventKind = EventKind.SIGN_IN,
    active: bool = False,
    place: str = "",
) -> LoginEvent:
    """A LoginEvent `hours` after T0."""
    return LoginEvent(
        provider="Google",
        account="a",
        when=T0 + timedelta(hours=hours),
        kind=kind,
        ip=ip,
        place=place,
        country=country,
        device=device,
        active=active,
        source="test",
    )
