"""`cybercheck sweep` through bleak on Bumble's virtual controllers, and the warmer/colder judgement."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from checks.trackers.judge.warmth import Warmth
from cybercheck.cli import sweep as sweep_cli
from tests.checks.trackers.test_phone_bugreport import AIRTAG_AD
from tests.cybercheck.cli_helpers import run_cli

bumble_bleak = pytest.importorskip("tests.checks.trackers.bumble_bleak")


@pytest.fixture
def virtual_bluetooth(monkeypatch: pytest.MonkeyPatch) -> None:
    bumble_bleak.BumbleScanner.ADVERTISERS = [
        ("E4:3D:99:67:E0:D6", bumble_bleak.ad_bytes(manufacturer={0x004C: AIRTAG_AD[7:]})),
        ("C0:11:22:33:44:55", bumble_bleak.ad_bytes(manufacturer={0x004C: bytes.fromhex("1005431c1a3b5f")})),
    ]
    monkeypatch.setattr(sweep_cli, "BACKEND", bumble_bleak.BumbleScanner)


def test_a_sweep_is_recorded_with_its_place_and_judged(virtual_bluetooth: None, tmp_path: Path) -> None:
    record = tmp_path / "sweep.jsonl"
    result = run_cli(
        "sweep", "--minutes", "0.02", "--record", str(record), "--place", "home", "--country", "GB"
    )
    assert result.code == 3, result.stderr  # a sweep of a second is too short to say more: incomplete
    lines = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    assert {line["address"] for line in lines} == {"E4:3D:99:67:E0:D6", "C0:11:22:33:44:55"}
    assert all(line["place"] == "home" for line in lines)
    assert "An AirTag away from its owner" in result.stdout
    assert "Recording the sweep to" in result.stderr


def test_an_existing_record_file_is_never_overwritten(virtual_bluetooth: None, tmp_path: Path) -> None:
    record = tmp_path / "sweep.jsonl"
    record.write_text("keep me\n", encoding="utf-8")
    result = run_cli("sweep", "--minutes", "0.02", "--record", str(record))
    assert result.code == 2
    assert "already exists" in result.stderr
    assert record.read_text(encoding="utf-8") == "keep me\n"


def test_find_mode_locks_on_to_the_tracker_away_from_its_owner(virtual_bluetooth: None) -> None:
    result = run_cli("sweep", "--find", "--minutes", "0.03")
    assert result.code == 0, result.stderr
    assert "Looking for this tracker: An AirTag (E4:3D:99:67:E0:D6)" in result.stderr
    assert "the tracker is usually within a metre or two" in result.stderr


def test_without_bluetooth_the_sweep_says_why_and_exits_3(monkeypatch: pytest.MonkeyPatch) -> None:
    from checks.trackers.sources import live

    async def off(*args: object, **kwargs: object) -> str:
        raise live.Unavailable("trackers.bluetooth-denied")

    monkeypatch.setattr(live, "listen", off)
    result = run_cli("sweep", "--minutes", "0.02")
    assert result.code == 3
    assert "not allowed to use Bluetooth" in result.stderr


def test_warmer_and_colder_follow_the_averaged_signal() -> None:
    warmth = Warmth(window=3, step_db=4)
    start = datetime(2026, 12, 7, 9, tzinfo=timezone.utc)
    readings = [-80, -80, -80, -70, -66, -62, -75, -85, -90]
    said = [warmth.hear(rssi, start + timedelta(seconds=i)) for i, rssi in enumerate(readings)]
    assert said == [None, None, "same", None, "warmer", "warmer", None, "colder", "colder"]
    assert warmth.level == -83
    assert warmth.silent_for(start + timedelta(seconds=20)) == 12


def test_sweeps_kept_in_a_case_say_what_was_heard_before(
    virtual_bluetooth: None, monkeypatch: pytest.MonkeyPatch, isolated_user_folders: dict[str, Path]
) -> None:
    monkeypatch.setenv("CYBERCHECK_SECRET_CASE", "a long enough passphrase for the test")
    first = run_cli("sweep", "--minutes", "0.02", "--case", "T-1")
    assert "Kept this scan in case T-1" in first.stderr
    assert "A tracker from an earlier sweep was heard again" not in first.stdout
    second = run_cli("sweep", "--minutes", "0.02", "--case", "T-1")
    assert "A tracker from an earlier sweep was heard again" in second.stdout


def test_places_typed_at_the_keyboard_are_marked_and_q_ends_the_sweep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("bus\n\n  work  \nq\nlater\n"))
    here: list[str | None] = ["home"]

    async def typed() -> bool:
        stop = asyncio.Event()
        sweep_cli._read_places(asyncio.get_running_loop(), stop, here)
        await asyncio.sleep(0)
        return stop.is_set()

    assert asyncio.run(typed())
    assert here == ["work"]


def test_a_recorded_sweep_is_readable_by_its_owner_only(virtual_bluetooth: None, tmp_path: Path) -> None:
    record = tmp_path / "private.jsonl"
    run_cli("sweep", "--minutes", "0.02", "--record", str(record))
    assert record.stat().st_mode & 0o777 == 0o600
