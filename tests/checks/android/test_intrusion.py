"""Android 16's Intrusion Logging export in an AndroidQF acquisition (intrusion-logs/, one JSON object a line).

The lines follow the format MVT reads (mvt/android/modules/intrusion_logs: dns_event, connect_event,
security_event, event_time in milliseconds); no public sample export exists yet.
"""

from __future__ import annotations

import json

import devicegen
from hypothesis import given
from hypothesis import strategies as st

from checks.android.checks import AndroidDevice
from checks.android.sources.intrusion import parse_lines
from cybercheck.testing import run

LOOKUP = {"dns_event": {"hostname": "media-sync-a.copy9.com", "ip_addresses": ["69.64.81.49"],
                        "package_name": "com.system.sync", "event_time": 1764500000000}}
CONNECT = {"connect_event": {"ip_address": "69.64.81.49", "port": 443, "package_name": "com.system.sync",
                             "event_time": 1764503600000}}
ORDINARY = {"dns_event": {"hostname": "www.google.com", "ip_addresses": ["142.250.1.1"],
                          "package_name": "com.android.chrome", "event_time": 1764500000500}}
SECURITY = {"security_event": {"tag": "adb_shell_cmd", "data": "pm list packages", "event_time": 1764500002000}}


def with_log(acquisition, files):
    folder = acquisition(devicegen.base_phone("14", apps=30))
    (folder / "intrusion-logs").mkdir()
    for name, lines in files.items():
        (folder / "intrusion-logs" / name).write_text("\n".join(lines) + "\n")
    return folder


def test_contact_with_a_stalkerware_server_is_found_with_its_times(acquisition):
    day = [json.dumps(LOOKUP), json.dumps(ORDINARY), json.dumps(SECURITY), json.dumps(CONNECT), "{not json"]
    folder = with_log(acquisition, {"2025-11-30.txt": day, "2025-12-01.txt": [json.dumps(CONNECT)]})
    result = run(AndroidDevice, inputs={"android": folder})
    (found,) = [f for f in result.findings if f.code == "android.network.monitoring-server"]
    fields = found.evidence[0].fields
    assert found.severity.name == "URGENT"
    assert fields["servers"] == "media-sync-a.copy9.com, 69.64.81.49"
    assert fields["package"] == "com.system.sync" and fields["times seen"] == "3"
    assert fields["first seen"] == "2025-11-30 10:53 UTC" and fields["last seen"] == "2025-11-30 11:53 UTC"
    assert any(line.startswith("2 DNS lookups, 1 connections and 1 other events") for line in result.looked_at)
    assert any("1 lines of the Intrusion Logging export" in gap for gap in result.gaps)


def test_ordinary_traffic_raises_nothing_and_no_log_says_nothing(acquisition):
    result = run(AndroidDevice, inputs={"android": with_log(acquisition, {"a.txt": [json.dumps(ORDINARY)]})})
    assert "android.network.monitoring-server" not in {f.code for f in result.findings}
    plain = run(AndroidDevice, inputs={"android": acquisition(devicegen.base_phone("14", apps=30), name="plain")})
    assert not any("Intrusion Logging" in line for line in plain.looked_at)


@given(st.lists(st.one_of(st.text(max_size=80), st.dictionaries(st.text(max_size=12), st.one_of(
    st.none(), st.integers(), st.text(max_size=10), st.dictionaries(st.text(max_size=12), st.one_of(
        st.none(), st.integers(), st.floats(), st.text(max_size=20), st.lists(st.text(max_size=8), max_size=3)),
        max_size=4)), max_size=3).map(json.dumps)), max_size=20))
def test_damaged_lines_never_raise(lines):
    events, other, damaged = parse_lines(lines, set())
    assert len(events) + other + damaged >= 0


def test_mvt_sample_export_is_read_whole():
    from pathlib import Path

    sample = Path(__file__).parents[2] / "realworld" / "android" / "mvt-intrusion-logs"
    result = run(AndroidDevice, inputs={"android": sample})
    assert any(line.startswith("1 DNS lookups, 1 connections and 18 other events") for line in result.looked_at)
    assert "android.network.monitoring-server" not in {f.code for f in result.findings}
    events, _, damaged = parse_lines((sample / "intrusion-logs" / "exported-events.txt").read_text().splitlines(), set())
    assert damaged == 0 and {a for e in events for a in e.addresses} == {"192.0.2.1"}
