"""The recorded-sweep format: JSON Lines, one Bluetooth LE advertisement a line (docs/sweep-format.md).

Keys: `time` (ISO 8601 with a UTC offset), `address`, `rssi`, `manufacturer_data` (company identifier
in decimal -> payload hex, as bleak gives it), `service_data` (128-bit UUID -> payload hex), `place`
(optional: the place marked when it was heard) and `service_uuids` (optional: the UUIDs the
advertisement lists). Reading never raises on a damaged line: it yields an Unreadable for it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import IO

import orjson

from checks.trackers.records import Advertisement, Heard, HeardRun, Interest, Unreadable

MAX_LINE = 64 * 1024
_BASE_UUID_TAIL = "-0000-1000-8000-00805f9b34fb"
_HEX_CACHE_LIMIT = 200_000


def full_uuid(value: str) -> str | None:
    """A 16-bit ("feed", "0xFEED"), 32-bit or 128-bit UUID as the lower-case 128-bit form, else None."""
    text = value.strip().lower()
    if text.startswith("0x"):
        text = text[2:]
    if len(text) in (4, 8) and all(c in "0123456789abcdef" for c in text):
        return text.rjust(8, "0") + _BASE_UUID_TAIL
    parts = text.split("-")
    if [len(p) for p in parts] == [8, 4, 4, 4, 12] and all(c in "0123456789abcdef" for p in parts for c in p):
        return text
    return None


class _Hex:
    """Hex payloads to bytes, remembering recent ones: a sweep repeats the same payloads very often.

    It also remembers the company identifiers and UUIDs already checked, for the same reason.
    """

    def __init__(self) -> None:
        self.seen: dict[str, bytes] = {}
        self.companies: dict[str, int | None] = {}
        self.uuids: dict[str, str | None] = {}

    def company(self, key: object) -> int | None:
        """A company identifier key ("76") as a number, or None when it is not one."""
        if not isinstance(key, str):
            return None
        if key not in self.companies:
            valid = key.isdigit() and len(key) <= 5 and int(key) <= 0xFFFF
            self.companies[key] = int(key) if valid else None
        return self.companies[key]

    def uuid(self, key: object) -> str | None:
        """A service UUID key in its 128-bit form, or None when it is not one."""
        if not isinstance(key, str):
            return None
        if key not in self.uuids:
            self.uuids[key] = full_uuid(key) if len(key) <= 64 else None
        return self.uuids[key]

    def __call__(self, text: object) -> bytes | None:
        if not isinstance(text, str):
            return None
        found = self.seen.get(text)
        if found is not None:
            return found
        try:
            value = bytes.fromhex(text)
        except ValueError:
            return None
        if len(self.seen) >= _HEX_CACHE_LIMIT:
            self.seen.clear()
        self.seen[text] = value
        return value


def _manufacturer(raw: object, unhex: _Hex) -> dict[int, bytes] | None:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        return None
    out: dict[int, bytes] = {}
    for key, value in raw.items():
        company = unhex.company(key)
        payload = unhex(value)
        if company is None or payload is None:
            return None
        out[company] = payload
    return out


def _services(raw: object, unhex: _Hex) -> dict[str, bytes] | None:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        return None
    out: dict[str, bytes] = {}
    for key, value in raw.items():
        uuid = unhex.uuid(key)
        payload = unhex(value)
        if uuid is None or payload is None:
            return None
        out[uuid] = payload
    return out


def _uuids(raw: object, unhex: _Hex) -> tuple[str, ...] | None:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        return None
    out = [unhex.uuid(item) for item in raw]
    return None if None in out else tuple(u for u in out if u)


def _time(raw: object) -> datetime | None:
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    try:
        when = datetime.fromisoformat(raw[:-1] + "+00:00" if raw[-1:] in ("Z", "z") else raw)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None  # fromisoformat gives an offset or no zone at all


Ordinary = tuple[datetime, str, "str | None"]  # when, address, place of a line that is no tracker's
RUN_LIMIT = 4096  # advertisements in one HeardRun at most


def _parse(
    line: bytes, number: int, unhex: _Hex, interest: Interest | None
) -> Advertisement | Ordinary | Unreadable | None:
    if len(line) > MAX_LINE:
        return Unreadable(number, "trackers.line-too-long", f"{len(line)} bytes")
    try:
        item = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        return None if not line.strip() else Unreadable(number, "trackers.line-not-json", str(exc))
    if not isinstance(item, dict):
        return Unreadable(number, "trackers.line-not-object")
    if _repeats_a_key(line, item):
        return Unreadable(number, "trackers.line-repeated-key")
    return from_mapping(item, number, unhex, interest)


class _Repeated(ValueError):
    pass


def _no_repeats(pairs: list[tuple[str, object]]) -> dict[str, object]:
    if len({key for key, _ in pairs}) != len(pairs):
        raise _Repeated
    return dict(pairs)


def _repeats_a_key(line: bytes, item: Mapping[str, object]) -> bool:
    """Whether an object names a key twice (two lines run together: orjson keeps the last value). Looked
    at closely only when the line holds more `":` than the keys read, which a whole line never does
    unless a string holds one."""
    keys = len(item) + sum(len(value) for value in item.values() if isinstance(value, dict))
    if line.count(b'":') <= keys:
        return False
    try:
        json.loads(line, object_pairs_hook=_no_repeats)
    except _Repeated:
        return True
    except (ValueError, RecursionError):
        return False  # what orjson read is kept
    return False


def parse_line(
    line: bytes, number: int, unhex: _Hex | None = None, interest: Interest | None = None
) -> Advertisement | Heard | Unreadable | None:
    """One line as an advertisement (a Heard when `interest` says it cannot be a tracker's), an
    Unreadable saying why not, or None for a blank line."""
    parsed = _parse(line, number, unhex or _Hex(), interest)
    return Heard(*parsed) if isinstance(parsed, tuple) else parsed


def _interesting(item: Mapping[str, object], unhex: _Hex, interest: Interest) -> bool | None:
    """Whether the line may be a tracker's; None when its keys are not valid."""
    raw = item.get("manufacturer_data")
    if raw:
        if not isinstance(raw, dict):
            return None
        for key, value in raw.items():
            company = unhex.company(key)
            if company is None:
                return None
            prefixes = interest.prefixes.get(company)
            if prefixes is not None and isinstance(value, str) and value.startswith(prefixes):
                return True
    for name in ("service_data", "service_uuids"):
        raw = item.get(name)
        if raw:
            if not isinstance(raw, (dict, list)):
                return None
            for key in raw:
                uuid = unhex.uuid(key)
                if uuid is None:
                    return None
                if uuid in interest.services:
                    return True
    return False


def from_mapping(
    item: Mapping[str, object], number: int, unhex: _Hex, interest: Interest | None = None
) -> Advertisement | Ordinary | Unreadable:
    """An advertisement from one decoded line's keys."""
    when = _time(item.get("time"))
    if when is None:
        return Unreadable(number, "trackers.line-bad-time", repr(item.get("time"))[:80])
    address = item.get("address")
    if not isinstance(address, str) or not 0 < len(address) <= 64:
        return Unreadable(number, "trackers.line-bad-address", repr(address)[:80])
    place = item.get("place")
    if place is not None and not isinstance(place, str):
        return Unreadable(number, "trackers.line-bad-field", "place")
    rssi = item.get("rssi")
    if rssi is not None and (type(rssi) is not int or not -200 <= rssi <= 50):
        return Unreadable(number, "trackers.line-bad-field", "rssi")
    if interest is not None:
        wanted = _interesting(item, unhex, interest)
        if wanted is None:
            return Unreadable(number, "trackers.line-bad-field")
        if not wanted:
            return when, address.upper(), (place.strip()[:80] or None) if place is not None else None
    raw = item.get("manufacturer_data")
    manufacturer = _manufacturer(raw, unhex) if raw else {}
    raw = item.get("service_data")
    services = _services(raw, unhex) if raw else {}
    raw = item.get("service_uuids")
    uuids = _uuids(raw, unhex) if raw else ()
    if manufacturer is None or services is None or uuids is None:
        return Unreadable(number, "trackers.line-bad-field")
    return Advertisement(
        time=when,
        address=address.upper(),
        rssi=rssi,
        manufacturer_data=manufacturer,
        service_data=services,
        place=(place.strip()[:80] or None) if place is not None else None,
        service_uuids=uuids,
    )


def read_sweep(
    stream: IO[bytes], interest: Interest | None = None
) -> Iterator[Advertisement | HeardRun | Unreadable]:
    """Every advertisement in a recorded sweep, in file order, with an Unreadable for each bad line.

    With `interest`, consecutive advertisements that cannot be a tracker's come together as a
    HeardRun (one place each), their payloads unread.
    """
    unhex = _Hex()
    addresses: list[str] = []
    first = last = datetime.min
    here: str | None = None
    for number, line in enumerate(stream, start=1):
        parsed = _parse(line, number, unhex, interest)
        if parsed is None:
            continue
        if isinstance(parsed, tuple):
            when, address, place = parsed
            if addresses and (place != here or len(addresses) >= RUN_LIMIT):
                yield HeardRun(first, last, here, tuple(addresses))
                addresses = []
            if not addresses:
                first = last = when
                here = place
            elif when < first:
                first = when
            elif when > last:
                last = when
            addresses.append(address)
            continue
        if addresses:
            yield HeardRun(first, last, here, tuple(addresses))
            addresses = []
        yield parsed
    if addresses:
        yield HeardRun(first, last, here, tuple(addresses))


def to_line(advert: Advertisement) -> bytes:
    """One advertisement as a recorded-sweep line (with its newline)."""
    item: dict[str, object] = {
        "time": advert.time.isoformat(),
        "address": advert.address,
        "rssi": advert.rssi,
        "manufacturer_data": {str(k): v.hex() for k, v in advert.manufacturer_data.items()},
        "service_data": {k: v.hex() for k, v in advert.service_data.items()},
    }
    if advert.service_uuids:
        item["service_uuids"] = list(advert.service_uuids)
    if advert.place:
        item["place"] = advert.place
    return orjson.dumps(item) + b"\n"
