"""Recognise trackers in a stream of advertisements, and sum up the sweep they came from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from checks.trackers.formats import Format, decode, formats
from checks.trackers.records import (
    Advertisement,
    Decoded,
    Heard,
    HeardRun,
    Interest,
    OwnerState,
    PlaceVisit,
    SweepDigest,
    TrackerSighting,
    Unreadable,
)

KEEP_UNREADABLE = 20
_CACHE_LIMIT = 200_000


class Recogniser:
    """Decodes advertisements by the known formats, remembering payloads already decoded."""

    def __init__(self, known: Iterable[Format] | None = None) -> None:
        self.by_company: dict[int, list[Format]] = {}
        self.by_service: dict[str, list[Format]] = {}
        self.by_listed: dict[str, list[Format]] = {}
        for fmt in known if known is not None else formats():
            if fmt.manufacturer is not None:
                self.by_company.setdefault(fmt.manufacturer, []).append(fmt)
            for uuid in fmt.services:
                self.by_service.setdefault(uuid, []).append(fmt)
                if fmt.also_service_uuid:
                    self.by_listed.setdefault(uuid, []).append(fmt)
        self._cache: dict[tuple[object, bytes, str], Decoded] = {}

    def interest(self) -> Interest:
        """Which advertisements could be in one of the known formats, for a reader to skip the rest."""
        prefixes = {
            company: tuple(
                dict.fromkeys(
                    case for f in fmts for p in (f.prefixes or (b"",)) for case in (p.hex(), p.hex().upper())
                )
            )
            for company, fmts in self.by_company.items()
        }
        return Interest(prefixes=prefixes, services=frozenset(self.by_service) | frozenset(self.by_listed))

    def _decoded(self, key: object, candidates: list[Format], payload: bytes, address: str) -> Decoded | None:
        for fmt in candidates:
            if fmt.matches(payload):
                slot = (key, payload, address)
                found = self._cache.get(slot)
                if found is None:
                    found = decode(fmt, payload, address)
                    if len(self._cache) >= _CACHE_LIMIT:
                        self._cache.clear()
                    self._cache[slot] = found
                return found
        return None

    def recognise(self, advert: Advertisement) -> Decoded | None:
        """What tracker format the advertisement is in and what it says; None if it is no tracker's."""
        found: Decoded | None = None
        for company, payload in advert.manufacturer_data.items():
            candidates = self.by_company.get(company)
            if candidates:
                found = _better(found, self._decoded(company, candidates, payload, advert.address))
        for uuid, payload in advert.service_data.items():
            candidates = self.by_service.get(uuid)
            if candidates:
                found = _better(found, self._decoded(uuid, candidates, payload, advert.address))
        if found is None:
            for uuid in advert.service_uuids:
                candidates = self.by_listed.get(uuid)
                if candidates:
                    found = _better(found, self._decoded(uuid, candidates, b"", advert.address))
        return found


def _better(kept: Decoded | None, new: Decoded | None) -> Decoded | None:
    """An advertisement may carry two formats (a maker's own and the DULT one): keep the first that
    says whether the owner is near."""
    if kept is None or (
        kept.owner_state is OwnerState.UNKNOWN
        and new is not None
        and new.owner_state is not OwnerState.UNKNOWN
    ):
        return new if new is not None else kept
    return kept


def digest(
    items: Iterable[Advertisement | Heard | HeardRun | Unreadable], recogniser: Recogniser | None = None
) -> SweepDigest:
    """Read a whole sweep once: count it, follow its places, keep the tracker sightings and problems."""
    recognise = (recogniser or Recogniser()).recognise
    count = 0
    first: datetime | None = None
    last: datetime | None = None
    addresses: set[str] = set()
    visits: list[PlaceVisit] = []
    here: str | None = None  # the place being visited, since `since`, last heard at `until`
    since = until = datetime.min
    sightings: list[TrackerSighting] = []
    unreadable: list[Unreadable] = []
    bad = 0
    for item in items:
        if isinstance(item, HeardRun):
            count += len(item.addresses)
            addresses.update(item.addresses)
            start, end, place = item.first, item.last, item.place
        elif isinstance(item, Unreadable):
            bad += 1
            if len(unreadable) < KEEP_UNREADABLE:
                unreadable.append(item)
            continue
        else:
            count += 1
            addresses.add(item.address)
            start = end = item.time
            place = item.place
        if first is None or start < first:
            first = start
        if last is None or end > last:
            last = end
        if place is not None:
            if place != here:
                if here is not None:
                    visits.append(PlaceVisit(here, since, until))
                here, since, until = place, start, end
            else:  # lines need not be in exact time order: a visit spans its earliest and latest
                since, until = min(since, start), max(until, end)
        if isinstance(item, Advertisement):
            decoded = recognise(item)
            if decoded is not None:
                sightings.append(TrackerSighting(start, item.address, item.rssi, place, decoded))
    if here is not None:
        visits.append(PlaceVisit(here, since, until))
    sightings.sort(key=lambda s: s.time)
    return SweepDigest(
        advertisements=count,
        first=first,
        last=last,
        visits=tuple(visits),
        sightings=tuple(sightings),
        unreadable=tuple(unreadable),
        unreadable_count=bad,
        devices=len(addresses),
    )
