"""Each reader on fixtures of several generations and languages."""

from __future__ import annotations

from datetime import datetime, timezone

from checks.sessions.records import AccountMethod, ConnectedApp, EventKind, LoginEvent, MethodKind
from checks.sessions.sources.facebook import facebook_events
from checks.sessions.sources.google_takeout import takeout_events
from checks.sessions.sources.instagram import instagram_events
from checks.sessions.sources.notes import Notes
from checks.sessions.sources.times import parse_time
from checks.sessions.sources.x_archive import x_records
from cybercheck.archive import open_export

from .conftest import FIXTURES, zip_folder


def read(reader, name):
    notes = Notes()
    with open_export(FIXTURES / name) as export:
        return list(reader(export, notes)), notes


def test_takeout_2023_layout():
    events, notes = read(takeout_events, "takeout-2023")
    assert len(events) == 3 and not notes.summary()
    first = events[0]
    assert first.when == datetime(2026, 3, 11, 2, 49, 39, tzinfo=timezone.utc)
    assert (first.ip, first.country, first.place) == ("198.51.100.7", "US", "San Jose, California, US")
    assert first.app == "Gmail, IMAP" and "GMAIL_APP" in first.device
    assert events[2].kind is EventKind.SIGN_IN and events[0].kind is EventKind.ACCESS


def test_takeout_with_referer_columns_and_an_empty_address():
    events, _notes = read(takeout_events, "takeout-2025-referer")
    assert [e.ip for e in events] == ["2001:db8::5", ""]
    assert events[0].country == "DE" and events[0].app.startswith("YouTube")


def test_takeout_2019_layout_with_wordy_times_and_the_devices_list():
    events, _ = read(takeout_events, "takeout-2019")
    by_kind = {e.kind: e for e in events}
    assert by_kind[EventKind.ACCESS].when == datetime(2019, 6, 15, 7, 40, 10, tzinfo=timezone.utc)
    assert by_kind[EventKind.PASSWORD_RESET].when.hour == 21
    device = by_kind[EventKind.SESSION]
    assert device.active and device.country == "GB" and device.device == "Pixel 3 (Android)"
    assert device.when == datetime(2019, 6, 15, 21, 5, tzinfo=timezone.utc)


def test_facebook_v2_sessions_logins_and_recognised_devices(tmp_path):
    records, _notes = read(facebook_events, "facebook-v2")
    events = [r for r in records if isinstance(r, LoginEvent)]
    active = [e for e in events if e.active]
    assert len(active) == 1 and active[0].place == "Tromsø, Norway" and active[0].country == "NO"
    kinds = sorted(e.kind.value for e in events if "logins_and_logouts" in e.source)
    assert kinds == ["sign-in", "sign-out"]  # "Anmelden", "Abmelden"
    trusted = [r for r in records if isinstance(r, AccountMethod)]
    assert trusted and trusted[0].kind is MethodKind.TRUSTED_DEVICE
    zipped = zip_folder(
        FIXTURES / "facebook-v2", tmp_path / "facebook-x.zip", prefix="security_and_login_information/"
    )
    with open_export(zipped) as export:
        assert len(list(facebook_events(export, Notes()))) == len(records)


def test_facebook_2019_keys_without_v2_and_mended_text():
    records, _ = read(facebook_events, "facebook-2019")
    assert [r.kind for r in records] == [EventKind.SIGN_IN, EventKind.PASSWORD_RESET]
    assert records[0].place == "Paris, Île-de-France, FR" and records[0].country == "FR"


def test_instagram_labels_in_three_languages_and_two_generations():
    for name, ip in (
        ("instagram-en", "203.0.113.50"),
        ("instagram-de", "203.0.113.51"),
        ("instagram-ko", "2001:db8::51"),
    ):
        events, _notes = read(instagram_events, name)
        assert [(e.ip, e.kind) for e in events] == [(ip, EventKind.SIGN_IN)], name
        assert events[0].when is not None and "Instagram" in events[0].device
    events, _ = read(instagram_events, "instagram-2025")
    by_kind = {e.kind: e for e in events}
    assert by_kind[EventKind.SIGN_IN].when == datetime(2024, 1, 1, 10, tzinfo=timezone.utc)
    assert by_kind[EventKind.PASSWORD_RESET].ip == "203.0.113.53"


def test_x_archive_parts_tokens_and_apps():
    records, _notes = read(x_records, "x-archive")
    logins = [r for r in records if isinstance(r, LoginEvent) and r.kind is EventKind.SIGN_IN]
    assert sorted(r.ip for r in logins) == ["203.0.113.1", "203.0.113.2"]
    assert all(r.account == "@example_user" for r in logins)
    tokens = [r for r in records if isinstance(r, LoginEvent) and r.active]
    assert tokens[0].device == "Twitter Web App (Twitter. Inc)"
    assert "SECRETTOKENVALUE" not in repr(records)
    apps = [r for r in records if isinstance(r, ConnectedApp)]
    assert {a.name: a.permissions for a in apps}["Example Reader"] == ("read", "write", "directmessages")
    old, _ = read(x_records, "x-2019")
    assert old[0].ip == "192.0.2.200"


def test_times_in_every_form():
    utc = timezone.utc
    assert parse_time("2026-03-11 02:49:39 UTC") == datetime(2026, 3, 11, 2, 49, 39, tzinfo=utc)
    assert parse_time("2023-01-01T00:00:00.000Z") == datetime(2023, 1, 1, tzinfo=utc)
    assert parse_time("Jun 15, 2026, 7:40:10 PM UTC") == datetime(2026, 6, 15, 19, 40, 10, tzinfo=utc)
    assert parse_time(1704103200) == datetime(2024, 1, 1, 10, tzinfo=utc)
    assert parse_time(1704103200000) == datetime(2024, 1, 1, 10, tzinfo=utc)
    assert parse_time("2024-01-01T12:00:00+02:00") == datetime(2024, 1, 1, 10, tzinfo=utc)
    for junk in ("", "yesterday", None, True, -5, "Foo 99, 2026, 1:00:00 AM"):
        assert parse_time(junk) is None


def test_a_digit_that_is_not_a_number_is_not_a_time():
    assert parse_time("²") is None and parse_time(" ³³ ") is None
