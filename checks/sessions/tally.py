"""Adds up a stream of sign-in records in bounded memory: what was seen, where, when, how often.

Nothing here judges. The tally keeps counts, first and last rows per device, country and
network, every active session, failed sign-ins and resets, and for each ten minutes and
country the earliest and latest row (enough to find travel that is too fast).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from checks.sessions.devices import device_label
from checks.sessions.geo import GeoLookup
from checks.sessions.places import country_code
from checks.sessions.records import EventKind, LoginEvent

BUCKET_SECONDS = 600
MAX_KEPT = 5_000  # active sessions, failures and resets kept in full; beyond that, counted only
SAMPLES = 3
_TRAVELS = frozenset((EventKind.SIGN_IN, EventKind.ACCESS, EventKind.SESSION))


class Seen(NamedTuple):
    """A row with what was worked out about it: its device name, country and network."""

    event: LoginEvent
    label: str
    country: str
    network: str


class KeyStats:
    """How often one device, country or network was seen, with its first and last rows."""

    __slots__ = ("count", "first", "last", "samples", "_first_when", "_last_when")

    def __init__(self) -> None:
        self.count = 0
        self.first: Seen | None = None
        self.last: Seen | None = None
        self.samples: list[Seen] = []
        self._first_when: datetime | None = None
        self._last_when: datetime | None = None

    def add(self, seen: Seen, when: datetime | None) -> None:
        """Count one more row, which happened at `when`."""
        self.count += 1
        if len(self.samples) < SAMPLES:
            self.samples.append(seen)
        if when is None:
            return
        if self._first_when is None:
            self.first = self.last = seen
            self._first_when = self._last_when = when
        elif when < self._first_when:
            self.first, self._first_when = seen, when
        elif when > self._last_when:  # type: ignore[operator]
            self.last, self._last_when = seen, when

    def merge(self, other: KeyStats) -> None:
        """Add another KeyStats' counts and rows into this one."""
        self.count += other.count
        self.samples.extend(other.samples[: max(0, SAMPLES - len(self.samples))])
        if other._first_when is not None and (self._first_when is None or other._first_when < self._first_when):
            self.first, self._first_when = other.first, other._first_when
        if other._last_when is not None and (self._last_when is None or other._last_when > self._last_when):
            self.last, self._last_when = other.last, other._last_when

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
    combos: dict[tuple[str, str, str], KeyStats] = field(default_factory=dict)  # (device, country, network)
    active: list[Seen] = field(default_factory=list)
    failures: list[Seen] = field(default_factory=list)
    resets: list[Seen] = field(default_factory=list)
    dropped: int = 0
    buckets: dict[tuple[int, str], list[Seen]] = field(default_factory=dict)
    _worked_out: dict[tuple[str, str, str, str], tuple[str, str, str]] = field(default_factory=dict, repr=False)
    _merged: tuple[int, dict[str, KeyStats], dict[str, KeyStats], dict[str, KeyStats]] | None = field(
        default=None, repr=False)

    @property
    def devices(self) -> dict[str, KeyStats]:
        """Counts and rows per device name."""
        return self._merge()[1]

    @property
    def countries(self) -> dict[str, KeyStats]:
        """Counts and rows per country code."""
        return self._merge()[2]

    @property
    def networks(self) -> dict[str, KeyStats]:
        """Counts and rows per network name."""
        return self._merge()[3]

    def _merge(self) -> tuple[int, dict[str, KeyStats], dict[str, KeyStats], dict[str, KeyStats]]:
        if self._merged is None or self._merged[0] != self.total:
            tables: tuple[dict[str, KeyStats], ...] = ({}, {}, {})
            for key, stats in self.combos.items():
                for table, value in zip(tables, key):
                    if value:
                        _stats(table, value).merge(stats)
            self._merged = (self.total, *tables)  # type: ignore[assignment]
        return self._merged  # type: ignore[return-value]

    def add_all(self, events: Iterable[LoginEvent]) -> None:
        """Add every event of a stream."""
        for event in events:
            self.add(event)

    def add(self, event: LoginEvent) -> None:
        """Add one event."""
        self.total += 1
        self.providers.add(event.provider)
        key = (event.ip, event.country, event.place, event.device)
        worked = self._worked_out.get(key)
        if worked is None:
            worked = self._work_out(event)
            if len(self._worked_out) < 200_000:
                self._worked_out[key] = worked
        label, country, network = worked
        seen = Seen(event, label, country, network)
        when = event.when
        stats = self.combos.get(worked)
        if stats is None:
            stats = self.combos[worked] = KeyStats()
        stats.add(seen, when)
        kind = event.kind
        if event.active:
            self._keep(self.active, seen)
        if kind is EventKind.FAILED:
            self._keep(self.failures, seen)
        elif kind is EventKind.PASSWORD_RESET:
            self._keep(self.resets, seen)
        if when is None:
            self.undated += 1
            return
        if self.earliest is None or when < self.earliest:
            self.earliest = when
        if self.latest is None or when > self.latest:
            self.latest = when
        if country and kind in _TRAVELS:
            key = (int(when.timestamp()) // BUCKET_SECONDS, country)
            ends = self.buckets.get(key)
            if ends is None:
                self.buckets[key] = [seen, seen]
            elif when < ends[0].event.when:  # type: ignore[operator]
                ends[0] = seen
            elif when > ends[1].event.when:  # type: ignore[operator]
                ends[1] = seen

    def _work_out(self, event: LoginEvent) -> tuple[str, str, str]:
        """Device name, country and network of an event."""
        country = event.country
        network = ""
        if event.ip:
            place = self.geo.lookup(event.ip)
            country = country or place.country
            network = place.network
        if not country and event.place:
            country = country_code(event.place.rsplit(",", 1)[-1])
        return (device_label(event.device) if event.device else "", country, network)

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
