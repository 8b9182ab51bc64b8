"""The evidence log: screenshots and files recorded into a case with their SHA-256, and checking them later."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from cybercheck.casework.cases import Case
from cybercheck.errors import ConfigError
from cybercheck.pipeline.model import LoggedEvidence
from cybercheck.pipeline.words import text

MAX_KEPT = 100 * 1024 * 1024  # bigger files are hashed and logged, not copied into the case
MAX_NOTE = 2000


def add_evidence(case: Case, path: Path, note: str, *, now: datetime | None = None) -> LoggedEvidence:
    """Record `path` into the case: SHA-256, size, time added, original name and note.

    A sealed copy is kept in the case, so the record survives the original being deleted
    from a phone or a shared computer; files over 100 MB are hashed and logged only.
    """
    from cybercheck.report.evidence import file_sha256

    path = path.expanduser()
    if not path.is_file():
        raise ConfigError(text("cybercheck.evidence-not-a-file", path=path))
    if len(note) > MAX_NOTE:
        raise ConfigError(text("cybercheck.evidence-note-long", count=MAX_NOTE))
    size = path.stat().st_size
    data: bytes | None = None
    if size <= MAX_KEPT:
        data = path.read_bytes()
        sha, size = hashlib.sha256(data).hexdigest(), len(data)  # what was kept, even if the file moved on
    else:
        sha = file_sha256(path)
    item = LoggedEvidence(
        name=path.name,
        sha256=sha,
        size=size,
        added=now or datetime.now(timezone.utc),
        note=note.strip(),
        path=str(path.resolve()),
        kept=data is not None,
    )
    case.log_evidence(item, data)
    return item


def verify_originals(entries: Iterable[LoggedEvidence]) -> list[tuple[LoggedEvidence, str]]:
    """Each entry with "unchanged", "changed" or "missing", comparing the file where it was added from."""
    from cybercheck.report.evidence import file_sha256

    outcome = []
    for item in entries:
        path = Path(item.path) if item.path else None
        if path is None or not path.is_file():
            outcome.append((item, "missing"))
            continue
        try:
            outcome.append((item, "unchanged" if file_sha256(path) == item.sha256 else "changed"))
        except OSError:
            outcome.append((item, "missing"))
    return outcome


def verify_kept(case: Case) -> list[tuple[LoggedEvidence, str]]:
    """Each entry with "unchanged" or "not kept", checking the sealed copy inside the case.

    A copy whose seal was broken raises Tampered from the case; one whose hash differs is "changed".
    """
    outcome = []
    for item, data in case.kept_copies():
        if data is None:
            outcome.append((item, "not kept"))
        else:
            outcome.append(
                (item, "unchanged" if hashlib.sha256(data).hexdigest() == item.sha256 else "changed")
            )
    return outcome
