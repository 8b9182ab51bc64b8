"""Crash records in a bug report (dropbox, event log, crash log, tombstones): a listed app that crashed ran on the phone.

Shapes: AOSP's DropBoxManagerService dump (a "DATE TAG (text, N bytes)" header, then the entry's first
70 characters with "/" for line breaks, or the whole entry with --print), the event log's `am_crash` and
`am_anr`, AndroidRuntime's "Process: NAME, PID: N" and debuggerd's tombstones (MVT's two real ones from a
Samsung A10 are in tests/realworld/android/mvt-bugreport/FS/data/tombstones).

MVT (2026.10.26) reads only the tombstones: a process name on its indicator list is CRITICAL (cybercheck:
android.crash.stalkerware or .watchware), and, when indicators are loaded, any crash of a process running as
root, system or shell is MEDIUM, which cybercheck does not report (tests/realworld/expected.yaml says why).
It reads no dropbox entries, event log or crash log.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import devicegen
from tests.checks.android.conftest import FIXTURES, zip_folder
from hypothesis import given
from hypothesis import strategies as st

from checks.android.checks import AndroidDevice
from checks.android.judge.crashes import judge_crashes
from checks.android.records import AndroidArtifacts, App, Crash
from checks.android.sources.crashes import CrashReader, tombstone
from cybercheck.indicators.load import load_indicators
from cybercheck.testing import run

BUGREPORT = FIXTURES / "bugreport-crashes"
MVT_BUGREPORT = Path(__file__).parents[2] / "realworld" / "android" / "mvt-bugreport"


def read(lines: list[str]) -> list[Crash]:
    reader = CrashReader()
    for line in lines:
        reader.take(line)
    return reader.crashes


def test_each_shape_of_crash_record_is_read():
    crashes = read(
        [
            "== dumpstate: 2026-11-30 10:00:00",
            "2026-11-29 21:14:03 data_app_crash (compressed text, 1402 bytes)",
            "    SystemUptimeMs: 8802271/Process: com.mxspy:remote/PID: 4120/UID: 10311/Frozen: fal ...",
            "2026-11-30 07:58:12 system_app_anr (text, 9102 bytes)",
            "Process: com.android.systemui",
            "01-02 03:04:05.678  1000  1480  4133 I am_crash: [4120,0,com.example.crashy,948485702,java.lang.X,boom]",
            "11-30 07:58:12.004  1000  1480  1522 I am_anr  : [0,3310,com.example.slow,818462221,Input dispatching]",
            "11-29 21:14:03.512 10311  4120  4120 E AndroidRuntime: Process: com.example.fatal, PID: 4120",
            "11-30 08:03:10.011  1000   812   812 F DEBUG   : pid: 2231, tid: 2245, name: T  >>> com.example.native <<<",
        ]
    )
    assert [(c.process, c.kind, c.where) for c in crashes] == [
        ("com.mxspy:remote", "crash", "dropbox"),
        ("com.android.systemui", "anr", "dropbox"),
        ("com.example.crashy", "crash", "event log"),
        ("com.example.slow", "anr", "event log"),
        ("com.example.fatal", "crash", "crash log"),
        ("com.example.native", "native crash", "crash log"),
    ]
    assert crashes[0].uid == 10311 and crashes[0].package == "com.mxspy"
    assert crashes[0].when == datetime(2026, 11, 29, 21, 14, 3)
    assert crashes[2].when == datetime(2026, 1, 2, 3, 4, 5)  # the report's year
    assert crashes[3].when == datetime(2026, 11, 30, 7, 58, 12)


def test_a_log_line_from_before_new_year_gets_last_year():
    crashes = read(
        [
            "== dumpstate: 2026-01-02 10:00:00",
            "12-31 23:59:01.000  1000  1  1 I am_crash: [1,0,com.example.late,0,X,y]",
        ]
    )
    assert crashes[0].when == datetime(2025, 12, 31, 23, 59, 1)


def test_the_real_tombstones_name_their_processes():
    found = [
        tombstone((MVT_BUGREPORT / "FS" / "data" / "tombstones" / f"tombstone_0{n}").read_text())
        for n in (0, 1)
    ]
    assert [(c.process, c.uid) for c in found if c] == [
        ("/system/bin/adbd", 2000),
        ("/vendor/bin/tzts_daemon", 1000),
    ]
    assert found[0] and found[0].when == datetime(2021, 9, 29, 15, 43, 49, tzinfo=timezone.utc)


def test_a_crash_of_stalkerware_shows_it_ran_on_the_phone_though_it_is_gone(tmp_path):
    for given_as in (BUGREPORT, zip_folder(BUGREPORT, tmp_path / "bugreport.zip")):
        result = run(AndroidDevice, inputs={"android": given_as})
        (found,) = [f for f in result.findings if f.code.startswith("android.crash.")]
        fields = found.evidence[0].fields
        assert found.code == "android.crash.stalkerware" and found.severity.name == "HIGH"
        assert found.subject == "TheTruthSpy ran on this phone (com.mxspy)"
        assert fields["installed"] == "not in the list of installed apps"
        assert fields["process"] == "com.mxspy:remote, com.mxspy:locator"
        assert fields["times seen"] == "2"  # one crash recorded three times, and one native crash
        assert (
            fields["first seen"] == "2026-11-27 23:05 UTC" and fields["last seen"] == "2026-11-29 21:14 UTC"
        )
        assert any(line.startswith("13 records of apps that crashed") for line in result.looked_at)


def test_ordinary_crashes_raise_nothing():
    """MVT's real bug report: adbd (uid 2000) and a vendor daemon (uid 1000) crashed; neither is a sign of stalkerware."""
    result = run(AndroidDevice, inputs={"android": MVT_BUGREPORT})
    assert not [f for f in result.findings if f.code.startswith("android.crash.")]
    assert any(line.startswith("2 records of apps that crashed") for line in result.looked_at)
    quiet = [
        line
        for line in (BUGREPORT / "bugreport-phoney-UP1A.231005.007-2026-11-30-10-00-00.txt")
        .read_text()
        .splitlines()
        if "mxspy" not in line
    ]
    assert not [c for c in read(quiet) if c.package == "com.mxspy"]


def test_an_installed_app_already_reported_is_not_reported_twice_and_watchware_is_kept_apart():
    indicators = load_indicators()
    crashes = (
        Crash("com.mxspy", "crash", "dropbox"),
        Crash("com.life360.android.safetymapd", "anr", "event log"),
    )
    artifacts = AndroidArtifacts(source="test", apps=(App("com.mxspy"),), crashes=crashes)
    apps = {a.package: a for a in artifacts.apps}
    found = list(judge_crashes(artifacts, indicators, apps, flagged={"com.mxspy"}))
    assert [(f.code, f.severity.name) for f in found] == [("android.crash.watchware", "MEDIUM")]


def test_crashes_are_read_from_an_acquisition_dumpsys_and_over_adb(acquisition, fake_adb):
    phone = devicegen.base_phone("14", apps=30)
    folder = acquisition(phone)
    dropbox = (BUGREPORT / "bugreport-phoney-UP1A.231005.007-2026-11-30-10-00-00.txt").read_text()
    section = dropbox[dropbox.index("DUMP OF SERVICE dropbox:") : dropbox.index("DUMP OF SERVICE user:")]
    with (folder / "dumpsys.txt").open("a") as dump:
        dump.write("-" * 79 + "\n" + section)
    codes = {f.code for f in run(AndroidDevice, inputs={"android": folder}).findings}
    assert "android.crash.stalkerware" in codes
    recording = fake_adb(phone)
    body = section.split("\n", 1)[1].split("\n---------")[0] + "\n"
    (recording.recording / "dumpsys_dropbox.txt").write_text(body)
    result = run(AndroidDevice, inputs={"android": "adb"})
    assert "android.crash.stalkerware" in {f.code for f in result.findings}


LINE = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "2026-11-29 21:14:03 data_app_crash (text, 1 bytes)",
            "    Process: /PID: 1",
            "Process: com.x",
            "UID: 12",
            "========================================",
            "== dumpstate: 2026-13-40 99:00:00",
            "== dumpstate: 2026-02-28 10:00:00",
            "02-30 10:00:00.000 1 1 1 I am_crash: [1,0,com.x",
            "I am_anr: []",
            "am_crash: [,,]",
            "x AndroidRuntime: Process: , PID: 1",
            ">>> a <<< DEBUG pid: 1, tid: 1, name: x  >>> com.y <<<",
        ]
    ),
)


@given(st.lists(LINE, max_size=40))
def test_any_lines_are_read_without_raising(lines):
    for crash in read(lines):
        assert crash.process and crash.kind in ("crash", "anr", "native crash")


@given(st.text(max_size=600))
def test_any_tombstone_text_is_read_without_raising(content):
    found = tombstone("pid: 1, tid: 2, name: x  >>> a.b <<<\n" + content)
    assert found is not None and found.process == "a.b"
    tombstone(content)


def test_a_tombstone_that_cannot_be_read_is_a_gap(tmp_path):
    folder = tmp_path / "report"
    shutil.copytree(BUGREPORT, folder)
    (folder / "FS" / "data" / "tombstones" / "tombstone_04").write_text("not a tombstone\n")
    (folder / "FS" / "data" / "tombstones" / "tombstone_05.pb").write_bytes(b"\x08\x01")
    result = run(AndroidDevice, inputs={"android": folder})
    assert any("1 native crash reports in the bug report could not be read" in gap for gap in result.gaps)
    assert any("binary format" in gap for gap in result.gaps)
