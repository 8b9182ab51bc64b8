"""Live listening with bleak: BlueZ on Linux, CoreBluetooth on macOS, WinRT on Windows.

Passive where the platform allows it (the computer only listens and asks nothing of the devices
around): on Windows always, on Linux when BlueZ offers advertisement monitors (its experimental
features, BlueZ 5.56 or newer); otherwise, and on macOS, where CoreBluetooth has no passive mode,
active scanning. When there is no Bluetooth, it is off or the program may not use it, this raises
Unavailable with the reason, so the check says it did not run, never that nothing was found.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from checks.trackers.records import Advertisement, Interest

if TYPE_CHECKING:
    from bleak.backends.device import BLEDevice
    from bleak.backends.scanner import AdvertisementData, BaseBleakScanner


class Unavailable(Exception):
    """Bluetooth cannot be used here; `reason` is a words key ("trackers.bluetooth-off" ...)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def from_bleak(
    device: BLEDevice, data: AdvertisementData, when: datetime, place: str | None
) -> Advertisement:
    """bleak's view of one advertisement as the recorded-sweep record."""
    return Advertisement(
        time=when,
        address=device.address.upper(),
        rssi=data.rssi,
        manufacturer_data=dict(data.manufacturer_data),
        service_data={k.lower(): bytes(v) for k, v in data.service_data.items()},
        place=place,
        service_uuids=tuple(u.lower() for u in data.service_uuids),
    )


def _patterns(interest: Interest) -> list[Any]:
    """BlueZ advertisement-monitor patterns for the tracker formats (passive scanning on Linux)."""
    from bleak.args.bluez import OrPattern
    from bleak.assigned_numbers import AdvertisementDataType

    patterns = []
    for company, prefixes in interest.prefixes.items():
        for prefix in dict.fromkeys(p.lower() for p in prefixes):
            content = company.to_bytes(2, "little") + bytes.fromhex(prefix)
            patterns.append(OrPattern(0, AdvertisementDataType.MANUFACTURER_SPECIFIC_DATA, content))
    for uuid in interest.services:
        if uuid.endswith("-0000-1000-8000-00805f9b34fb") and uuid.startswith("0000"):
            short = int(uuid[4:8], 16).to_bytes(2, "little")
            patterns.append(OrPattern(0, AdvertisementDataType.SERVICE_DATA_UUID16, short))
    return patterns


def unavailable(exc: BaseException) -> Unavailable:
    """Why bleak could not scan, as a reason a person can act on."""
    from bleak.exc import BleakBluetoothNotAvailableError, BleakBluetoothNotAvailableReason, BleakDBusError

    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, BleakBluetoothNotAvailableError):
        reason = {
            BleakBluetoothNotAvailableReason.NO_BLUETOOTH: "trackers.no-bluetooth",
            BleakBluetoothNotAvailableReason.NO_BLE_CENTRAL_ROLE: "trackers.no-bluetooth",
            BleakBluetoothNotAvailableReason.POWERED_OFF: "trackers.bluetooth-off",
            BleakBluetoothNotAvailableReason.DENIED_BY_USER: "trackers.bluetooth-denied",
            BleakBluetoothNotAvailableReason.DENIED_BY_SYSTEM: "trackers.bluetooth-denied",
            BleakBluetoothNotAvailableReason.DENIED_BY_UNKNOWN: "trackers.bluetooth-denied",
        }.get(exc.reason, "trackers.bluetooth-unavailable")
        return Unavailable(reason, detail)
    if isinstance(exc, BleakDBusError) and "NotReady" in str(exc.dbus_error):
        return Unavailable("trackers.bluetooth-off", detail)
    if isinstance(exc, PermissionError):
        return Unavailable("trackers.bluetooth-denied", detail)
    if isinstance(exc, (FileNotFoundError, ConnectionError)):
        # No system bus or no Bluetooth service to talk to (Linux without BlueZ, a container).
        return Unavailable("trackers.no-bluetooth-service", detail)
    if "adapter" in str(exc).lower() and "not" in str(exc).lower():
        return Unavailable("trackers.no-bluetooth", detail)
    return Unavailable("trackers.bluetooth-unavailable", detail)


async def listen(
    seconds: float,
    sink: Callable[[Advertisement], None],
    place: Callable[[], str | None],
    interest: Interest,
    *,
    passive: bool = True,
    backend: type[BaseBleakScanner] | None = None,
    clock: Callable[[], datetime] = _utc_now,
    stop: asyncio.Event | None = None,
) -> str:
    """Listen for `seconds` (or until `stop` is set), giving each advertisement to `sink`.

    Returns "passive" or "active", the way it listened. Raises Unavailable when it cannot listen.
    """
    try:
        from bleak import BleakScanner
    except ImportError as exc:
        raise Unavailable("trackers.no-bleak", str(exc)) from exc

    def heard(device: BLEDevice, data: AdvertisementData) -> None:
        sink(from_bleak(device, data, clock(), place()))

    modes: list[tuple[str, dict[str, Any]]] = []
    if passive and backend is None and sys.platform.startswith("linux"):
        modes.append(("passive", {"scanning_mode": "passive", "bluez": {"or_patterns": _patterns(interest)}}))
    elif passive and (backend is not None or sys.platform == "win32"):
        modes.append(("passive", {"scanning_mode": "passive"}))
    modes.append(("active", {"scanning_mode": "active"}))
    last: BaseException | None = None
    for mode, options in modes:
        try:
            async with BleakScanner(heard, backend=backend, **options):
                if stop is None:
                    await asyncio.sleep(seconds)
                else:
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(stop.wait(), timeout=seconds)
            return mode
        except Exception as exc:
            last = exc
            if mode == "passive" and not _fatal(exc):
                continue
            raise unavailable(exc) from exc
    raise unavailable(last or RuntimeError("no scanning mode"))


def _fatal(exc: BaseException) -> bool:
    """Whether a failure of passive scanning means Bluetooth is not usable at all (no active retry).

    Judged by the kind of error only: a passive-mode failure of BlueZ (no advertisement monitor,
    an older BlueZ) names the adapter in its message and must still fall back to active scanning.
    """
    from bleak.exc import BleakBluetoothNotAvailableError, BleakDBusError

    if isinstance(exc, BleakDBusError):
        return "NotReady" in str(exc.dbus_error)
    return isinstance(
        exc, (BleakBluetoothNotAvailableError, PermissionError, FileNotFoundError, ConnectionError)
    )
