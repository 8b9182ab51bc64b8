"""An Android phone's Bluetooth HCI snoop log (btsnoop), as a bug report carries it."""

from __future__ import annotations

import io
import struct
from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.trackers.judge.recognise import Recogniser, digest
from checks.trackers.records import Advertisement, OwnerState, Unreadable
from checks.trackers.sources.adstructures import parse
from checks.trackers.sources.phone_bugreport import EPOCH_DELTA_US, read_btsnoop

AIRTAG_AD = bytes([2, 1, 6, 0x1E, 0xFF, 0x4C, 0x00]) + bytes.fromhex(
    "1219103d9967e0d67bf55617939043e48fd6762144da3e35160300"
)
TILE_AD = bytes([2, 1, 6, 3, 3, 0xED, 0xFE, 13, 0x16, 0xED, 0xFE]) + bytes.fromhex("0200c58aaccd312f479e")
WHEN = datetime(2026, 12, 7, 9, 30, tzinfo=timezone.utc)


def _stamp(when: datetime) -> int:
    return int(when.timestamp() * 1_000_000) + EPOCH_DELTA_US


def _record(packet: bytes, when: datetime = WHEN, flags: int = 3) -> bytes:
    return struct.pack(">IIIIq", len(packet), len(packet), flags, 0, _stamp(when)) + packet


def _legacy(address: bytes, data: bytes, rssi: int) -> bytes:
    params = bytes([0x02, 1, 0x00, 0x01]) + address[::-1] + bytes([len(data)]) + data + struct.pack("b", rssi)
    return bytes([0x04, 0x3E, len(params)]) + params


def _extended(address: bytes, data: bytes, rssi: int) -> bytes:
    report = (
        struct.pack("<H", 0x0013)
        + bytes([0x01])
        + address[::-1]
        + bytes([1, 0, 0xFF, 0x7F])
        + struct.pack("b", rssi)
        + b"\x00\x00"
        + bytes([0])
        + b"\x00" * 6
        + bytes([len(data)])
        + data
    )
    params = bytes([0x0D, 1]) + report
    return bytes([0x04, 0x3E, len(params)]) + params


def capture(*packets: bytes) -> bytes:
    return b"btsnoop\x00" + struct.pack(">II", 1, 1002) + b"".join(_record(p) for p in packets)


def test_advertising_reports_become_advertisements_with_their_times() -> None:
    data = capture(
        bytes([0x01, 0x03, 0x0C, 0x00]),  # a command (reset): not an event, skipped
        _legacy(bytes.fromhex("E43D9967E0D6"), AIRTAG_AD, -58),
        _extended(bytes.fromhex("C4AABBCCDDEE"), TILE_AD, -71),
    )
    items = list(read_btsnoop(io.BytesIO(data)))
    assert all(isinstance(i, Advertisement) for i in items)
    airtag, tile = items
    assert isinstance(airtag, Advertisement) and isinstance(tile, Advertisement)
    assert airtag.time == WHEN and airtag.address == "E4:3D:99:67:E0:D6" and airtag.rssi == -58
    assert tile.service_uuids == ("0000feed-0000-1000-8000-00805f9b34fb",)
    recogniser = Recogniser()
    found = recogniser.recognise(airtag)
    assert found is not None and found.kind == "airtag" and found.owner_state is OwnerState.SEPARATED
    summary = digest(items)
    assert [s.decoded.format for s in summary.sightings] == ["apple-find-my", "tile"]


def test_a_file_that_is_not_btsnoop_or_is_cut_short_says_so() -> None:
    assert [
        i.reason for i in read_btsnoop(io.BytesIO(b"PK\x03\x04 not a capture")) if isinstance(i, Unreadable)
    ] == ["trackers.snoop-not-btsnoop"]
    cut = capture(_legacy(bytes(6), AIRTAG_AD, -50))[:-5]
    assert [type(i) for i in read_btsnoop(io.BytesIO(cut))] == [Unreadable]


def test_ad_structures_cut_short_are_marked_damaged() -> None:
    assert parse(AIRTAG_AD).manufacturer_data[0x004C][:2] == b"\x12\x19"
    assert parse(AIRTAG_AD[:-3]).damaged


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_hostile_captures_never_raise(noise: bytes) -> None:
    for start in (noise, b"btsnoop\x00" + struct.pack(">II", 1, 1002) + noise):
        list(read_btsnoop(io.BytesIO(start)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=60), max_size=4), st.integers(-128, 127))
def test_hostile_reports_never_raise(payloads: list[bytes], rssi: int) -> None:
    packets = [_legacy(bytes(6), p, rssi) for p in payloads if len(p) < 240]
    packets += [_extended(bytes(6), p, rssi) for p in payloads if len(p) < 220]
    list(read_btsnoop(io.BytesIO(capture(*packets))))
    for p in payloads:
        parse(p)
