"""Adds up a stream of sign-in records in bounded memory: what was seen, where, when, how often.

Nothing here judges. The tally keeps counts, first and last rows per device, country and
network, every active session, failed sign-ins and resets, and for each ten minutes and
country the earliest and latest row (enough to find travel that is too fast).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from operator import attrgetter
from typing import Any, NamedTuple

from checks.sessions.devices import device_label, is_cloud_network
from checks.sessions.geo import GeoLookup
from checks.sessions.places import country_code
from checks.sessions.records import EventKind, LoginEvent

BUCKET_SECONDS = 600
MAX_KEPT = 5_000  # active sessions, failures and resets kept in full; beyond that, counted only
MAX_KEYS = 200_000  # distinct (address, place, country, device) remembered at once
SAMPLES = 3
_BUCKET = timedelta(seconds=BUCKET_SECONDS)
# NOTE: compared by identity in the per-row loop: hashing an Enum member runs Python code.
_ACCESS, _SIGN_IN, _SESSION = EventKind.ACCESS, EventKind.SIGN_IN, EventKind.SESSION
_FAILED, _RESET = EventKind.FAILED, EventKind.PASSWORD_RESET
_new = tuple.__new__
_NEVER = datetime.min.replace(tzinfo=timezone.utc)
_WHEN_OF_SEEN = attrgetter("event.when")
_Ends = list[Any]  # [earliest event, its combination, latest event, its combination]


class Seen(NamedTuple):
    """A row with what was worked out about it: its device name, country and network."""

    event: LoginEvent
    label: str
    country: str
    network: str


class KeyStats:
    """How often one device, country or network was seen, with its first and last rows."""

    __slots__ = ("_first_when", "_last_when", "count", "first", "last", "samples")

    def __init__(self) -> None:
        self.count = 0
        self.first: Seen | None = None
        self.last: Seen | None = None
        self.samples: list[Seen] = []
        self._first_when: datetime | None = None
        self._last_when: datetime | None = None

    @classmethod
    def of(cls, count: int, samples: list[Seen], first: Seen | None, last: Seen | None) -> KeyStats:
        """The stats of `count` rows, their first rows as samples, and the earliest and latest dated row."""
        stats = cls()
        stats.count, stats.samples = count, samples
        if first is not None and last is not None:
            stats.first, stats.last = first, last
            stats._first_when, stats._last_when = first.event.when, last.event.when
        return stats

    def merge(self, other: KeyStats) -> None:
        """Add another KeyStats' counts and rows into this one."""
        self.count += other.count
        self.samples.extend(other.samples[: max(0, SAMPLES - len(self.samples))])
        if other._first_when is not None and (
            self._first_when is None or other._first_when < self._first_when
        ):
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


class _Combo:
    """One device, country and network seen together, with its counts and rows kept as bare events."""

    __slots__ = (
        "cloud",
        "count",
        "country",
        "first",
        "label",
        "last",
        "network",
        "samples",
        "server",
        "twin",
    )

    def __init__(self, label: str, country: str, network: str, *, server: bool = False) -> None:
        self.label, self.country, self.network = label, country, network
        self.cloud = server or is_cloud_network(network)
        self.server = server  # an app's access from its own cloud servers: says nothing of the person's place
        self.twin: _Combo | None = None  # the same combination's rows of that kind
        self.count = 0
        self.first: LoginEvent | None = None  # the earliest dated row
        self.last: LoginEvent | None = None  # the latest dated row
        self.samples: list[LoginEvent] = []  # the first rows, dated or not

    def server_twin(self) -> _Combo:
        """The combination that holds this one's accesses by an app from its cloud servers."""
        if self.twin is None:
            self.twin = _Combo(self.label, self.country, self.network, server=True)
        return self.twin

    def seen(self, event: LoginEvent) -> Seen:
        """A row of this combination with what was worked out about it."""
        made: Seen = _new(Seen, (event, self.label, self.country, self.network))
        return made

    def stats(self) -> KeyStats:
        """Its counts and rows as a KeyStats."""
        made: dict[int, Seen] = {}

        def seen(event: LoginEvent) -> Seen:
            return made.setdefault(id(event), self.seen(event))

        samples = [seen(e) for e in self.samples]
        first = None if self.first is None else seen(self.first)
        last = None if self.last is None else seen(self.last)
        return KeyStats.of(self.count, samples, first, last)


@dataclass
class Tally:
    """Everything the judgement needs from a stream of LoginEvents."""

    geo: GeoLookup
    undated: int = 0
    providers: set[str] = field(default_factory=set)
    active: list[Seen] = field(default_factory=list)
    failures: list[Seen] = field(default_factory=list)
    resets: list[Seen] = field(default_factory=list)
    dropped: int = 0
    # (device, country, network) -> its counts and rows
    _combos: dict[tuple[str, str, str], _Combo] = field(default_factory=dict, repr=False)
    # (ip, place, country, device) of an event -> its combination, so each is worked out once
    _by_key: dict[tuple[str, ...], _Combo] = field(default_factory=dict, repr=False)
    # ten-minute bucket -> country -> [earliest event, its combination, latest event, its combination]
    _buckets: dict[int, dict[str, _Ends]] = field(default_factory=dict, repr=False)
    _merged: _Tables | None = field(default=None, repr=False)

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

    @property
    def own_devices(self) -> dict[str, KeyStats]:
        """Counts and rows per device name, without the accesses by apps from their cloud servers."""
        return self._merge()[4]

    @property
    def app_devices(self) -> dict[str, KeyStats]:
        """Counts and rows per device name of the accesses by apps from their cloud servers."""
        return self._merge()[5]

    @property
    def servers(self) -> dict[str, KeyStats]:
        """Counts and rows per cloud network an app accessed the account from (not the person's places)."""
        return self._merge()[6]

    @property
    def total(self) -> int:
        """How many rows were added."""
        return sum(c.count for c in self._every_combo())

    @property
    def earliest(self) -> datetime | None:
        """The time of the earliest dated row."""
        return min((t for t in (c.first.when for c in self._every_combo() if c.first) if t), default=None)

    @property
    def latest(self) -> datetime | None:
        """The time of the latest dated row."""
        return max((t for t in (c.last.when for c in self._every_combo() if c.last) if t), default=None)

    def _every_combo(self) -> Iterator[_Combo]:
        for combo in self._combos.values():
            yield combo
            if combo.twin is not None:
                yield combo.twin

    def travel_ends(self) -> list[Seen]:
        """For each ten minutes and country, the earliest and latest sign-in, access or session, oldest first."""
        ends: list[Seen] = []
        for by_country in self._buckets.values():
            for first, first_combo, last, last_combo in by_country.values():
                ends.append(first_combo.seen(first))
                if last is not first:
                    ends.append(last_combo.seen(last))
        ends.sort(key=_WHEN_OF_SEEN)
        return ends

    def _merge(self) -> _Tables:
        if self._merged is None or self._merged[0] != self.total:
            devices: dict[str, KeyStats] = {}
            countries: dict[str, KeyStats] = {}
            networks: dict[str, KeyStats] = {}
            own: dict[str, KeyStats] = {}
            apps: dict[str, KeyStats] = {}
            servers: dict[str, KeyStats] = {}
            for combo in self._every_combo():
                if not combo.count:
                    continue  # every row of it was an app's access from its servers, kept in its twin
                stats = combo.stats()
                tables = [(devices, combo.label)]
                if combo.server:
                    tables += [(apps, combo.label), (servers, combo.network)]
                else:
                    tables += [(own, combo.label), (countries, combo.country), (networks, combo.network)]
                for table, value in tables:
                    if value:
                        _stats(table, value).merge(stats)
            self._merged = (self.total, devices, countries, networks, own, apps, servers)
        return self._merged

    def add(self, event: LoginEvent) -> None:
        """Add one event."""
        self.add_all((event,))

    def add_all(self, events: Iterable[LoginEvent]) -> None:
        """Add every event of a stream.

        NOTE: this loop runs once per row of an access log (a million rows and more), so it keeps its state
        in local variables and works out what a row means once per distinct address, place and device.
        """
        buckets, providers, combo_of, keep = self._buckets, self.providers, self._combo_of, self._keep
        active, failures, resets = self.active, self.failures, self.resets
        find = self._by_key.get
        access, sign_in, session, failed, reset = _ACCESS, _SIGN_IN, _SESSION, _FAILED, _RESET
        samples = SAMPLES
        undated = self.undated
        provider = None
        low = high = _NEVER  # the ten minutes of `current`
        current: dict[str, _Ends] = {}
        try:
            for event in events:
                if event[0] is not provider:
                    provider = event[0]
                    providers.add(provider)
                combo = find(event[4:8])
                if combo is None:
                    combo = combo_of(event)
                kind = event[3]
                if combo.cloud and kind is access:
                    combo = combo.server_twin()
                combo.count = count = combo.count + 1
                if count <= samples:
                    combo.samples.append(event)
                if event[9]:
                    keep(active, combo.seen(event))
                travels = not combo.server and (kind is access or kind is sign_in or kind is session)
                if not travels:
                    if kind is failed:
                        keep(failures, combo.seen(event))
                    elif kind is reset:
                        keep(resets, combo.seen(event))
                when = event[2]
                if when is None:
                    undated += 1
                    continue
                first = combo.first
                if first is None:
                    combo.first = combo.last = event
                elif when < first[2]:  # type: ignore[operator]  # a combination's first row is always dated
                    combo.first = event
                elif when > combo.last[2]:  # type: ignore[index, operator]  # set with `first`, always dated
                    combo.last = event
                country = combo.country
                if travels and country:
                    if not low <= when < high:
                        index = int(when.timestamp()) // BUCKET_SECONDS
                        low = datetime.fromtimestamp(index * BUCKET_SECONDS, timezone.utc)
                        high = low + _BUCKET
                        current = buckets.setdefault(index, {})
                    ends = current.get(country)
                    if ends is None:
                        current[country] = [event, combo, event, combo]
                    elif when < ends[0][2]:
                        ends[0], ends[1] = event, combo
                    elif when > ends[2][2]:
                        ends[2], ends[3] = event, combo
        finally:
            self.undated = undated

    def _combo_of(self, event: LoginEvent) -> _Combo:
        worked = self._work_out(event)
        combo = self._combos.get(worked)
        if combo is None:
            combo = self._combos[worked] = _Combo(*worked)
        if len(self._by_key) >= MAX_KEYS:
            self._by_key.clear()
        self._by_key[event[4:8]] = combo
        return combo

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


# total rows, then devices, countries, networks, own devices, app devices, cloud networks
_Tables = tuple[
    int,
    dict[str, KeyStats],
    dict[str, KeyStats],
    dict[str, KeyStats],
    dict[str, KeyStats],
    dict[str, KeyStats],
    dict[str, KeyStats],
]


def _stats(table: dict[str, KeyStats], key: str) -> KeyStats:
    stats = table.get(key)
    if stats is None:
        stats = table[key] = KeyStats()
    return stats
