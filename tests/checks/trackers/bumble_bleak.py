"""A bleak scanner backend on Bumble's virtual controllers, for testing the live path here.

This machine's kernel has no Bluetooth (no AF_BLUETOOTH, no /dev/vhci), so BlueZ cannot run and
bleak's Linux backend cannot be exercised. Instead, bleak's own BleakScanner front end is given this
backend (bleak supports custom backends): Bumble runs virtual controllers on a LocalLink, one per
advertiser and one scanning, with Bumble hosts speaking real HCI to them. The advertisements go
through Bumble's link layer and HCI LE advertising reports, and come to bleak as AdvertisementData.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from bleak.backends.scanner import AdvertisementData, AdvertisementDataCallback, BaseBleakScanner
from bumble.controller import Controller
from bumble.core import AdvertisingData
from bumble.device import Advertisement, Device
from bumble.hci import Address, OwnAddressType
from bumble.host import Host
from bumble.link import LocalLink
from bumble.transport.common import AsyncPipeSink

BASE = "-0000-1000-8000-00805f9b34fb"


def _uuid16(raw: bytes) -> str:
    return f"0000{int.from_bytes(raw[:2], 'little'):04x}{BASE}"


def ad_bytes(
    manufacturer: dict[int, bytes] | None = None, service16: dict[int, bytes] | None = None
) -> bytes:
    """Raw advertising data (AD structures) as a tracker would send it."""
    out = bytes([2, 0x01, 0x06])
    for company, payload in (manufacturer or {}).items():
        body = bytes([0xFF]) + company.to_bytes(2, "little") + payload
        out += bytes([len(body)]) + body
    for uuid, payload in (service16 or {}).items():
        body = bytes([0x16]) + uuid.to_bytes(2, "little") + payload
        out += bytes([len(body)]) + body
    return out


class BumbleScanner(BaseBleakScanner):
    """Scans a virtual Bumble link on which ADVERTISERS (address, AD bytes) advertise."""

    ADVERTISERS: ClassVar[list[tuple[str, bytes]]] = []

    def __init__(
        self,
        detection_callback: AdvertisementDataCallback | None,
        service_uuids: list[str] | None,
        scanning_mode: str,
        **_: Any,
    ) -> None:
        super().__init__(detection_callback, service_uuids)
        self.active = scanning_mode == "active"
        self.devices: list[Device] = []

    def _device(self, link: LocalLink, address: str) -> Device:
        controller = Controller(f"C-{address}", link=link, public_address=address)
        device = Device(address=Address(address), host=Host(controller, AsyncPipeSink(controller)))
        self.devices.append(device)
        return device

    def _heard(self, advertisement: Advertisement) -> None:
        manufacturer: dict[int, bytes] = {}
        services: dict[str, bytes] = {}
        uuids: list[str] = []
        for kind, data in advertisement.data.ad_structures:
            if kind == AdvertisingData.MANUFACTURER_SPECIFIC_DATA and len(data) >= 2:
                manufacturer[int.from_bytes(data[:2], "little")] = bytes(data[2:])
            elif kind == AdvertisingData.SERVICE_DATA_16_BIT_UUID and len(data) >= 2:
                services[_uuid16(data)] = bytes(data[2:])
            elif kind in (
                AdvertisingData.COMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS,
                AdvertisingData.INCOMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS,
            ):
                uuids += [_uuid16(data[i : i + 2]) for i in range(0, len(data) - 1, 2)]
        address = str(advertisement.address).split("/")[0]
        adv = AdvertisementData(
            local_name=None,
            manufacturer_data=manufacturer,
            service_data=services,
            service_uuids=uuids,
            tx_power=None,
            rssi=advertisement.rssi,
            platform_data=(advertisement,),
        )
        device = self.create_or_update_device(address, address, None, advertisement, adv)
        self.call_detection_callbacks(device, adv)

    async def start(self) -> None:
        """Power the virtual controllers on, start every advertiser, then scan."""
        link = LocalLink()  # type: ignore[no-untyped-call] # Bumble's LocalLink has no annotations
        for address, data in self.ADVERTISERS:
            advertiser = self._device(link, address)
            await advertiser.power_on()
            await advertiser.start_advertising(
                advertising_data=data,
                own_address_type=OwnAddressType.PUBLIC,
                advertising_interval_min=20,
                advertising_interval_max=20,
            )
        scanner = self._device(link, "F0:F0:F0:F0:F0:F0")
        scanner.on(scanner.EVENT_ADVERTISEMENT, self._heard)
        await scanner.power_on()
        await scanner.start_scanning(active=self.active, filter_duplicates=False)
        await asyncio.sleep(0)

    async def stop(self) -> None:
        """Stop scanning and advertising."""
        for device in self.devices:
            if device.is_scanning:
                await device.stop_scanning()
            if device.is_advertising:
                await device.stop_advertising()
        self.devices.clear()
