"""Bluetooth snoop logs the fuzzing harness (tests/fuzz) found read as whole although damaged."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest

from checks.trackers.records import Unreadable
from checks.trackers.sources.phone_bugreport import read_btsnoop

LOG = Path(__file__).resolve().parents[2] / "fixtures" / "trackers" / "btsnoop" / "btsnoop_hci.log"


def _records(data: bytes) -> list[int]:
    """Where each record starts."""
    starts, at = [], 16
    while at < len(data):
        starts.append(at)
        at += 24 + struct.unpack(">I", data[at + 4 : at + 8])[0]
    return starts


def _damaged(data: bytes) -> list[object]:
    return [item for item in read_btsnoop(io.BytesIO(data)) if isinstance(item, Unreadable)]


@pytest.mark.parametrize("where", ["original-length", "packet-length", "time-backwards"])
def test_a_damaged_record_is_named(where: str) -> None:
    data = bytearray(LOG.read_bytes())
    assert not _damaged(bytes(data))
    at = _records(bytes(data))[5]
    if where == "original-length":
        data[at + 3] ^= 0x01  # the record now says it holds less than it does
    elif where == "packet-length":
        data[at + 24 + 2] ^= 0x04  # an event's own length no longer fits the record
    else:
        data[at + 16] ^= 0x01  # the highest byte of the time: centuries on, so the next record goes back
    assert _damaged(bytes(data))


LINE = (
    b'{"time":"2026-12-07T09:20:00.1+00:00","address":"71:FF:E2:8E:27:96","rssi":-70,'
    b'"manufacturer_data":{"76":"1005431c1a3b5f"},"service_data":{},"place":"bus"}'
)


def test_two_lines_run_together_are_unreadable_not_one_advertisement() -> None:
    from checks.trackers.sources.recorded import parse_line

    assert not isinstance(parse_line(LINE, 1), Unreadable)
    run_together = LINE[:-1] + b',"rssi":-60,"service_data":{},"place":"work"}'
    found = parse_line(run_together, 1)
    assert isinstance(found, Unreadable)
    assert found.reason == "trackers.line-repeated-key"


def test_a_place_holding_a_quote_and_colon_is_still_read() -> None:
    from checks.trackers.sources.recorded import parse_line

    assert not isinstance(parse_line(LINE.replace(b'"bus"', b'"the \\":bus"'), 1), Unreadable)
