"""The records of the trackers area: advertisements heard, what a tracker's payload says, trackers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from types import MappingProxyType


class OwnerState(Enum):
    """What an advertisement says about the tracker's owner, as far as its format allows."""

    NEAR_OWNER = "near-owner"
    SEPARATED = "separated"
    JUST_SEPARATED = "just-separated"  # lost touch with the owner only minutes ago (SmartTag, Chipolo)
    UNKNOWN = "unknown"  # the format does not say (Tile, Pebblebee, Google's ordinary frame)


class Link(Enum):
    """Why several sightings are taken to be one tracker."""

    ADDRESS = "address"  # the same address, in a state whose address stays for a day or for good
    IDENTIFIER = "identifier"  # the same key or identifier carried in the payload
    COUNTER = "counter"  # consecutive rotations joined by the aging counter (SmartTag)
    SINGLE = "single"  # one identifier only; other sightings may be the same tracker


@dataclass(frozen=True, slots=True)
class Advertisement:
    """One Bluetooth LE advertisement as heard, in the recorded-sweep format's terms."""

    time: datetime  # timezone-aware
    address: str  # upper case, colon-separated
    rssi: int | None
    manufacturer_data: Mapping[int, bytes]  # company identifier -> payload after it
    service_data: Mapping[str, bytes]  # 128-bit UUID, lower case -> payload after the UUID
    place: str | None = None
    service_uuids: tuple[str, ...] = ()  # 128-bit UUIDs listed in the advertisement, lower case


@dataclass(frozen=True, slots=True)
class Heard:
    """An advertisement no tracker format could match: only when, from which address and where.

    A reader that is told which payloads could be trackers' gives this instead of an Advertisement
    for the rest, without decoding their payloads (a sweep is mostly phones, earbuds and watches).
    """

    time: datetime
    address: str
    place: str | None = None


@dataclass(frozen=True, slots=True)
class HeardRun:
    """Consecutive advertisements that could not be a tracker's, heard at one place (or none marked).

    A reader gives these instead of one Heard for each, since a sweep is mostly such lines.
    """

    first: datetime
    last: datetime
    place: str | None
    addresses: tuple[str, ...]  # one for each advertisement, in order


@dataclass(frozen=True, slots=True)
class Interest:
    """Which advertisements could be a tracker's: payload prefixes per company, and service UUIDs."""

    prefixes: Mapping[
        int, tuple[str, ...]
    ]  # company identifier -> hex prefixes, lower and upper case ("" = any)
    services: frozenset[str]  # 128-bit UUIDs, lower case


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A line or record that could not be read as an advertisement, and why."""

    position: int  # line number, or record number in a capture
    reason: str  # a words key of this area, e.g. "trackers.line-not-json"
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Decoded:
    """What one tracker payload says: which format, what kind, the owner state and its identifiers."""

    format: str  # the data file's id, e.g. "apple-find-my"
    kind: str  # e.g. "airtag"
    owner_state: OwnerState
    identity: str | None  # stable within the format's rotation period; None when it rotates often
    counter: int | None = None  # an aging counter that links rotations, when the format has one
    fields: Mapping[str, str] = field(default_factory=dict)  # decoded field values, for evidence

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))


@dataclass(frozen=True, slots=True)
class TrackerSighting:
    """One advertisement recognised as a tracker's."""

    time: datetime
    address: str
    rssi: int | None
    place: str | None
    decoded: Decoded


@dataclass(frozen=True, slots=True)
class Tracker:
    """Sightings taken to be one tracker, with why they were linked."""

    format: str
    kind: str
    owner_state: OwnerState  # the state it was most often heard in
    link: Link
    sightings: tuple[TrackerSighting, ...]  # in time order
    addresses: tuple[str, ...]

    @property
    def first(self) -> datetime:
        """When it was first heard."""
        return self.sightings[0].time

    @property
    def last(self) -> datetime:
        """When it was last heard."""
        return self.sightings[-1].time

    @property
    def minutes(self) -> int:
        """Whole minutes from the first to the last sighting."""
        return int((self.last - self.first).total_seconds() // 60)

    @property
    def places(self) -> tuple[str, ...]:
        """The places it was heard at, in the order first heard."""
        return tuple(dict.fromkeys(s.place for s in self.sightings if s.place))

    @property
    def strongest_rssi(self) -> int | None:
        """The strongest signal heard, in dBm."""
        levels = [s.rssi for s in self.sightings if s.rssi is not None]
        return max(levels) if levels else None


@dataclass(frozen=True, slots=True)
class PlaceVisit:
    """A stretch of the sweep spent at one marked place."""

    place: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class SweepDigest:
    """What a sweep held: its advertisements counted, its places, its tracker sightings and problems."""

    advertisements: int
    first: datetime | None
    last: datetime | None
    visits: tuple[PlaceVisit, ...]
    sightings: tuple[TrackerSighting, ...]
    unreadable: tuple[Unreadable, ...]
    unreadable_count: int  # all of them; `unreadable` keeps only the first few
    devices: int  # distinct addresses heard

    @property
    def places(self) -> tuple[str, ...]:
        """The places marked during the sweep, in order."""
        return tuple(dict.fromkeys(v.place for v in self.visits))

    @property
    def minutes(self) -> int:
        """Whole minutes from the first to the last advertisement."""
        if self.first is None or self.last is None:
            return 0
        return int((self.last - self.first).total_seconds() // 60)
