"""Large inputs read side by side: how they are shared out; that real exports, damaged or not, give
the same result read with helpers; that a helper that fails or cannot start, or a read that is
interrupted, leaves the same result or nothing behind; and that no secret reaches a helper.

The whole record made with helpers is compared with saved copies in
tests/checks/timeline/output/test_same_record.py (its "shared-out" runs).
"""

from __future__ import annotations

import os
import pickle
import random
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import checks.timeline.build as build_module
from checks.timeline import helper, parallel
from checks.timeline.api import TimelineInput, TimelineResult, build_timeline, contact
from checks.timeline.part import Part
from checks.timeline.run import parse_about
from tests.fuzz.mutate import mutate_bytes

UTC = ZoneInfo("UTC")
START = datetime(2024, 1, 1, 8, 0, tzinfo=timezone.utc)
MB = 1024 * 1024


def chat(path: Path, count: int, threat_at: int) -> Path:
    lines = []
    for number in range(count):
        when = START + timedelta(minutes=11 * number)
        who = "Sam" if number % 6 == 5 else "Alex"
        text = "I know where you live" if number == threat_at else f"are you there {number}"
        lines.append(f"{when:%d/%m/%Y, %H:%M} - {who}: {text}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def inputs(tmp_path: Path) -> list[TimelineInput]:
    folder = tmp_path / "exports"
    folder.mkdir()
    return [
        TimelineInput(
            "whatsapp", chat(folder / f"WhatsApp Chat with Alex {n}.txt", 300, 40 * n), owner=("Sam",)
        )
        for n in range(4)
    ]


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


@pytest.fixture
def shared_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    monkeypatch.setattr(helper, "cores", lambda: 2)


def _seen(result: TimelineResult) -> dict[str, Any]:
    """Everything the result holds, its events read out."""
    seen = {f.name: getattr(result, f.name) for f in fields(result)}
    seen["events"] = tuple(result.events)
    return seen


def test_inputs_are_shared_out_by_what_they_cost_to_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes = {"chat.txt": 13 * MB, "sms.xml": 27 * MB, "mail.mbox": 14 * MB, "small.json": MB}
    for name, size in sizes.items():
        with (tmp_path / name).open("wb") as handle:
            handle.truncate(size)
    chat_, sms, mail, small = (
        TimelineInput("whatsapp", tmp_path / "chat.txt"),
        TimelineInput("sms-backup", tmp_path / "sms.xml"),
        TimelineInput("mail", tmp_path / "mail.mbox"),
        TimelineInput("telegram", tmp_path / "small.json"),
    )
    monkeypatch.setattr(helper, "cores", lambda: 2)
    # A WhatsApp chat takes longer a byte than an SMS backup: it is read here, the other two elsewhere.
    assert parallel._shares([chat_, sms, mail], UTC) == [[1, 2]]
    assert parallel._shares([sms, chat_, small, mail], UTC) == [[0, 2, 3]]
    assert parallel._shares([chat_], UTC) == []  # one input: nothing to share
    assert parallel._shares([small, small], UTC) == []  # too small to be worth a process
    monkeypatch.setattr(helper, "cores", lambda: 1)
    assert parallel._shares([chat_, sms, mail], UTC) == []


def test_an_input_with_a_password_is_read_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a", "b", "c"):
        with (tmp_path / name).open("wb") as handle:
            handle.truncate(20 * MB)
    backup = TimelineInput("iphone", tmp_path / "a", password="canary-password-7f3a")
    others = [TimelineInput("sms-backup", tmp_path / "b"), TimelineInput("sms-backup", tmp_path / "c")]
    monkeypatch.setattr(helper, "cores", lambda: 4)
    shares = parallel._shares([backup, *others], UTC)
    assert shares and all(0 not in share for share in shares)


def test_a_zone_read_from_a_file_keeps_every_input_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a", "b"):
        with (tmp_path / name).open("wb") as handle:
            handle.truncate(20 * MB)
    london = Path("/usr/share/zoneinfo/Europe/London")
    if not london.is_file():
        pytest.skip("no system time zone files")
    with london.open("rb") as handle:
        zone = ZoneInfo.from_file(handle)  # as a machine without /etc/timezone gives it
    monkeypatch.setattr(helper, "cores", lambda: 2)
    items = [TimelineInput("sms-backup", tmp_path / "a"), TimelineInput("sms-backup", tmp_path / "b")]
    assert parallel._shares(items, UTC) == [[1]]
    assert parallel._shares(items, zone) == []


def test_inputs_read_elsewhere_give_the_record_read_here(
    inputs: list[TimelineInput], monkeypatch: pytest.MonkeyPatch
) -> None:
    about, stop = contact("Alex", ["Alex"]), START + timedelta(days=1)
    with build_timeline(inputs, about, stop, local=UTC) as here:
        expected = _seen(here)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    monkeypatch.setattr(helper, "cores", lambda: 2)
    with build_timeline(inputs, about, stop, local=UTC) as shared:
        assert _seen(shared) == expected
    assert len(expected["threats"]) == 4  # a threat from each input, listed in time order


@pytest.mark.usefixtures("shared_out")
def test_a_reader_process_that_dies_leaves_its_inputs_to_this_one(
    inputs: list[TimelineInput], private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    about = contact("Alex", ["Alex"])
    with build_timeline(inputs, about, local=UTC) as here:
        expected = _seen(here)
    results, start = parallel.Elsewhere.results, helper.start
    came: list[bool] = []

    def killed(job: str, work: object) -> helper.Helper:
        process = start(job, work)
        process.kill()  # as the system does to a process that runs out of memory
        return process

    def noted(self: parallel.Elsewhere) -> Iterator[tuple[list[int], Any]]:
        for indexes, result in results(self):
            came.append(result is not None)
            yield indexes, result

    monkeypatch.setattr(helper, "start", killed)
    monkeypatch.setattr(parallel.Elsewhere, "results", noted)
    with build_timeline(inputs, about, local=UTC) as shared:
        assert _seen(shared) == expected
        assert [
            p.name for p in next(private_tmp.glob("cybercheck-timeline-*"), private_tmp).glob("share-*")
        ] == []
    assert came == [False]
    assert list(private_tmp.glob("cybercheck-timeline-*")) == []


@pytest.fixture
def readers(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """The reader processes each build starts."""
    started: list[subprocess.Popen[bytes]] = []
    start = parallel.elsewhere

    @contextmanager
    def noted(*args: Any) -> Iterator[parallel.Elsewhere]:
        with start(*args) as away:
            started.extend(share.process for share in away.shares)
            yield away

    monkeypatch.setattr(parallel, "elsewhere", noted)
    return started


@pytest.mark.usefixtures("shared_out")
def test_an_interrupted_read_ends_the_reader_processes_and_leaves_nothing(
    inputs: list[TimelineInput],
    private_tmp: Path,
    readers: list[subprocess.Popen[bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read = build_module.read_part

    def read_then_stop(item: TimelineInput, index: int, *args: Any) -> Part:
        read(item, index, *args)
        assert len(readers) == 1 and readers[0].poll() is None  # still reading
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "read_part", read_then_stop)
    with pytest.raises(KeyboardInterrupt):
        build_timeline(inputs, contact("Alex", ["Alex"]), local=UTC)
    assert readers[0].returncode is not None  # ended and waited for
    assert list(private_tmp.glob("cybercheck-timeline-*")) == []


@pytest.mark.usefixtures("shared_out")
def test_ctrl_c_in_the_terminal_reaches_only_this_process(
    inputs: list[TimelineInput], readers: list[subprocess.Popen[bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C goes to every process of the terminal's process group: a reader runs in a session of
    its own, so it never takes a Ctrl-C meant for this process (no second traceback), which ends it."""
    read = build_module.read_part
    groups: list[int] = []

    def read_noting_groups(item: TimelineInput, index: int, *args: Any) -> Part:
        groups.extend(os.getpgid(reader.pid) for reader in readers)
        return read(item, index, *args)

    monkeypatch.setattr(build_module, "read_part", read_noting_groups)
    with build_timeline(inputs, contact("Alex", ["Alex"]), local=UTC):
        pass
    assert groups and os.getpgrp() not in groups


@pytest.mark.usefixtures("shared_out")
def test_no_secret_reaches_a_helper(
    inputs: list[TimelineInput], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Canaries: an iPhone backup's password and a secret in the environment (the signing key, as
    automation may give it) are in neither the work a helper is given nor its environment."""
    password, signing_key = "canary-backup-password-51c2", "canary-signing-key-9d0e"
    monkeypatch.setenv("CYBERCHECK_SECRET_TIMELINE_SIGNING_KEY", signing_key)
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "Manifest.plist").write_bytes(b"not a backup")
    given: list[bytes] = []
    start = helper.subprocess.Popen

    def noted(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        given.append(repr((args, kwargs)).encode())
        return start(*args, **kwargs)

    real_dump = helper.pickle.dump

    def dumped(work: object, stream: Any, **kwargs: Any) -> None:
        given.append(pickle.dumps(work))
        real_dump(work, stream, **kwargs)

    monkeypatch.setattr(helper.subprocess, "Popen", noted)
    monkeypatch.setattr(helper.pickle, "dump", dumped)
    items = [TimelineInput("iphone", backup, password=password), *inputs]
    with build_timeline(items, contact("Alex", ["Alex"]), local=UTC) as result:
        assert len(result.events) > 0 and any(g.file == str(backup) for g in result.gaps)
    assert given
    for sent in given:
        assert password.encode() not in sent and signing_key.encode() not in sent


@pytest.mark.usefixtures("shared_out")
def test_when_no_helper_can_start_everything_is_read_here(
    inputs: list[TimelineInput], private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    about = contact("Alex", ["Alex"])
    with build_timeline(inputs, about, local=UTC) as here:
        expected = _seen(here)
    monkeypatch.setattr(helper.sys, "executable", str(private_tmp / "no-python-here"))
    with build_timeline(inputs, about, local=UTC) as shared:
        assert _seen(shared) == expected
    assert list(private_tmp.glob("cybercheck-timeline-*")) == []


REAL = Path(__file__).resolve().parents[2] / "realworld" / "timeline"
SAMPLES = [
    *(("whatsapp", path) for path in sorted((REAL / "whatsapp").iterdir())),
    *(("sms-backup", path) for path in sorted((REAL / "sms").glob("*.xml"))),
    *(("telegram", path) for path in sorted((REAL / "telegram").glob("*.json"))),
    *(("mail", path) for path in sorted((REAL / "mail").iterdir())),
]
ABOUT = "Alex, Dmitry S, Elon Musk, John Doe, alex@example.com, sender@example.com, +44 7700 900123"


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(SAMPLES), st.integers(0, 2**32)), min_size=2, max_size=5),
    st.integers(2, 4),
)
def test_any_exports_shared_out_give_the_result_read_here(
    picked: list[tuple[tuple[str, Path], int]], cores: int
) -> None:
    """Real exports, some damaged, in any number and order: read with helpers, every part of the
    result is what reading them all here gives."""
    with tempfile.TemporaryDirectory() as folder:
        items = []
        for number, ((kind, path), seed) in enumerate(picked):
            data = path.read_bytes()
            if seed % 3:
                _, data = mutate_bytes(random.Random(seed), data)
            target = Path(folder) / f"{number}-{path.name}"
            target.write_bytes(data)
            items.append(TimelineInput(kind, target))
        about, stop = parse_about([ABOUT]), datetime(2022, 3, 27, 21, 45, tzinfo=timezone.utc)
        with build_timeline(items, about, stop, local=UTC) as here:
            expected = _seen(here)
        with (
            patch.object(parallel, "PARALLEL_FROM", 0),
            patch.object(helper, "cores", lambda: cores),
            build_timeline(items, about, stop, local=UTC) as shared,
        ):
            assert _seen(shared) == expected
