"""Trackers an Android phone already heard: the Bluetooth HCI snoop log inside a bug report.

With Settings → System → Developer options → "Enable Bluetooth HCI snoop log" set to "Enabled"
(not "Filtered"), Android keeps the Bluetooth traffic of the phone in btsnoop format, and a bug
report (adb bugreport, or Developer options → Take bug report) includes it: usually at
FS/data/misc/bluetooth/logs/btsnoop_hci.log (and .last), on Samsung phones at
FS/data/log/bt/btsnoop_hci.log; any member whose name ends so is read, ".filtered" ones too.
The LE advertising reports in it are the advertisements the phone heard, with their times.

Not read: the compressed BTSNOOP_LOG_SUMMARY ("btsnooz") that bug reports carry in their text even
with the log switched off, whose record layout could not be checked against a licensed source
here; and Android's own "unknown tracker alerts", which Google Play services keeps.
The btsnoop format: RFC 1761 ("Snoop Version 2") as adapted by BlueZ hcidump and Android: a 16-byte
header ("btsnoop\\0", version 1, datalink 1001 or 1002), then records of original length, included
length, flags, drops and a 64-bit timestamp in microseconds since year 0 (0x00DCDDB30F2F8000 at the
Unix epoch), followed by the packet.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import IO

from checks.trackers.records import Advertisement, Unreadable
from checks.trackers.sources.adstructures import parse

MAGIC = b"btsnoop\x00"
EPOCH_DELTA_US = 0x00DCDDB30F2F8000
H4, UNENCAPSULATED = 1002, 1001
HCI_EVENT, LE_META = 0x04, 0x3E
LEGACY_REPORT, EXTENDED_REPORT = 0x02, 0x0D
MAX_RECORD = 64 * 1024
SNOOP_SUFFIXES = (
    "btsnoop_hci.log",
    "btsnoop_hci.log.last",
    "btsnoop_hci.log.filtered",
    "btsnoop_hci.log.filtered.last",
)
_RECORD = struct.Struct(">IIIIq")
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _address(raw: bytes) -> str:
    return ":".join(f"{b:02X}" for b in raw[::-1])


def _legacy(params: bytes) -> Iterator[tuple[str, int | None, bytes]]:
    """LE Advertising Report: address, RSSI and data of each report (Core Vol 4 Part E §7.7.65.2)."""
    count = params[0] if params else 0
    at = 1
    if count == 1:
        if len(params) < 10:
            return
        size = params[9]
        data = params[10 : 10 + size]
        rssi_at = 10 + size
        if len(data) < size or rssi_at >= len(params):
            return
        yield _address(params[3:9]), struct.unpack("b", params[rssi_at : rssi_at + 1])[0], data
        return
    # Several reports: the fields come as arrays, one field for every report in turn.
    need = 1 + count * 9
    if len(params) < need + count:
        return
    addresses = [params[at + 2 * count + 6 * i : at + 2 * count + 6 * (i + 1)] for i in range(count)]
    sizes = list(params[at + 8 * count : at + 9 * count])
    at += 9 * count
    datas = []
    for size in sizes:
        datas.append(params[at : at + size])
        at += size
    rssis = params[at : at + count]
    if len(rssis) < count:
        return
    for i in range(count):
        yield _address(addresses[i]), struct.unpack("b", rssis[i : i + 1])[0], datas[i]


def _extended(params: bytes) -> Iterator[tuple[str, int | None, bytes]]:
    """LE Extended Advertising Report (Core Vol 4 Part E §7.7.65.13): reports one after another."""
    count = params[0] if params else 0
    at = 1
    for _ in range(count):
        if at + 24 > len(params):
            return
        address = params[at + 3 : at + 9]
        rssi = struct.unpack("b", params[at + 13 : at + 14])[0]
        size = params[at + 23]
        data = params[at + 24 : at + 24 + size]
        if len(data) < size:
            return
        yield _address(address), None if rssi == 127 else rssi, data
        at += 24 + size


# H4 packet kinds and where each one's own length sits: (offset, size in bytes, header length).
_H4_LENGTHS = {1: (3, 1, 4), 2: (3, 2, 5), 3: (3, 1, 4), 4: (2, 1, 3)}


def _whole_h4(packet: bytes, whole: bool) -> bool:
    """Whether an H4 packet is a known kind and, when the record holds all of it, as long as it says."""
    if not packet or packet[0] not in _H4_LENGTHS:
        return False
    at, size, header = _H4_LENGTHS[packet[0]]
    if len(packet) < at + size:
        return not whole
    return not whole or len(packet) == header + int.from_bytes(packet[at : at + size], "little")


def read_btsnoop(stream: IO[bytes], place: str | None = None) -> Iterator[Advertisement | Unreadable]:
    """The advertisements in a btsnoop capture; an Unreadable where the capture is damaged."""
    header = stream.read(16)
    if len(header) < 16 or header[:8] != MAGIC:
        yield Unreadable(0, "trackers.snoop-not-btsnoop")
        return
    datalink = int.from_bytes(header[12:16], "big")
    if datalink not in (H4, UNENCAPSULATED):
        yield Unreadable(0, "trackers.snoop-unknown-link", str(datalink))
        return
    number = 0
    previous = 0
    while True:
        head = stream.read(_RECORD.size)
        if not head:
            return
        number += 1
        if len(head) < _RECORD.size:
            yield Unreadable(number, "trackers.snoop-cut-short")
            return
        original, included, flags, _, stamp = _RECORD.unpack(head)
        if included > MAX_RECORD:
            yield Unreadable(number, "trackers.snoop-cut-short", f"record of {included} bytes")
            return
        packet = stream.read(included)
        if len(packet) < included:
            yield Unreadable(number, "trackers.snoop-cut-short")
            return
        if included > original or (datalink == H4 and not _whole_h4(packet, original == included)):
            yield Unreadable(number, "trackers.snoop-bad-record")
            continue
        if stamp < previous - 1_000_000:  # records come in time order; a second back is damage
            yield Unreadable(number, "trackers.snoop-bad-time", str(stamp))
            continue
        previous = max(previous, stamp)
        if datalink == H4:
            if packet[0] != HCI_EVENT:
                continue
            packet = packet[1:]
        elif not flags & 0x02:  # unencapsulated: bit 1 marks a command or event
            continue
        if len(packet) < 3 or packet[0] != LE_META:
            continue
        params = packet[3:]
        reports = (
            _legacy(params)
            if packet[2] == LEGACY_REPORT
            else _extended(params)
            if packet[2] == EXTENDED_REPORT
            else ()
        )
        try:
            when = UNIX_EPOCH + timedelta(microseconds=stamp - EPOCH_DELTA_US)
        except OverflowError:
            yield Unreadable(number, "trackers.snoop-bad-time", str(stamp))
            continue
        for address, rssi, data in reports:
            found = parse(data)
            if found.damaged:
                yield Unreadable(number, "trackers.snoop-bad-advertisement", address)
            yield Advertisement(
                time=when,
                address=address,
                rssi=rssi,
                manufacturer_data=found.manufacturer_data,
                service_data=found.service_data,
                place=place,
                service_uuids=tuple(found.service_uuids),
            )
