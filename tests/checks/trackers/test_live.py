"""The live path: bleak's scanner fed by Bumble virtual controllers, and Bluetooth that is missing."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import pytest

from checks.trackers.judge.recognise import Recogniser
from checks.trackers.records import Advertisement, OwnerState
from checks.trackers.sources import live

bumble_bleak = pytest.importorskip("tests.checks.trackers.bumble_bleak")
if TYPE_CHECKING:
    from tests.checks.trackers.bumble_bleak import BumbleScanner
else:
    BumbleScanner = bumble_bleak.BumbleScanner

AIRTAG = bytes.fromhex("1219103d9967e0d67bf55617939043e48fd6762144da3e35160300")
SMARTTAG = bytes.fromhex("12020100a1b2c3d4e5f60718c3")


def test_advertisements_from_a_virtual_controller_come_through_bleak_and_are_recognised() -> None:
    bumble_bleak.BumbleScanner.ADVERTISERS = [
        ("E4:3D:99:67:E0:D6", bumble_bleak.ad_bytes(manufacturer={0x004C: AIRTAG})),
        ("D9:01:02:03:04:05", bumble_bleak.ad_bytes(service16={0xFD5A: SMARTTAG})),
        ("C0:11:22:33:44:55", bumble_bleak.ad_bytes(manufacturer={0x004C: bytes.fromhex("1005431c1a3b5f")})),
    ]
    heard: list[Advertisement] = []
    recogniser = Recogniser()
    mode = asyncio.run(
        live.listen(
            0.5,
            heard.append,
            lambda: "home",
            recogniser.interest(),
            backend=bumble_bleak.BumbleScanner,
            clock=lambda: datetime(2026, 12, 7, 9, tzinfo=timezone.utc),
        )
    )
    assert mode == "passive"
    by_address = {a.address: a for a in heard}
    assert set(by_address) == {"E4:3D:99:67:E0:D6", "D9:01:02:03:04:05", "C0:11:22:33:44:55"}
    airtag = recogniser.recognise(by_address["E4:3D:99:67:E0:D6"])
    smarttag = recogniser.recognise(by_address["D9:01:02:03:04:05"])
    assert airtag is not None and airtag.kind == "airtag" and airtag.owner_state is OwnerState.SEPARATED
    assert smarttag is not None and smarttag.format == "samsung-smarttag"
    assert recogniser.recognise(by_address["C0:11:22:33:44:55"]) is None
    assert all(a.place == "home" for a in heard)


def test_without_bluetooth_here_listening_is_unavailable_with_a_reason() -> None:
    with pytest.raises(live.Unavailable) as caught:
        asyncio.run(live.listen(0.2, lambda a: None, lambda: None, Recogniser().interest()))
    assert caught.value.reason.startswith("trackers.")
    assert caught.value.reason != "trackers.bluetooth-unavailable" or caught.value.detail


def test_bleaks_reasons_become_plain_reasons() -> None:
    from bleak.exc import BleakBluetoothNotAvailableError, BleakBluetoothNotAvailableReason

    def reason(exc: BaseException) -> str:
        return live.unavailable(exc).reason

    assert (
        reason(BleakBluetoothNotAvailableError("off", BleakBluetoothNotAvailableReason.POWERED_OFF))
        == "trackers.bluetooth-off"
    )
    assert (
        reason(BleakBluetoothNotAvailableError("no", BleakBluetoothNotAvailableReason.DENIED_BY_USER))
        == "trackers.bluetooth-denied"
    )
    assert (
        reason(BleakBluetoothNotAvailableError("x", BleakBluetoothNotAvailableReason.NO_BLUETOOTH))
        == "trackers.no-bluetooth"
    )
    assert reason(FileNotFoundError(2, "No such file or directory")) == "trackers.no-bluetooth-service"
    assert reason(PermissionError("denied")) == "trackers.bluetooth-denied"


def test_a_passive_scanning_failure_falls_back_to_active(monkeypatch: pytest.MonkeyPatch) -> None:
    from bleak.exc import BleakError

    class PassiveRefused(BumbleScanner):
        async def start(self) -> None:
            if not self.active:
                raise BleakError("passive scanning on adapter hci0 is not supported")
            await super().start()

    PassiveRefused.ADVERTISERS = [("E4:3D:99:67:E0:D6", bumble_bleak.ad_bytes(manufacturer={0x004C: AIRTAG}))]
    heard: list[Advertisement] = []
    mode = asyncio.run(
        live.listen(0.3, heard.append, lambda: None, Recogniser().interest(), backend=PassiveRefused)
    )
    assert mode == "active"
    assert heard


def test_passive_scanning_on_linux_asks_bluez_only_for_tracker_formats() -> None:
    from bleak.assigned_numbers import AdvertisementDataType

    patterns = live._patterns(Recogniser().interest())
    contents = {(p.ad_data_type, p.content_of_pattern) for p in patterns}
    assert (AdvertisementDataType.MANUFACTURER_SPECIFIC_DATA, b"\x4c\x00\x12") in contents
    assert (AdvertisementDataType.SERVICE_DATA_UUID16, b"\x5a\xfd") in contents  # SmartTag
    assert (AdvertisementDataType.SERVICE_DATA_UUID16, b"\xb2\xfc") in contents  # DULT
    assert len(contents) == len(patterns)
