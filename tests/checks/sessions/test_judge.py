"""The one judgement, on tables of events: known and new devices, new countries, travel, bursts, baselines."""

from __future__ import annotations

from datetime import datetime, timezone

from checks.sessions.baseline import Baseline, from_history, from_previous, seen_memory
from checks.sessions.geo import GeoLookup
from checks.sessions.judge.apps import judge_apps
from checks.sessions.judge.methods import judge_methods
from checks.sessions.judge.signins import judge_sessions
from checks.sessions.records import AccountMethod, ConnectedApp, EventKind, MethodKind
from checks.sessions.tally import Tally
from cybercheck.pipeline.model import CheckResult, Severity
from cybercheck.report.build import build_report
from cybercheck.report.json_report import read_report, render_json
from cybercheck.testing import make_context

from .conftest import event


def tally_of(*events) -> Tally:
    tally = Tally(GeoLookup())
    tally.add_all(events)
    return tally


def codes(findings) -> list[str]:
    return sorted(f.code for f in findings)


KNOWN = Baseline(origin="known", devices=("iPhone",), places=("Norway",))


def test_known_device_in_a_known_country_is_not_reported():
    tally = tally_of(event(0), event(1, active=True), event(30))
    assert codes(judge_sessions(tally, KNOWN, source="s")) == []


def test_an_active_session_on_an_unknown_device_is_serious_and_shows_the_row():
    tally = tally_of(
        event(0), event(2, device="Firefox on Linux", active=True, place="Lagos, Nigeria", country="NG")
    )
    findings = list(judge_sessions(tally, KNOWN, source="s"))
    active = [f for f in findings if f.code == "sessions.active.unknown-device"]
    assert len(active) == 1 and active[0].severity is Severity.HIGH
    assert "Lagos, Nigeria" in active[0].subject
    fields = active[0].evidence[0].fields
    assert (
        fields["device"] == "Firefox on Linux"
        and fields["ip"] == "192.0.2.1"
        and fields["still signed in"] == "yes"
    )
    assert "sessions.signin.new-device" not in codes(findings)  # reported once, as the active session
    assert "sessions.signin.new-country" in codes(findings)


def test_a_new_device_that_is_not_signed_in_any_more_is_worth_checking():
    tally = tally_of(event(0), event(5, device="Chrome on Windows"))
    findings = list(judge_sessions(tally, KNOWN, source="s"))
    assert codes(findings) == ["sessions.signin.new-device"]
    assert findings[0].severity is Severity.MEDIUM


def test_a_new_country_gives_the_place_in_words():
    tally = tally_of(event(0), event(100, country="BR", place="São Paulo, Brazil"))
    found = [f for f in judge_sessions(tally, KNOWN, source="s") if f.code == "sessions.signin.new-country"]
    assert "Brazil" in found[0].subject
    assert found[0].evidence[0].fields["place"] == "São Paulo, Brazil"


def test_two_countries_an_hour_apart_is_impossible_travel_but_neighbours_are_not():
    far = tally_of(event(0, country="NO"), event(1, country="US", ip="192.0.2.2"))
    travel = [
        f for f in judge_sessions(far, KNOWN, source="s") if f.code == "sessions.signin.impossible-travel"
    ]
    assert len(travel) == 1 and travel[0].severity is Severity.HIGH
    assert "60 minutes" in travel[0].subject
    near = tally_of(event(0, country="NO"), event(1, country="SE", ip="192.0.2.2"))
    assert "sessions.signin.impossible-travel" not in codes(judge_sessions(near, KNOWN, source="s"))
    slow = tally_of(event(0, country="NO"), event(30, country="US", ip="192.0.2.2"))
    assert "sessions.signin.impossible-travel" not in codes(judge_sessions(slow, KNOWN, source="s"))


def test_a_burst_of_failed_sign_ins_and_of_resets():
    failed = [event(i / 10, kind=EventKind.FAILED) for i in range(6)]
    resets = [event(i, kind=EventKind.PASSWORD_RESET) for i in range(3)]
    found = codes(judge_sessions(tally_of(*failed, *resets), KNOWN, source="s"))
    assert "sessions.signin.failed-burst" in found and "sessions.password.reset-burst" in found
    few = [event(i * 5, kind=EventKind.FAILED) for i in range(6)]
    assert "sessions.signin.failed-burst" not in codes(judge_sessions(tally_of(*few), KNOWN, source="s"))


def test_history_stands_in_when_there_is_no_baseline():
    usual = [event(i) for i in range(20)]
    tally = tally_of(*usual, event(25, device="Firefox on Linux", country="BR", active=True))
    baseline = from_history(tally.devices, tally.countries, tally.networks)
    assert baseline.devices == ("Safari on iPhone",) and baseline.places == ("NO",)
    found = codes(judge_sessions(tally, baseline, source="s"))
    assert "sessions.active.unknown-device" in found and "sessions.signin.new-country" in found
    assert all(f.severity > Severity.INFO for f in judge_sessions(tally, baseline, source="s"))


def test_a_connected_apps_cloud_servers_are_not_the_persons_home():
    """An app syncing from Amazon's servers in the US every ten minutes, and the person's own
    sign-ins from home in Britain in between: no new country, no impossible travel, no new device."""
    syncing = [
        event(i / 6, device="Spark", country="", ip="52.95.110.1", kind=EventKind.ACCESS) for i in range(300)
    ]
    own = [event(i * 5 + 0.05, country="GB", ip="81.2.69.160") for i in range(10)]
    tally = tally_of(*syncing, *own)
    assert set(tally.servers) == {"AMAZON-02"} and set(tally.countries) == {"GB"}
    baseline = from_history(tally.own_devices, tally.countries, tally.networks, tally.app_devices)
    assert baseline.places == ("GB",) and set(baseline.devices) == {"Safari on iPhone", "Spark"}
    assert codes(judge_sessions(tally, baseline, source="s")) == []
    # a sign-in (not an app's access) from a cloud network is still judged by its place
    vpn = tally_of(*own, event(60, country="", ip="52.95.110.1"))
    assert "sessions.signin.new-country" in codes(judge_sessions(vpn, from_history(vpn.own_devices, vpn.countries, vpn.networks, vpn.app_devices), source="s"))


def test_a_placeholder_device_is_not_still_signed_in():
    """An export's "-1" device with a 1970 date (dropped as no time): no "still signed in on -1"."""
    placeholder = event(0, device="-1", country="", ip="", active=True)._replace(when=None)
    tally = tally_of(event(0), placeholder)
    found = list(judge_sessions(tally, KNOWN, source="s"))
    assert codes(found) == []
    assert not any("-1" in str(f.subject) for f in found)


def _saved(check_id: str, findings, memory):
    """A report saved as JSON and read back, holding one result of `check_id`."""
    result = CheckResult(
        check_id=check_id,
        title="t",
        area="accounts",
        findings=tuple(findings),
        looked_at=("rows",),
        finished=datetime(2026, 11, 30, tzinfo=timezone.utc),
        memory=memory,
    )
    return read_report(render_json(build_report([result], generated_at=result.finished, country=None)))


def test_baseline_round_trip_through_a_saved_report_reports_only_what_is_new():
    first = tally_of(
        event(0), event(1, device="Chrome on Windows"), event(2, device="Firefox on Linux", country="BR")
    )
    baseline = Baseline(origin="known", devices=("iPhone", "Windows"), places=("NO",))
    findings = list(judge_sessions(first, baseline, source="s"))
    memory = seen_memory(first)
    assert memory["devices"] == ("Chrome on Windows", "Firefox on Linux", "Safari on iPhone")
    report = _saved("sessions.google", findings, memory)
    previous = from_previous(make_context("sessions.google", baseline=report).previous())
    assert previous is not None and previous.origin == "previous"
    assert (
        "Chrome on Windows" in previous.devices and "Firefox on Linux" not in previous.devices
    )  # flagged last time
    assert "BR" not in previous.places and "NO" in previous.places
    assert previous.since == datetime(2026, 11, 30, tzinfo=timezone.utc)
    second = tally_of(event(50), event(51, device="Chrome on Windows"), event(52, device="Edge on Windows"))
    found = list(judge_sessions(second, previous, source="s"))
    assert [f.subject for f in found if f.code == "sessions.signin.new-device"] == [
        "Google: Edge on Windows, used 1 time"
    ]
    assert make_context("sessions.other", baseline=report).previous() is None
    assert from_previous(None) is None


def test_a_flagged_app_is_still_not_known_next_time():
    apps = [
        ConnectedApp("X", "@a", "Example Reader", ("read", "directmessages")),
        ConnectedApp("X", "@a", "Tool", ("read",)),
    ]
    findings = list(judge_apps(apps, Baseline(origin="none"), source="s"))
    report = _saved("sessions.x", findings, seen_memory(tally_of(), apps=apps))
    previous = from_previous(make_context("sessions.x", baseline=report).previous())
    assert previous is not None and previous.apps == ("Tool",)
    assert [f.evidence[0].fields["app"] for f in judge_apps(apps, previous, source="s")] == ["Example Reader"]


def test_methods_unknown_unconfirmed_new_and_app_passwords():
    methods = [
        AccountMethod("Google", "a", MethodKind.RECOVERY_PHONE, "+47 912 34 567"),
        AccountMethod("Google", "a", MethodKind.RECOVERY_EMAIL, "stranger@example.net"),
        AccountMethod("Google", "a", MethodKind.APP_PASSWORD, "Mail on old laptop"),
        AccountMethod("Google", "a", MethodKind.RECOVERY_EMAIL, "me@example.org"),
    ]
    baseline = Baseline(origin="known", methods=("91234567",))
    found = {
        f.evidence[0].fields["method"]: f
        for f in judge_methods(
            methods,
            baseline,
            answers={"stranger@example.net": "no"},
            owner=("me@example.org",),
            previous=None,
            source="s",
        )
    }
    assert set(found) == {"stranger@example.net", "Mail on old laptop"}
    assert found["stranger@example.net"].severity is Severity.URGENT
    assert found["Mail on old laptop"].code == "sessions.method.app-password"
    previous = Baseline(origin="previous", methods=("+47 912 34 567",))
    again = list(
        judge_methods(
            methods[1:2], Baseline(origin="previous"), answers={}, owner=(), previous=previous, source="s"
        )
    )
    assert again[0].code == "sessions.method.new"


def test_apps_that_reach_private_messages_are_reported_unless_known():
    apps = [
        ConnectedApp("X", "@a", "Example Reader", ("read", "directmessages")),
        ConnectedApp("X", "@a", "Tool", ("read",)),
    ]
    found = list(judge_apps(apps, Baseline(origin="none"), source="s"))
    assert [f.evidence[0].fields["app"] for f in found] == ["Example Reader"]
    assert "direct messages" in found[0].subject
    assert list(judge_apps(apps, Baseline(origin="known", apps=("Example Reader",)), source="s")) == []
