"""Generated recorded sweeps: a person moving between places with ordinary devices, their own
trackers near them, and (optionally) a tracker away from its owner travelling with them.

Payload layouts follow checks/trackers/data/*.yaml; the ordinary devices' payloads are real ones
from tests/realworld/trackers/payloads.yaml (Apple continuity messages, iBeacon, Eddystone).
Everything is seeded, so a sweep is the same on every run.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import orjson

START = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)
PLACES = (("home", 0, 20), ("bus", 20, 35), ("work", 35, 60))  # name, from minute, to minute
SEPARATED_AIRTAG = "1219" + "10" + "3d9967e0d67bf55617939043e48fd6762144da3e3516" + "03" + "00"
FOLLOWER_ADDRESS = "E4:3D:99:67:E0:D6"

ORDINARY = (  # company or service, payload
    ("m", "76", "1005431c1a3b5f"),  # Apple "nearby info" (an iPhone)
    ("m", "76", "0719010e2022f58f00000a7d9fff27234873d4305e0fed1b39e2b8"),  # AirPods proximity pairing
    ("m", "76", "0c0e00a7582cd64fff2fe83046c99f5b10065a19e96670d8"),  # Handoff
    ("m", "76", "0215b5b182c7eab14988aa99b5c1517008d90001641ac5"),  # iBeacon
    ("m", "6", "0109202212345678901234567890"),  # Microsoft (Swift Pair style)
    ("m", "117", "42040180aeabcdef012345"),  # Samsung phone
    ("s", "0000feaa-0000-1000-8000-00805f9b34fb", "21010b0c1318000021fffdfc12"),  # Eddystone
    ("s", "0000fe2c-0000-1000-8000-00805f9b34fb", "00a1b2"),  # Fast Pair model id
    ("n", "", ""),  # nothing but an address
)


def _address(rng: random.Random) -> str:
    first = rng.randrange(256) & 0x3F | 0x40  # a resolvable private address
    return ":".join(f"{b:02X}" for b in [first, *(rng.randrange(256) for _ in range(5))])


@dataclass
class Device:
    """One thing advertising: where it is, how it advertises, how its address and payload change."""

    where: str  # a place name, or "person" for what travels with the person
    kind: str  # "ordinary", "follower", "own-airtag", "own-smarttag", "own-dult", "stranger-airtag"
    rng: random.Random
    chance: float
    source: tuple[str, str, str] = ("n", "", "")
    address: str = ""
    counter: int = 1000
    epoch: int = -1
    extra: dict[str, str] = field(default_factory=dict)

    def state_at(self, minute: float) -> tuple[str, dict[str, str], dict[str, str]]:
        """Address, manufacturer data and service data at a minute of the sweep."""
        epoch = int(minute // 15)
        if self.kind == "follower":
            return FOLLOWER_ADDRESS, {"76": SEPARATED_AIRTAG}, {}
        if self.kind == "stranger-airtag":
            return self.extra["address"], {"76": self.extra["payload"]}, {}
        if epoch != self.epoch:  # the 15-minute rotation of everything else
            self.epoch = epoch
            self.address = _address(self.rng)
            self.counter += 1
        if self.kind == "own-airtag":
            return self.address, {"76": f"1202{0x14:02x}{epoch % 4:02x}"}, {}
        if self.kind == "own-smarttag":
            data = "15" + self.counter.to_bytes(3, "little").hex()  # 0x10 | 0b101: connected to its owner
            data += self.rng.randbytes(8).hex() + "c3"
            return self.address, {}, {"0000fd5a-0000-1000-8000-00805f9b34fb": data}
        if self.kind == "own-dult":
            return self.address, {}, {"0000fcb2-0000-1000-8000-00805f9b34fb": "0201"}
        tag, key, payload = self.source
        if tag == "m":
            return self.address, {key: payload}, {}
        if tag == "s":
            return self.address, {}, {key: payload}
        return self.address, {}, {}


def _place(minute: float) -> str:
    return (
        next(name for name, lo, hi in PLACES if lo <= minute < hi)
        if minute < PLACES[-1][2]
        else PLACES[-1][0]
    )


def devices(
    count: int = 200, *, follower: bool = True, stranger: bool = True, seed: int = 18
) -> list[Device]:
    """The devices of a sweep: `count` in all, the person's own trackers, maybe the follower and maybe a
    stranger's lost AirTag heard at work."""
    rng = random.Random(seed)
    out: list[Device] = []
    if follower:
        out.append(Device("person", "follower", random.Random(seed + 1), 0.6))
    for kind in ("own-airtag", "own-smarttag", "own-dult"):
        out.append(Device("person", kind, random.Random(rng.random()), 0.6))
    if stranger:
        out.append(
            Device(
                "work",
                "stranger-airtag",
                random.Random(seed + 2),
                0.3,
                extra={"address": "C7:11:22:33:44:55", "payload": "1219" + "10" + "aa" * 22 + "0100"},
            )
        )
    names = [p[0] for p in PLACES]
    while len(out) < count:
        where = names[len(out) % len(names)]
        out.append(
            Device(
                where, "ordinary", random.Random(rng.random()), rng.uniform(0.2, 0.9), rng.choice(ORDINARY)
            )
        )
    return out


def lines(
    minutes: float = 60.0,
    tick_seconds: float = 10.0,
    *,
    count: int = 200,
    follower: bool = True,
    stranger: bool = True,
    places: bool = True,
    seed: int = 18,
) -> Iterator[bytes]:
    """Recorded-sweep lines of a generated sweep, in time order."""
    every = devices(count, follower=follower, stranger=stranger, seed=seed)
    rng = random.Random(seed + 3)
    ticks = int(minutes * 60 / tick_seconds)
    for tick in range(ticks):
        minute = tick * tick_seconds / 60
        here = _place(minute)
        when = START + timedelta(seconds=tick * tick_seconds)
        for device in every:
            if device.where not in ("person", here) or rng.random() > device.chance:
                continue
            address, manufacturer, services = device.state_at(minute)
            item: dict[str, object] = {
                "time": (when + timedelta(milliseconds=rng.randrange(1000))).isoformat(),
                "address": address,
                "rssi": rng.randrange(-95, -45),
                "manufacturer_data": manufacturer,
                "service_data": services,
            }
            if places:
                item["place"] = here
            yield orjson.dumps(item) + b"\n"
