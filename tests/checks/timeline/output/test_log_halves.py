"""The log written in two halves side by side is the log written whole, also when its helper fails
(then this process writes the second half), and nothing of the helper's is left beside the record."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from importlib import import_module
from pathlib import Path

import pytest

from checks.timeline import helper, store
from checks.timeline.output import log
from checks.timeline.output.make import Request, make, parse_about

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


def _record(folder: Path, chat: Path) -> dict[str, str]:
    out = folder / "timeline.html"
    folder.mkdir()
    made = make(
        Request(
            inputs={"whatsapp": (chat,)},
            about=parse_about("Alex"),
            output=out,
            country="GB",
            asked_to_stop=START + timedelta(days=2),
        )
    )
    html = out.read_text(encoding="utf-8")
    json_text = out.with_suffix(".json").read_text(encoding="utf-8")
    return {
        "rows": "".join(line for line in html.splitlines(keepends=True) if line.startswith("<tr id=")),
        "first page": html.split('<table class="log-table"')[0].split("</header>", 1)[-1],
        "csv": out.with_suffix(".csv").read_text(encoding="utf-8"),
        "json": re.sub(r'"(started|finished|generated_at|generated_at_local)": "[^"]*"', "", json_text),
        "threats": repr(made.written.threats),
        "leftovers": repr(sorted(p.name for p in folder.iterdir())),
    }


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
