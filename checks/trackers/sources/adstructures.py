"""Bluetooth advertising data (AD structures, Core Specification Vol 3 Part C §11) into the
manufacturer data, service data and service UUIDs the recorded-sweep format keeps."""

from __future__ import annotations

from dataclasses import dataclass, field

BASE_TAIL = "-0000-1000-8000-00805f9b34fb"
MANUFACTURER = 0xFF
SERVICE_DATA_16, SERVICE_DATA_32, SERVICE_DATA_128 = 0x16, 0x20, 0x21
UUID16_LISTS = (0x02, 0x03)
UUID128_LISTS = (0x06, 0x07)


def uuid16(raw: bytes) -> str:
    """A 16-bit UUID (little-endian bytes) in its 128-bit form."""
    return f"0000{int.from_bytes(raw[:2], 'little'):04x}{BASE_TAIL}"


def uuid128(raw: bytes) -> str:
    """A 128-bit UUID from its 16 little-endian bytes."""
    h = raw[:16][::-1].hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


@dataclass
class Parsed:
    """What the AD structures held, and whether any were cut short."""

    manufacturer_data: dict[int, bytes] = field(default_factory=dict)
    service_data: dict[str, bytes] = field(default_factory=dict)
    service_uuids: list[str] = field(default_factory=list)
    damaged: bool = False


def parse(data: bytes) -> Parsed:
    """Every AD structure in `data`; a length running past the end marks the rest damaged."""
    out = Parsed()
    at = 0
    while at < len(data):
        length = data[at]
        if length == 0:  # padding up to the end of a legacy advertisement
            break
        chunk = data[at + 1 : at + 1 + length]
        at += 1 + length
        if len(chunk) < length:
            out.damaged = True
            break
        kind, body = chunk[0], chunk[1:]
        if kind == MANUFACTURER and len(body) >= 2:
            out.manufacturer_data[int.from_bytes(body[:2], "little")] = body[2:]
        elif kind == SERVICE_DATA_16 and len(body) >= 2:
            out.service_data[uuid16(body)] = body[2:]
        elif kind == SERVICE_DATA_32 and len(body) >= 4:
            out.service_data[f"{int.from_bytes(body[:4], 'little'):08x}{BASE_TAIL}"] = body[4:]
        elif kind == SERVICE_DATA_128 and len(body) >= 16:
            out.service_data[uuid128(body)] = body[16:]
        elif kind in UUID16_LISTS:
            out.service_uuids += [uuid16(body[i : i + 2]) for i in range(0, len(body) - 1, 2)]
        elif kind in UUID128_LISTS:
            out.service_uuids += [uuid128(body[i : i + 16]) for i in range(0, len(body) - 15, 16)]
    return out
