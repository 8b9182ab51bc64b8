"""The checks trackers.nearby and trackers.android, run the way the runner runs them."""

from __future__ import annotations

import functools
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from checks.trackers.checks import AndroidHeardTrackers, NearbyTrackers
from checks.trackers.sources import live
from cybercheck.pipeline.model import Severity, Status
from cybercheck.report.build import build_report
from cybercheck.testing import make_context, run
from tests.checks.trackers import sweepgen
from tests.checks.trackers.test_phone_bugreport import AIRTAG_AD, _legacy, capture

EXAMPLE = Path(__file__).parents[3] / "checks" / "trackers" / "examples" / "sweep.jsonl"
LATER = datetime(2026, 12, 8, 9, 0, tzinfo=timezone.utc)


def test_the_example_sweep_reports_the_travelling_airtag(tmp_path: Path) -> None:
    result = run(NearbyTrackers, inputs={"sweep": EXAMPLE})
    assert result.status is Status.FOUND
    codes = [(f.code, f.severity) for f in result.findings]
    assert codes == [
        ("trackers.tracker.following", Severity.HIGH),
        ("trackers.tracker.nearby", Severity.INFO),
    ]
    following = result.findings[0]
    assert str(following.subject) == "An AirTag heard at home, bus, work over 58 minutes"
    fields = following.evidence[0].fields
    assert fields["Bluetooth address"] == sweepgen.FOLLOWER_ADDRESS
    assert fields["Places heard"] == "home, bus, work"
    assert "AirGuard" in fields["Rule"]
    assert any("places marked: home, bus, work" in line for line in result.looked_at)
    assert result.complete


def test_the_generated_hour_with_200_devices_reports_only_the_follower(tmp_path: Path) -> None:
    path = tmp_path / "hour.jsonl"
    path.write_bytes(b"".join(sweepgen.lines()))
    result = run(NearbyTrackers, inputs={"sweep": path})
    serious = [f for f in result.findings if f.severity >= Severity.MEDIUM]
    assert [f.code for f in serious] == ["trackers.tracker.following"]
    assert serious[0].evidence[0].fields["Bluetooth address"] == sweepgen.FOLLOWER_ADDRESS


def test_damaged_lines_make_the_check_incomplete_never_clean(tmp_path: Path) -> None:
    path = tmp_path / "damaged.jsonl"
    path.write_bytes(b"".join(sweepgen.lines(follower=False)) + b"{oops\n")
    result = run(NearbyTrackers, inputs={"sweep": path})
    assert not result.complete
    assert any("could not be read" in gap and "not JSON" in gap for gap in result.gaps)


def test_a_sweep_too_short_to_judge_is_incomplete(tmp_path: Path) -> None:
    path = tmp_path / "short.jsonl"
    path.write_bytes(b"".join(sweepgen.lines(minutes=5, follower=False)))
    result = run(NearbyTrackers, inputs={"sweep": path})
    assert result.status is Status.INCOMPLETE
    assert any("less than the 30 minutes" in gap for gap in result.gaps)


def test_without_bluetooth_the_live_check_is_not_run_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    async def unavailable(*args: object, **kwargs: object) -> str:
        raise live.Unavailable("trackers.bluetooth-off", "powered off")

    monkeypatch.setattr(live, "listen", unavailable)
    result = run(NearbyTrackers, inputs={"listen": "1"})
    assert result.status is Status.NOT_RUN
    assert result.problem is None and result.unmet
    assert "Bluetooth is switched off" in " ".join(result.unmet)


def test_the_live_check_listens_through_bleak(monkeypatch: pytest.MonkeyPatch) -> None:
    bumble_bleak = pytest.importorskip("tests.checks.trackers.bumble_bleak")
    bumble_bleak.BumbleScanner.ADVERTISERS = [
        ("E4:3D:99:67:E0:D6", bumble_bleak.ad_bytes(manufacturer={0x004C: AIRTAG_AD[7:]})),
    ]
    monkeypatch.setattr(live, "listen", functools.partial(live.listen, backend=bumble_bleak.BumbleScanner))
    result = run(NearbyTrackers, inputs={"listen": "0.01"})
    assert any("listened for 0.01 minutes (passive scanning)" in line for line in result.looked_at)
    assert any("1 trackers heard: 1 away from their owner" in line for line in result.looked_at)
    assert [f.code for f in result.findings] == ["trackers.tracker.nearby"]


def test_a_bad_listen_value_is_a_wrong_input() -> None:
    result = run(NearbyTrackers, inputs={"listen": "soon"})
    assert result.status is Status.FAILED


def test_the_next_sweep_says_a_tracker_was_heard_before() -> None:
    first = run(NearbyTrackers, inputs={"sweep": EXAMPLE})
    assert first.memory["trackers"]
    earlier = build_report(
        [first], generated_at=datetime(2026, 12, 7, 10, 0, tzinfo=timezone.utc), country=None
    )
    again = run(
        NearbyTrackers,
        make_context(NearbyTrackers.id, inputs={"sweep": EXAMPLE}, baseline=earlier, now=LATER),
    )
    codes = [f.code for f in again.findings]
    assert "trackers.tracker.seen-again" in codes
    assert any("compared" in line for line in again.looked_at)


def test_own_trackers_can_be_left_out() -> None:
    result = run(
        NearbyTrackers,
        inputs={"sweep": EXAMPLE, "own-tracker": [sweepgen.FOLLOWER_ADDRESS, "C7:11:22:33:44:55"]},
    )
    assert result.findings == ()
    assert result.status is Status.CLEAN


def _bugreport(tmp_path: Path, with_log: bool) -> Path:
    path = tmp_path / "bugreport.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("bugreport-2026-12-07.txt", "== dumpstate ==\n")
        if with_log:
            packets = [_legacy(bytes.fromhex("E43D9967E0D6"), AIRTAG_AD, -60)] * 3
            archive.writestr("FS/data/misc/bluetooth/logs/btsnoop_hci.log", capture(*packets))
    return path


def test_an_android_bug_report_with_a_snoop_log_is_read(tmp_path: Path) -> None:
    result = run(AndroidHeardTrackers, inputs={"android": _bugreport(tmp_path, True)})
    assert any("3 Bluetooth advertisements the phone heard" in line for line in result.looked_at)
    assert any("1 trackers heard: 1 away from their owner" in line for line in result.looked_at)


def test_an_android_bug_report_without_a_snoop_log_says_how_to_get_one(tmp_path: Path) -> None:
    result = run(AndroidHeardTrackers, inputs={"android": _bugreport(tmp_path, False)})
    assert result.status is Status.INCOMPLETE
    assert any("Developer options" in gap for gap in result.gaps)


def test_a_btsnoop_file_given_directly_is_read(tmp_path: Path) -> None:
    path = tmp_path / "btsnoop_hci.log"
    path.write_bytes(capture(_legacy(bytes(6), AIRTAG_AD, -60)))
    result = run(AndroidHeardTrackers, inputs={"android": path})
    assert any("1 Bluetooth advertisements the phone heard" in line for line in result.looked_at)
    assert result.findings == ()  # heard once: too few times to say anything


def test_an_unknown_sensitivity_is_a_wrong_input_and_a_known_one_is_said() -> None:
    assert run(NearbyTrackers, inputs={"sweep": EXAMPLE, "sensitivity": "paranoid"}).status is Status.FAILED
    result = run(NearbyTrackers, inputs={"sweep": EXAMPLE, "sensitivity": "medium"})
    assert any(
        "reported after 60 minutes at 3 places (AirGuard's medium sensitivity)" in line
        for line in result.looked_at
    )
    assert any("less than the 60 minutes" in gap for gap in result.gaps)  # the example is 59 minutes long
