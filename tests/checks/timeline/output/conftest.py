"""A stand-in for the timeline readers: the output tests need events, not a parser."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from checks.timeline.output import make
from checks.timeline.records import Contact
from cybercheck.report.evidence import describe
from tests.checks.timeline.output import samples


def fake_reader(
    inputs: Mapping[str, tuple[Path, ...]], about: Contact, marks: Mapping[str, datetime | None] | None = None
) -> make.Read:
    """The sample events, pointing at the real files given (so their fingerprints are real)."""
    sources = tuple(describe(kind, path) for kind, paths in sorted(inputs.items()) for path in paths)
    by_name = {Path(s.path).name: s for s in sources}
    chat = by_name.get("chat.txt")
    sms = by_name.get("backup.xml")
    events = []
    for event in samples.events():
        source = chat if event.source.file == "chat.txt" else sms
        if source is None:
            continue
        events.append(replace(event, source=replace(event.source, sha256=source.sha256)))
    whatsapp = [e for e in events if e.source.file == "chat.txt"]
    texts = [e for e in events if e.source.file == "backup.xml"]
    return make.Read(streams=(whatsapp, texts), results=samples.judged(), sources=sources)


@pytest.fixture
def exports(tmp_path: Path) -> dict[str, Path]:
    """Two made-up export files on disk."""
    folder = tmp_path / "exports"
    folder.mkdir()
    chat = folder / "chat.txt"
    chat.write_text(
        "".join(f"02/03/2026, 21:{i % 60:02d} - Them: message {i}\n" for i in range(200)), encoding="utf-8"
    )
    sms = folder / "backup.xml"
    sms.write_text('<smses count="0"></smses>\n', encoding="utf-8")
    return {"chat": chat, "sms": sms}


@pytest.fixture
def with_fake_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `cybercheck timeline` read through fake_reader."""
    monkeypatch.setattr(make, "default_reader", fake_reader)
