"""Adds up a stream of sign-in records in bounded memory: what was seen, where, when, how often.

Nothing here judges. The tally keeps counts, first and last rows per device, country and
network, every active session, failed sign-ins and resets, and for each ten minutes and
country the earliest and latest row (enough to find travel that is too fast).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from checks.sessions.devices import device_label
from checks.sessions.geo import GeoLookup
from checks.sessions.places import country_code
from checks.sessions.records import EventKind, LoginEvent

BUCKET_SECONDS = 600
MAX_KEPT = 5_000  # active sessions, failures and resets kept in full; beyond that, counted only
SAMPLES = 3


@dataclass(frozen=True, slots=True)
class Seen:
    """A row with what was worked out about it: its device name, country and network."""

    event: LoginEvent
    label: str
    country: str
    network: str


class KeyStats:
    """How often one device, country or network was seen, with its first and last rows."""

    __slots__ = ("count", "first", "last", "samples")

    def __init__(self) -> None:
        self.count = 0
        self.first: Seen | None = None
        self.last: Seen | None = None
        self.samples: list[Seen] = []

    def add(self, seen: Seen) -> None:
        """Count one more row."""
        self.count += 1
        when = seen.event.when
        if len(self.samples) < SAMPLES:
            self.samples.append(seen)
        if when is None:
            return
        if self.first is None or (self.first.event.when and when < self.first.event.when):
            self.first = seen
        if self.last is None or (self.last.event.when and when > self.last.event.when):
            self.last = seen

    def rows(self) -> list[Seen]:
        """The first and last rows and the samples, without repeats, oldest first."""
        chosen: dict[int, Seen] = {}
        for seen in [self.first, self.last, *self.samples]:
            if seen is not None:
                chosen.setdefault(id(seen), seen)
        return sorted(chosen.values(), key=lambda s: s.event.when.timestamp() if s.event.when else 0)


@dataclass
class Tally:
    """Everything the judgement needs from a stream of LoginEvents."""

    geo: GeoLookup
    total: int = 0
    undated: int = 0
    earliest: datetime | None = None
    latest: datetime | None = None
    providers: set[str] = field(default_factory=set)
    devices: dict[str, KeyStats] = field(default_factory=dict)
    countries: dict[str, KeyStats] = field(default_factory=dict)
    networks: dict[str, KeyStats] = field(default_factory=dict)
    active: list[Seen] = field(default_factory=list)
    failures: list[Seen] = field(default_factory=list)
    resets: list[Seen] = field(default_factory=list)
    dropped: int = 0
    buckets: dict[tuple[int, str], list[Seen]] = field(default_factory=dict)

    def add_all(self, events: Iterable[LoginEvent]) -> None:
        """Add every event of a stream."""
        for event in events:
            self.add(event)

    def add(self, event: LoginEvent) -> None:
        """Add one event."""
        self.total += 1
        self.providers.add(event.provider)
        country = event.country
        network = ""
        if event.ip:
            place = self.geo.lookup(event.ip)
            country = country or place.country
            network = place.network
        if not country and event.place:
            country = country_code(event.place.rsplit(",", 1)[-1])
        seen = Seen(event, device_label(event.device) if event.device else "", country, network)
        if seen.label:
            _stats(self.devices, seen.label).add(seen)
        if country:
            _stats(self.countries, country).add(seen)
        if network:
            _stats(self.networks, network).add(seen)
        kind = event.kind
        if event.active:
            self._keep(self.active, seen)
        if kind is EventKind.FAILED:
            self._keep(self.failures, seen)
        elif kind is EventKind.PASSWORD_RESET:
            self._keep(self.resets, seen)
        when = event.when
        if when is None:
            self.undated += 1
            return
        if self.earliest is None or when < self.earliest:
            self.earliest = when
        if self.latest is None or when > self.latest:
            self.latest = when
        if country and kind in (EventKind.SIGN_IN, EventKind.ACCESS, EventKind.SESSION):
            key = (int(when.timestamp()) // BUCKET_SECONDS, country)
            ends = self.buckets.get(key)
            if ends is None:
                self.buckets[key] = [seen, seen]
            elif when < ends[0].event.when:  # type: ignore[operator]
                ends[0] = seen
            elif when > ends[1].event.when:  # type: ignore[operator]
                ends[1] = seen

    def _keep(self, kept: list[Seen], seen: Seen) -> None:
        if len(kept) < MAX_KEPT:
            kept.append(seen)
        else:
            self.dropped += 1


def _stats(table: dict[str, KeyStats], key: str) -> KeyStats:
    stats = table.get(key)
    if stats is None:
        stats = table[key] = KeyStats()
    return stats
