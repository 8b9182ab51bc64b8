"""Computers allowed to use USB debugging, from `dumpsys adb` (MVT's sample, and in an acquisition's dumpsys.txt)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import devicegen
from hypothesis import given
from hypothesis import strategies as st

from checks.android.checks import AndroidDevice
from checks.android.sources.dumpsys import trusted_computers
from cybercheck.testing import run

SAMPLE = Path(__file__).parents[2] / "realworld" / "android" / "mvt-dumpsys-adb" / "dumpsys_adb_xml.txt"
SECOND = "QAAAAOtherKeyOtherKeyOtherKeyOtherKey someone@desktop"


def test_mvt_sample_names_the_computer_and_when_it_last_connected():
    (computer,) = trusted_computers(SAMPLE.read_text())
    assert computer.name == "user@laptop" and computer.key_start == "QAAAAAcgbytJ"
    assert computer.last_connected == datetime(2021, 8, 9, 9, 37, 9, 898000, tzinfo=timezone.utc)


@given(st.text(max_size=300))
def test_damaged_dump_never_raises(noise):
    trusted_computers("  debugging_manager={\n    user_keys=" + noise)


def test_one_computer_is_information_and_two_are_worth_a_look(acquisition):
    folder = acquisition(devicegen.base_phone("14", apps=30))
    dump = SAMPLE.read_text()
    with (folder / "dumpsys.txt").open("a") as out:
        out.write("\n" + dump + "\n")
    one = run(AndroidDevice, inputs={"android": folder})
    (finding,) = [f for f in one.findings if f.code == "android.adb.trusted-computers"]
    assert finding.severity.name == "INFO"
    assert finding.evidence[0].fields["computer 1"].startswith("user@laptop (key QAAAAAcgbytJ...), last connected 2021-08-09")
    second = acquisition(devicegen.base_phone("14", apps=30), name="two")
    with (second / "dumpsys.txt").open("a") as out:
        out.write("\n" + dump.replace("user@laptop\n", f"user@laptop\n    {SECOND}\n", 1) + "\n")
    (finding,) = [f for f in run(AndroidDevice, inputs={"android": second}).findings if f.code == "android.adb.trusted-computers"]
    assert finding.severity.name == "LOW" and "someone@desktop" in finding.evidence[0].fields["computer 2"]
