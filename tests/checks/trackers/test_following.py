"""Following over time and places, on a generated one-hour sweep and on small hand-made ones."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.trackers.judge.following import Pattern, Verdict, judge, memory_keys
from checks.trackers.judge.link import link
from checks.trackers.judge.recognise import Recogniser, digest
from checks.trackers.records import Advertisement, Link, OwnerState, SweepDigest
from tests.checks.trackers import sweepgen

START = sweepgen.START
SMARTTAG = "0000fd5a-0000-1000-8000-00805f9b34fb"
TILE = "0000feed-0000-1000-8000-00805f9b34fb"


def run(data: bytes, **options: object) -> tuple[SweepDigest, tuple[Verdict, ...]]:
    recogniser = Recogniser()
    from checks.trackers.sources.recorded import read_sweep

    summary = digest(read_sweep(io.BytesIO(data), recogniser.interest()), recogniser)
    return summary, judge(link(summary.sightings), summary, **options)  # type: ignore[arg-type] # keyword options


def reported(verdicts: tuple[Verdict, ...]) -> list[Verdict]:
    return [v for v in verdicts if v.pattern is not Pattern.WITH_OWNER]


def test_one_hour_three_places_only_the_separated_airtag_is_following() -> None:
    summary, verdicts = run(b"".join(sweepgen.lines()))
    assert summary.places == ("home", "bus", "work")
    assert summary.minutes == 59
    assert summary.devices > 200  # ordinary devices change their address every 15 minutes
    following = [v for v in verdicts if v.pattern is Pattern.FOLLOWING]
    assert len(following) == 1
    found = following[0]
    assert found.tracker.addresses == (sweepgen.FOLLOWER_ADDRESS,)
    assert found.tracker.kind == "airtag" and found.tracker.link is Link.IDENTIFIER  # the key in its payload
    assert found.places == ("home", "bus", "work") and found.minutes >= 55
    # The person's own AirTag, SmartTag and DULT tag are near their owner: never reported.
    own = [v for v in verdicts if v.tracker.owner_state is OwnerState.NEAR_OWNER]
    assert {v.tracker.format for v in own} == {"apple-find-my", "samsung-smarttag", "dult"}
    assert all(v.pattern is Pattern.WITH_OWNER for v in own)
    # A stranger's lost AirTag heard for 25 minutes at work is only "nearby".
    others = [v for v in reported(verdicts) if v is not found]
    assert [(v.tracker.addresses, v.pattern) for v in others] == [(("C7:11:22:33:44:55",), Pattern.NEARBY)]


def test_without_the_follower_nothing_is_following() -> None:
    _, verdicts = run(b"".join(sweepgen.lines(follower=False)))
    assert not [v for v in verdicts if v.pattern in (Pattern.FOLLOWING, Pattern.NEAR_FOR)]


def test_without_places_it_is_near_you_for_minutes() -> None:
    summary, verdicts = run(b"".join(sweepgen.lines(places=False)))
    assert summary.places == ()
    near = [v for v in verdicts if v.pattern is Pattern.NEAR_FOR]
    assert [v.tracker.addresses for v in near] == [(sweepgen.FOLLOWER_ADDRESS,)]
    assert near[0].minutes >= 55


def test_medium_sensitivity_needs_an_hour_and_three_places() -> None:
    _, verdicts = run(b"".join(sweepgen.lines(minutes=50)), sensitivity="medium")
    follower = next(v for v in verdicts if v.tracker.addresses == (sweepgen.FOLLOWER_ADDRESS,))
    assert follower.thresholds.minutes == 60 and follower.thresholds.places == 3
    assert follower.pattern is Pattern.NEARBY  # 49 minutes: not yet long enough at this sensitivity


def _advert(minute: float, address: str, place: str | None, services: dict[str, str]) -> Advertisement:
    return Advertisement(
        time=START + timedelta(minutes=minute),
        address=address,
        rssi=-60,
        manufacturer_data={},
        service_data={k: bytes.fromhex(v) for k, v in services.items()},
        place=place,
    )


def _smarttag_sweep() -> list[Advertisement]:
    """A SmartTag away from its owner whose address and privacy ID change every 15 minutes."""
    adverts = []
    for minute in range(0, 60, 2):
        rotation = minute // 15
        counter = (500 + rotation).to_bytes(3, "little").hex()
        payload = "12" + counter + f"{rotation:02x}" * 8 + "c3"
        place = ("home", "bus", "work", "work")[rotation]
        adverts.append(_advert(minute, f"5{rotation}:00:00:00:00:01", place, {SMARTTAG: payload}))
    return adverts


def test_smarttag_rotations_are_linked_by_the_aging_counter() -> None:
    summary = digest(_smarttag_sweep())
    trackers = link(summary.sightings)
    assert len(trackers) == 1 and trackers[0].link is Link.COUNTER
    assert len(trackers[0].addresses) == 4
    verdicts = judge(trackers, summary)
    assert verdicts[0].pattern is Pattern.FOLLOWING


def test_smarttag_rotations_without_a_continuous_counter_may_be_the_same() -> None:
    adverts = _smarttag_sweep()
    broken = []
    for a in adverts:
        payload = bytearray(a.service_data[SMARTTAG])
        payload[1] = (payload[1] * 7) & 0xFF  # counters that do not follow on
        broken.append(
            _advert((a.time - START).total_seconds() / 60, a.address, a.place, {SMARTTAG: payload.hex()})
        )
    summary = digest(broken)
    trackers = link(summary.sightings)
    assert len(trackers) == 4 and all(t.link is Link.IDENTIFIER for t in trackers)
    verdicts = judge(trackers, summary)
    assert all(v.pattern is not Pattern.FOLLOWING for v in verdicts)
    assert all(v.maybe_same_as for v in verdicts)


def _tile_sweep() -> list[Advertisement]:
    places = ("home", "bus", "work", "shop")
    return [
        _advert(m, "C4:AA:BB:CC:DD:EE", places[m // 15], {TILE: "0200c58aaccd312f479e"})
        for m in range(0, 60, 3)
    ]


def test_a_tile_travelling_along_is_reported_as_owner_unknown_unless_it_is_the_persons() -> None:
    summary = digest(_tile_sweep())
    verdicts = judge(link(summary.sightings), summary)
    assert [v.pattern for v in verdicts] == [Pattern.FOLLOWING_OWNER_UNKNOWN]
    assert verdicts[0].thresholds.places == 3  # AirGuard asks one more place for Tile
    assert judge(link(summary.sightings), summary, own=["c4:aa:bb:cc:dd:ee"]) == ()


def test_a_tracker_kept_from_an_earlier_sweep_is_seen_again() -> None:
    summary = digest(_tile_sweep())
    trackers = link(summary.sightings)
    keys = memory_keys(trackers)
    assert keys == ("tile:C4:AA:BB:CC:DD:EE",)
    assert judge(trackers, summary, earlier=keys)[0].seen_before
    assert not judge(trackers, summary, earlier=())[0].seen_before


def test_an_offline_apple_phone_needs_two_and_a_half_hours() -> None:
    payload = bytes.fromhex("1219003d9967e0d67bf55617939043e48fd6762144da3e35160300")

    def pattern(minutes: int) -> Pattern:
        adverts = [
            Advertisement(
                START + timedelta(minutes=m), "F3:3D:99:67:E0:D6", -70, {76: payload}, {}, "abcd"[m // 40]
            )
            for m in range(0, minutes, 5)
        ]
        summary = digest(adverts)
        verdict = judge(link(summary.sightings), summary)[0]
        assert verdict.tracker.kind == "apple-device" and verdict.thresholds.minutes == 150
        return verdict.pattern

    assert pattern(120) is Pattern.NEARBY
    assert pattern(160) is Pattern.FOLLOWING


def test_sightings_older_than_a_day_before_the_last_are_left_out() -> None:
    old = [
        _advert(m - 3000, "C4:AA:BB:CC:DD:EE", "home", {TILE: "0200c58aaccd312f479e"})
        for m in range(0, 60, 3)
    ]
    summary = digest(old + _tile_sweep())
    verdict = judge(link(summary.sightings), summary)[0]
    assert verdict.tracker.first == START
    assert datetime(2026, 12, 7, 9, tzinfo=timezone.utc) == verdict.tracker.first


def test_a_smarttag_only_just_out_of_touch_with_its_owner_is_not_reported() -> None:
    adverts = []
    for minute in range(0, 60, 2):
        rotation = minute // 15
        payload = "11" + (500 + rotation).to_bytes(3, "little").hex() + f"{rotation:02x}" * 8 + "c3"  # 0b001
        adverts.append(
            _advert(
                minute,
                f"5{rotation}:00:00:00:00:01",
                ("home", "bus", "work", "work")[rotation],
                {SMARTTAG: payload},
            )
        )
    summary = digest(adverts)
    verdicts = judge(link(summary.sightings), summary)
    assert {v.tracker.owner_state for v in verdicts} == {OwnerState.JUST_SEPARATED}
    assert all(v.pattern is Pattern.WITH_OWNER for v in verdicts)


def test_dult_and_find_hub_trackers_away_from_their_owner_are_followed_too() -> None:
    dult = "0000fcb2-0000-1000-8000-00805f9b34fb"
    hub = "0000feaa-0000-1000-8000-00805f9b34fb"
    places = ("home", "bus", "work", "work")
    adverts = [
        _advert(m, "D7:01:02:03:04:05", places[m // 15], {dult: "0200aabbcc"}) for m in range(0, 60, 3)
    ]
    adverts += [
        _advert(m, f"D8:01:02:03:04:{m // 15:02X}", places[m // 15], {hub: "41" + "11" * 20 + "00"})
        for m in range(0, 60, 3)
    ]
    summary = digest(adverts)
    verdicts = judge(link(summary.sightings), summary)
    assert sorted((v.tracker.format, v.pattern) for v in verdicts) == [
        ("dult", Pattern.FOLLOWING),
        ("google-find-hub", Pattern.FOLLOWING),
    ]
    hub_tracker = next(v.tracker for v in verdicts if v.tracker.format == "google-find-hub")
    assert (
        hub_tracker.link is Link.IDENTIFIER and len(hub_tracker.addresses) == 4
    )  # the same identifier across addresses


PAYLOADS = st.sampled_from(
    [
        ({76: "1219103d9967e0d67bf55617939043e48fd6762144da3e35160300"}, {}),
        ({76: "12029002"}, {}),
        ({}, {SMARTTAG: "12020100a1b2c3d4e5f60718c3"}),
        ({}, {SMARTTAG: "12030100a1b2c3d4e5f60718c3"}),
        ({}, {TILE: "0200c58aaccd312f479e"}),
        ({}, {"0000fcb2-0000-1000-8000-00805f9b34fb": "0200"}),
        ({76: "1005431c1a"}, {}),
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-600, 3000),
            st.sampled_from(["A1:00:00:00:00:01", "A1:00:00:00:00:02", "52:00:00:00:00:03"]),
            st.sampled_from([None, "home", "bus", "work"]),
            PAYLOADS,
        ),
        max_size=60,
    ),
    st.sampled_from([None, "high", "medium", "low"]),
)
def test_any_order_of_sightings_is_judged_without_error(
    heard: list[tuple[int, str, str | None, tuple[dict[int, str], dict[str, str]]]], sensitivity: str | None
) -> None:
    adverts = [
        Advertisement(
            START + timedelta(minutes=minute),
            address,
            -60,
            {k: bytes.fromhex(v) for k, v in m.items()},
            {k: bytes.fromhex(v) for k, v in s.items()},
            place,
        )
        for minute, address, place, (m, s) in heard
    ]
    summary = digest(adverts)
    verdicts = judge(link(summary.sightings), summary, sensitivity=sensitivity, earlier=memory_keys(()))
    assert all(v.minutes >= 0 for v in verdicts)
