"""Accessibility switched on in the settings with no service named (MVT's bug report sample has it)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from checks.android.checks import AndroidDevice
from checks.android.judge import judge_android
from checks.android.records import AndroidArtifacts, App, Component, Setting
from checks.android.sources.settings import parse_settings_history
from cybercheck.indicators.load import load_indicators
from cybercheck.testing import run

SAMPLE = Path(__file__).parents[2] / "realworld" / "android" / "mvt-bugreport"
NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


def accessibility(artifacts: AndroidArtifacts):
    return [f for f in judge_android(artifacts, load_indicators(), now=NOW) if f.code == "android.accessibility.enabled"]


def test_history_names_who_set_each_value():
    dump = (SAMPLE / "dumpstate.txt").read_text()
    section = dump[dump.index("DUMP OF SERVICE settings:"):]
    changed = parse_settings_history(section)
    assert changed[("secure", "accessibility_enabled")] == "com.example.helper"
    # development_settings_enabled is 1; the last line that set it to 1 is Settings itself
    assert changed[("global", "development_settings_enabled")] == "com.android.settings"


@given(st.text(max_size=600))
def test_damaged_history_never_raises(noise):
    parse_settings_history("SECURE SETTINGS (user 0)\n" + noise)


def test_bug_report_raises_accessibility_service_not_named():
    result = run(AndroidDevice, inputs={"android": SAMPLE})
    (finding,) = [f for f in result.findings if f.code == "android.accessibility.enabled"]
    fields = finding.evidence[0].fields
    assert fields["component"] == "service not named in this report"
    assert fields["last switched on by"] == "com.example.helper"
    assert finding.severity.name == "HIGH"


def test_switched_on_in_settings_is_worth_a_look_and_named_services_are_judged_alone():
    on = Setting("secure", "accessibility_enabled", "1", "com.android.settings")
    (finding,) = accessibility(AndroidArtifacts(source="t", settings=(on,)))
    assert finding.severity.name == "MEDIUM"
    named = AndroidArtifacts(
        source="t",
        settings=(on,),
        apps=(App("com.google.android.marvin.talkback", installer="com.android.vending"),),
        accessibility=(Component("com.google.android.marvin.talkback", "com.google.android.marvin.talkback/.T"),),
    )
    assert accessibility(named) == []
    assert accessibility(AndroidArtifacts(source="t", settings=(Setting("secure", "accessibility_enabled", "0"),))) == []
