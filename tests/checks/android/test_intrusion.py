"""Android 16's Intrusion Logging export in an AndroidQF acquisition (intrusion-logs/, one JSON object a line).

The lines follow the format MVT reads (mvt/android/modules/intrusion_logs: dns_event, connect_event,
security_event, event_time in milliseconds); no public sample export exists yet.
"""

from __future__ import annotations

import json

import devicegen
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.android.checks import AndroidDevice
from checks.android.sources.intrusion import parse_text
from cybercheck.testing import run

LOOKUP = {
    "dns_event": {
        "hostname": "media-sync-a.copy9.com",
        "ip_addresses": ["69.64.81.49"],
        "package_name": "com.system.sync",
        "event_time": 1764500000000,
    }
}
CONNECT = {
    "connect_event": {
        "ip_address": "69.64.81.49",
        "port": 443,
        "package_name": "com.system.sync",
        "event_time": 1764503600000,
    }
}
ORDINARY = {
    "dns_event": {
        "hostname": "www.google.com",
        "ip_addresses": ["142.250.1.1"],
        "package_name": "com.android.chrome",
        "event_time": 1764500000500,
    }
}
SECURITY = {
    "security_event": {"tag": "adb_shell_cmd", "data": "pm list packages", "event_time": 1764500002000}
}


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
    assert any(
        line.startswith("2 DNS lookups, 1 connections and 1 other events") for line in result.looked_at
    )
    assert any("1 lines of the Intrusion Logging export" in gap for gap in result.gaps)


def test_ordinary_traffic_raises_nothing_and_no_log_says_nothing(acquisition):
    result = run(AndroidDevice, inputs={"android": with_log(acquisition, {"a.txt": [json.dumps(ORDINARY)]})})
    assert "android.network.monitoring-server" not in {f.code for f in result.findings}
    plain = run(
        AndroidDevice, inputs={"android": acquisition(devicegen.base_phone("14", apps=30), name="plain")}
    )
    assert not any("Intrusion Logging" in line for line in plain.looked_at)


@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.dictionaries(
                st.text(max_size=12),
                st.one_of(
                    st.none(),
                    st.integers(),
                    st.text(max_size=10),
                    st.dictionaries(
                        st.text(max_size=12),
                        st.one_of(
                            st.none(),
                            st.integers(),
                            st.floats(),
                            st.text(max_size=20),
                            st.lists(st.text(max_size=8), max_size=3),
                        ),
                        max_size=4,
                    ),
                ),
                max_size=3,
            ).map(json.dumps),
        ),
        max_size=20,
    )
)
def test_damaged_lines_never_raise(lines):
    tally = parse_text("\n".join(lines))
    assert sum(e.count for e in tally.events()) + tally.other + tally.damaged >= 0


def reference(lines):
    """What the export holds, read the slow and obvious way: every line through the JSON parser."""
    counts, other, damaged, seen = {}, 0, 0, set()
    for raw in lines:
        line = raw.strip()
        if not line or line in seen:
            continue
        seen.add(line)
        try:
            entry = json.loads(line)
        except ValueError:
            damaged += 1
            continue
        if not isinstance(entry, dict) or not entry:
            damaged += 1
            continue
        for kind, data in entry.items():
            if not isinstance(data, dict):
                damaged += 1
            elif kind in ("dns_event", "connect_event"):

                def clean(value):
                    return value.strip() or None if isinstance(value, str) else None

                if kind == "dns_event":
                    listed = data.get("ip_addresses")
                    addresses = (
                        tuple(a.rsplit("/", 1)[-1].strip() for a in listed if isinstance(a, str))
                        if isinstance(listed, list)
                        else ()
                    )
                    key = ("dns", clean(data.get("package_name")), clean(data.get("hostname")), addresses)
                else:
                    found = clean(data.get("ip_address"))
                    key = (
                        "connect",
                        clean(data.get("package_name")),
                        None,
                        (found.rsplit("/", 1)[-1].strip(),)
                        if found and found.rsplit("/", 1)[-1].strip()
                        else (),
                    )
                when = data.get("event_time")
                ok = (
                    isinstance(when, (int, float))
                    and not isinstance(when, bool)
                    and -62135596800000 <= when <= 253402300799999
                )
                counts.setdefault(key, []).append(when if ok else None)
            else:
                other += 1
    return counts, other, damaged


# values that are JSON strings without escapes, with escapes, with look-alike punctuation
FIELD = st.one_of(
    st.sampled_from(["com.a", " com.a ", "", 'x"y', "a\\b", "a,b", 'a","b', "ü", "\u2028", "/1.2.3.4"]),
    st.text(max_size=8),
)
TIME = st.one_of(st.integers(min_value=-(10**20), max_value=10**20), st.sampled_from([1764500000000, 0, -0]))


def network_line(kind, event_id, when, package, host, addresses, count, compact):
    separators = (",", ":") if compact else (", ", ": ")
    if kind == "dns":
        body = {
            "event_id": event_id,
            "event_time": when,
            "package_name": package,
            "hostname": host,
            "ip_addresses": addresses,
        }
        if count is not None:
            body["ip_addresses_count"] = count
        return json.dumps({"dns_event": body}, separators=separators, ensure_ascii=False)
    body = {
        "event_id": event_id,
        "event_time": when,
        "package_name": package,
        "port": 443,
        "ip_address": addresses[0] if addresses else host,
    }
    return json.dumps({"connect_event": body}, separators=separators, ensure_ascii=False)


LINES = st.one_of(
    st.builds(
        network_line,
        st.sampled_from(["dns", "connect"]),
        st.integers(0, 3),
        TIME,
        FIELD,
        FIELD,
        st.lists(FIELD, max_size=3),
        st.one_of(st.none(), st.integers(0, 3)),
        st.booleans(),
    ),
    st.text(max_size=40),
    st.sampled_from(
        [
            '{"dns_event":{"event_id":01,"event_time":1,"package_name":"a","hostname":"b","ip_addresses":[]}}',
            '{"security_event":{"event_id":2,"event_time":1700000000000000000,"keyguard_secured":{}}}',
            '{"dns_event":{"event_id":1,"event_time":1,"package_name":"a","hostname":"b","ip_addresses":[]}},',
            "[]",
            "{}",
            "null",
        ]
    ),
)


@given(st.lists(LINES, max_size=25))
def test_the_fast_reading_reads_what_json_reads(lines):
    tally = parse_text("\n".join(lines))
    counts, other, damaged = reference(
        [part for line in lines for part in line.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    )
    assert (tally.other, tally.damaged) == (other, damaged)
    got = {(e.kind, e.package, e.hostname, e.addresses): e for e in tally.events()}
    assert set(got) == set(counts)
    for key, times in counts.items():
        event = got[key]
        assert event.count == len(times)
        known = [t for t in times if t is not None]
        last = max(known) if known else None
        assert (event.when.timestamp() * 1000 if event.when else None) == (
            pytest.approx(last, abs=1) if last is not None else None
        )


def test_repeats_are_one_record_with_their_count_and_times():
    lines = [
        network_line(
            "dns", n, 1764500000000 + n * 1000, "com.android.chrome", "example.com", ["/192.0.2.1"], 1, True
        )
        for n in range(5)
    ]
    (event,) = parse_text("\n".join(reversed(lines)) + "\n" + lines[0]).events()
    assert event.count == 5 and event.addresses == ("192.0.2.1",)
    assert event.first.second == 20 and event.when.second == 24


def test_a_file_cut_in_blocks_and_a_line_too_long_are_read_right(tmp_path, monkeypatch):
    from checks.android.sources import intrusion
    from cybercheck.archive import open_export

    monkeypatch.setattr(intrusion, "BLOCK", 64)
    monkeypatch.setattr(intrusion, "LINE_LIMIT", 200)
    lines = [
        network_line("dns", n, 1764500000000 + n, "com.a", f"h{n % 3}.example", ["/192.0.2.1"], 1, True)
        for n in range(20)
    ]
    lines.insert(7, "x" * 500)
    (tmp_path / "intrusion-logs").mkdir()
    (tmp_path / "intrusion-logs" / "a.txt").write_bytes(("\ufeff" + "\r\n".join(lines)).encode())
    with open_export(tmp_path) as export:
        log, gaps = intrusion.read_intrusion(export)
    assert sum(e.count for e in log.events) == 20 and len(log.events) == 3
    assert len(gaps) == 1


def test_mvt_sample_export_is_read_whole():
    from pathlib import Path

    sample = Path(__file__).parents[2] / "realworld" / "android" / "mvt-intrusion-logs"
    result = run(AndroidDevice, inputs={"android": sample})
    assert any(
        line.startswith("1 DNS lookups, 1 connections and 18 other events") for line in result.looked_at
    )
    assert "android.network.monitoring-server" not in {f.code for f in result.findings}
    tally = parse_text((sample / "intrusion-logs" / "exported-events.txt").read_text())
    assert tally.damaged == 0 and {a for e in tally.events() for a in e.addresses} == {"192.0.2.1"}
