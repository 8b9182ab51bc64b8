"""The recorded-sweep format: reading, writing, and damaged or hostile lines."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.trackers.judge.recognise import Recogniser, digest
from checks.trackers.records import Advertisement, Heard, HeardRun, Unreadable
from checks.trackers.sources.recorded import full_uuid, parse_line, read_sweep, to_line

LINE = (
    b'{"time": "2026-12-07T09:00:01.250+01:00", "address": "e4:3d:99:67:e0:d6", "rssi": -61,'
    b' "manufacturer_data": {"76": "1219103d9967e0d67bf55617939043e48fd6762144da3e35160300"},'
    b' "service_data": {"0000fd5a-0000-1000-8000-00805f9b34fb": "12020100a1b2c3d4e5f60718c3"},'
    b' "place": "home"}\n'
)


def test_a_line_is_read_with_every_key_of_the_format() -> None:
    item = parse_line(LINE, 1)
    assert isinstance(item, Advertisement)
    assert item.time == datetime(2026, 12, 7, 8, 0, 1, 250000, tzinfo=timezone.utc)
    assert item.address == "E4:3D:99:67:E0:D6"
    assert item.rssi == -61
    assert item.manufacturer_data[76][:2] == b"\x12\x19"
    assert item.service_data["0000fd5a-0000-1000-8000-00805f9b34fb"][0] == 0x12
    assert item.place == "home"


def test_written_lines_read_back_the_same() -> None:
    item = parse_line(LINE, 1)
    assert isinstance(item, Advertisement)
    again = list(read_sweep(io.BytesIO(to_line(item) * 2)))
    assert again == [item, item]
    assert json.loads(to_line(item))["manufacturer_data"] == {"76": item.manufacturer_data[76].hex()}


def test_short_uuids_and_z_times_are_accepted() -> None:
    line = b'{"time": "2026-12-07T09:00:00Z", "address": "A", "rssi": null, "service_data": {"FEED": "0200"}}'
    item = parse_line(line, 3)
    assert isinstance(item, Advertisement)
    assert list(item.service_data) == ["0000feed-0000-1000-8000-00805f9b34fb"]
    assert full_uuid("0xFD5A") == "0000fd5a-0000-1000-8000-00805f9b34fb"
    assert full_uuid("not-a-uuid") is None


def test_damaged_lines_are_named_and_the_rest_is_read() -> None:
    lines = [
        LINE,
        b"{not json\n",
        b"[1, 2]\n",
        b'{"time": "yesterday", "address": "A"}\n',
        b'{"time": "2026-12-07T09:00:00", "address": "A"}\n',  # no offset
        b'{"time": "2026-12-07T09:00:00+00:00", "address": 7}\n',
        b'{"time": "2026-12-07T09:00:00+00:00", "address": "A", "manufacturer_data": {"76": "zz"}}\n',
        b'{"time": "2026-12-07T09:00:00+00:00", "address": "A", "manufacturer_data": {"apple": "12"}}\n',
        b'{"time": "2026-12-07T09:00:00+00:00", "address": "A", "rssi": "loud"}\n',
        b"\n",
        LINE,
    ]
    items = list(read_sweep(io.BytesIO(b"".join(lines))))
    reasons = [i.reason for i in items if isinstance(i, Unreadable)]
    assert reasons == [
        "trackers.line-not-json",
        "trackers.line-not-object",
        "trackers.line-bad-time",
        "trackers.line-bad-time",
        "trackers.line-bad-address",
        "trackers.line-bad-field",
        "trackers.line-bad-field",
        "trackers.line-bad-field",
    ]
    assert sum(isinstance(i, Advertisement) for i in items) == 2


def test_with_an_interest_ordinary_advertisements_come_as_heard() -> None:
    interest = Recogniser().interest()
    phone = (
        b'{"time": "2026-12-07T09:00:00+00:00", "address": "a",'
        b' "manufacturer_data": {"76": "1005431c1a"}, "place": "bus"}'
    )
    item = parse_line(phone, 1, interest=interest)
    assert item == Heard(datetime(2026, 12, 7, 9, tzinfo=timezone.utc), "A", "bus")
    assert isinstance(parse_line(LINE, 2, interest=interest), Advertisement)


def test_an_over_long_line_is_refused_unread() -> None:
    item = parse_line(b'{"x": "' + b"a" * 70_000 + b'"}', 9)
    assert isinstance(item, Unreadable) and item.reason == "trackers.line-too-long"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
hexes = st.binary(max_size=40).map(bytes.hex)
keys = st.sampled_from(["76", "117", "6", "65535", "-1", "x", ""]) | st.text(max_size=6)
uuids = st.sampled_from(
    [
        "0000fd5a-0000-1000-8000-00805f9b34fb",
        "feed",
        "FCB2",
        "0000feaa-0000-1000-8000-00805f9b34fb",
        "fe33",
        "x",
    ]
) | st.text(max_size=8)
lines = st.fixed_dictionaries(
    {},
    optional={
        "time": st.sampled_from(["2026-12-07T09:00:00+00:00", "2026-12-07T09:00:00Z", "2026-13-07", ""])
        | st.text(max_size=30),
        "address": st.text(max_size=20) | json_values,
        "rssi": st.integers(-300, 100) | json_values,
        "manufacturer_data": st.dictionaries(keys, hexes | json_values, max_size=3) | json_values,
        "service_data": st.dictionaries(uuids, hexes | json_values, max_size=3) | json_values,
        "service_uuids": st.lists(uuids, max_size=3) | json_values,
        "place": st.text(max_size=10) | json_values,
    },
)


@settings(max_examples=400, deadline=None)
@given(st.lists(lines.map(lambda d: json.dumps(d).encode()) | st.binary(max_size=80), max_size=8))
def test_hostile_lines_never_raise(raw: list[bytes]) -> None:
    data = b"\n".join(raw)
    recogniser = Recogniser()
    summary = digest(read_sweep(io.BytesIO(data), recogniser.interest()), recogniser)
    assert summary.advertisements + summary.unreadable_count <= len(data.splitlines())


@settings(max_examples=400, deadline=None)
@given(
    st.binary(max_size=40),
    st.sampled_from(
        [
            ("m", 76),
            ("s", "0000fd5a-0000-1000-8000-00805f9b34fb"),
            ("s", "0000fcb2-0000-1000-8000-00805f9b34fb"),
            ("s", "0000feaa-0000-1000-8000-00805f9b34fb"),
            ("s", "0000feed-0000-1000-8000-00805f9b34fb"),
            ("s", "0000fe33-0000-1000-8000-00805f9b34fb"),
        ]
    ),
    st.text(max_size=20),
)
def test_damaged_payloads_decode_without_error(
    payload: bytes, where: tuple[str, object], address: str
) -> None:
    tag, key = where
    advert = Advertisement(
        time=datetime(2026, 12, 7, tzinfo=timezone.utc),
        address=address,
        rssi=None,
        manufacturer_data={key: payload} if tag == "m" else {},  # type: ignore[dict-item] # key is an int here
        service_data={key: payload} if tag == "s" else {},  # type: ignore[dict-item] # key is a str here
    )
    found = Recogniser().recognise(advert)
    assert found is None or found.format


def test_ordinary_lines_come_together_in_runs_split_by_place_and_by_trackers() -> None:
    def line(minute: int, place: str, payload: str = "1005431c1a") -> bytes:
        return (
            f'{{"time": "2026-12-07T09:{minute:02d}:00+00:00", "address": "a{minute}", '
            f'"manufacturer_data": {{"76": "{payload}"}}, "place": "{place}"}}\n'
        ).encode()

    tracker = "1219103d9967e0d67bf55617939043e48fd6762144da3e35160300"
    data = (
        line(0, "home")
        + line(2, "home")
        + line(1, "home")
        + line(3, "bus")
        + line(4, "bus", tracker)
        + line(5, "bus")
    )
    items = list(read_sweep(io.BytesIO(data), Recogniser().interest()))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["HeardRun", "HeardRun", "Advertisement", "HeardRun"]
    home = items[0]
    assert isinstance(home, HeardRun) and home.place == "home" and home.addresses == ("A0", "A2", "A1")
    assert home.first.minute == 0 and home.last.minute == 2


def test_runs_and_single_lines_sum_up_the_same_sweep() -> None:
    from tests.checks.trackers import sweepgen

    data = b"".join(sweepgen.lines(minutes=30, tick_seconds=20))
    recogniser = Recogniser()
    by_runs = digest(read_sweep(io.BytesIO(data), recogniser.interest()), recogniser)
    one_by_one = [
        parse_line(line, n, interest=recogniser.interest()) for n, line in enumerate(data.splitlines(), 1)
    ]
    by_lines = digest([i for i in one_by_one if i is not None], Recogniser())
    assert by_runs == by_lines
