"""The log written in two halves side by side is the log written whole, also when its helper fails
(then this process writes the second half), and nothing of the helper's is left beside the record."""

from __future__ import annotations

import re
import tempfile
from datetime import datetime, timedelta, timezone
from importlib import import_module
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.timeline import helper, store
from checks.timeline.output import log
from checks.timeline.output.make import Request, make, parse_about
from cybercheck.casework.diary import DiaryEntry
from tests.checks.timeline.output.test_same_record import _report

START = datetime(2024, 1, 1, 8, 0, tzinfo=timezone.utc)


def _chat(path: Path, count: int) -> Path:
    lines = []
    for number in range(count):
        when = START + timedelta(minutes=13 * number)
        who = "Sam" if number % 5 == 4 else "Alex"
        text = "I know where you live" if number % 97 == 3 else f"where are you, {number} = x"
        lines.append(f"{when:%d/%m/%Y, %H:%M} - {who}: {text}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _record(
    folder: Path, inputs: Path | dict[str, tuple[Path, ...]], diary: tuple[DiaryEntry, ...] = ()
) -> dict[str, str]:
    """The record of a chat (about Alex), or of several exports (about everyone in the samples)."""
    out = folder / "timeline.html"
    folder.mkdir()
    chat = isinstance(inputs, Path)
    made = make(
        Request(
            inputs={"whatsapp": (inputs,)} if isinstance(inputs, Path) else inputs,
            about=parse_about("Alex" if chat else ABOUT),
            output=out,
            country="GB",
            asked_to_stop=START + timedelta(days=2) if chat else datetime(2022, 3, 27, tzinfo=timezone.utc),
            diary=diary,
        )
    )
    html = out.read_text(encoding="utf-8")
    json_text = out.with_suffix(".json").read_text(encoding="utf-8")
    made_apart = {
        "rows": "".join(line for line in html.splitlines(keepends=True) if line.startswith("<tr id=")),
        "first page": html.split('<table class="log-table"')[0].split("</header>", 1)[-1],
        "csv": out.with_suffix(".csv").read_text(encoding="utf-8"),
        "json": re.sub(r'"(started|finished|generated_at|generated_at_local)": "[^"]*"', "", json_text),
        "threats": repr(made.written.threats),
        "leftovers": repr(sorted(p.name for p in folder.iterdir())),
    }
    # The diary is read from a file in a private folder of its own each time.
    return {name: re.sub(r"cybercheck-timeline-\w+", "<private>", text) for name, text in made_apart.items()}


@pytest.fixture
def halves(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A chat, its record written whole, and the log to be cut in two from here on."""
    chat = _chat(tmp_path / "WhatsApp Chat with Alex.txt", 900)
    whole = _record(tmp_path / "whole", chat)
    monkeypatch.setattr(log, "SPLIT_FROM", 0)
    monkeypatch.setattr(store, "_BATCH", 16)
    monkeypatch.setattr(helper, "cores", lambda: 2)
    return chat, whole


def test_the_log_written_in_halves_is_the_log_written_whole(
    halves: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat, whole = halves
    came: list[bool] = []
    result = helper.result
    monkeypatch.setattr(helper, "result", lambda process: came.append(bool(done := result(process))) or done)
    assert _record(tmp_path / "halves", chat) == whole
    assert came == [True]


def test_when_the_helper_fails_this_process_writes_the_second_half(
    halves: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat, whole = halves
    start, result = helper.start, helper.result
    came: list[object] = []

    def killed(job: str, work: object) -> helper.Helper:
        process = start(job, work)
        process.kill()  # as the system does to a process that runs out of memory
        return process

    monkeypatch.setattr(helper, "start", killed)
    monkeypatch.setattr(helper, "result", lambda process: came.append(done := result(process)) or done)
    assert _record(tmp_path / "halves", chat) == whole
    assert came == [None]


def test_when_no_helper_can_start_this_process_writes_it_all(
    halves: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chat, whole = halves
    monkeypatch.setattr(helper.sys, "executable", str(tmp_path / "no-python-here"))
    assert _record(tmp_path / "halves", chat) == whole


def test_every_helper_job_names_a_function() -> None:
    for job, where in helper.JOBS.items():
        module, name = where.split(":")
        assert callable(getattr(import_module(module), name)), job


REAL = Path(__file__).resolve().parents[3] / "realworld" / "timeline"
SAMPLES = [
    *(("whatsapp", path) for path in sorted((REAL / "whatsapp").iterdir())),
    *(("sms", path) for path in sorted((REAL / "sms").glob("*.xml"))),
    *(("telegram", path) for path in sorted((REAL / "telegram").glob("*.json"))),
    *(("mbox", path) for path in sorted((REAL / "mail").iterdir())),
]
ABOUT = "Alex, Dmitry S, Elon Musk, John Doe, alex@example.com, sender@example.com, +44 7700 900123"
DIARY = (
    DiaryEntry(date="2021-04-12", what="Car outside the house", time="10:00"),
    DiaryEntry(date="2022-03-28", what="Flowers left at work"),
)


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.sampled_from(SAMPLES), min_size=1, max_size=5, unique=True),
    st.integers(1, 12),
    st.booleans(),
)
def test_any_log_written_in_halves_is_the_log_written_whole(
    picked: list[tuple[str, Path]], batch: int, with_report: bool
) -> None:
    """Real exports in any mix, a scan report's dated findings and diary entries among them (the
    events merged in by date around the cut), any batch size: the same record, cut or not."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        inputs: dict[str, tuple[Path, ...]] = {}
        for kind, path in picked:
            inputs[kind] = (*inputs.get(kind, ()), path)
        if with_report:
            _report(folder / "scan.json")
            inputs["report"] = (folder / "scan.json",)

        def record(where: str) -> dict[str, str]:
            return _record(folder / where, inputs, diary=DIARY)

        whole = record("whole")
        came: list[bool] = []
        result = helper.result
        with (
            patch.object(log, "SPLIT_FROM", 0),
            patch.object(store, "_BATCH", batch),
            patch.object(helper, "cores", lambda: 2),
            patch.object(
                helper, "result", lambda process: came.append((done := result(process)) is not None) or done
            ),
        ):
            assert record("halves") == whole
        assert came in ([], [True])  # cut when there are two batches to cut between, and never given up
