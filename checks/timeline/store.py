"""The person's events in time order without holding them all in memory.

A long record (a five-year chat, years of texts and mail) holds hundreds of thousands of the
person's events. Up to MEMORY_LIMIT are kept in memory; each time that many have gathered they
are sorted and written as one run to a private temporary folder (mode 0700, in the user's own
temporary directory), and reading merges the runs (each already in time order) with what is
still in memory: an on-disk merge sort, so memory stays flat however long the exports. Runs are
merged into longer ones when there are more than MAX_RUNS, so the merge itself stays small too.

The folder holds message text, so it is removed when the timeline is closed, when it is
garbage-collected and when the program exits, whatever happens; it never holds a password or key.

Inputs read in another process (checks/timeline/parallel.py) are kept there in a store of their own
that writes its runs into a folder inside this one (`share`); `adopt` then takes its runs as they are.
"""

from __future__ import annotations

import bisect
import heapq
import marshal
import shutil
import tempfile
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, overload

from checks.timeline.judge.select import Role
from checks.timeline.records import Channel, ContactEvent, Direction, EventKind, LogRow, SourceRef, log_row
from checks.timeline.sources.base import NO_FIELDS

MEMORY_LIMIT = 50_000  # events kept in memory before they are written out as one sorted run
MAX_RUNS = 64  # runs read side by side; past this they are merged into one
_BATCH = 256  # rows written, and read back, at a time from each run
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_NAIVE_EPOCH = datetime(1970, 1, 1)
_MICROSECOND = timedelta(microseconds=1)
_CHANNELS = tuple(Channel)
_DIRECTIONS = tuple(Direction)
_KINDS = tuple(EventKind)
# Keyed by the plain values: hashing an Enum member runs Python code, and this runs once per event.
_CHANNEL_NUMBER = {c._value_: n for n, c in enumerate(_CHANNELS)}
_DIRECTION_NUMBER = {d._value_: n for n, d in enumerate(_DIRECTIONS)}
_KIND_NUMBER = {k._value_: n for n, k in enumerate(_KINDS)}
_CHANNEL_VALUES = tuple(c.value for c in _CHANNELS)
_DIRECTION_VALUES = tuple(d.value for d in _DIRECTIONS)
_KIND_VALUES = tuple(k.value for k in _KINDS)
_ROLES = (Role.FROM_PERSON, Role.TO_PERSON)  # 0 sorts first: on equal times the person's own come first
FROM_PERSON, TO_PERSON = 0, 1
_SHARE_NUMBERS = 1 << 24  # files and zones one shared store may number (a folder input holds at most 100,000)

# A row on disk: (time, role, seq, wall, zone, channel, direction, kind, sender, recipients,
# content, attachments, file, place, thread, fields). Times in microseconds; (time, role, seq)
# is unique, so rows sort by it alone.
Row = tuple[Any, ...]


def micros(when: datetime) -> int:
    """Microseconds since 1970 (UTC): the order of events, whatever their time zones."""
    return (when - _EPOCH) // _MICROSECOND


def role_number(role: Role) -> int:
    """FROM_PERSON (0) or TO_PERSON (1)."""
    return FROM_PERSON if role is Role.FROM_PERSON else TO_PERSON


def store_kind(kind: EventKind) -> int:
    """The number `EventStore.moments` gives for a kind of event."""
    return _KIND_NUMBER[kind._value_]


# Where each batch of a run starts: (its first row's (time, role, seq), byte offset, rows in it).
RunIndex = list[tuple[tuple[int, int, int], int, int]]
Place = tuple[int, int, int]  # (time, role, seq): a place in the order of the events


@dataclass(frozen=True)
class SharedRuns:
    """Everything a store kept, as runs on disk: what a store in another process gives back, and what
    a process that writes part of the record reads (`EventStore.reading`)."""

    runs: tuple[Path, ...]
    files: dict[int, tuple[str, str]]
    zones: dict[int, datetime]
    count: int
    index: dict[Path, RunIndex]


class EventStore:
    """The person's events with their roles: added in any order, read back in time order.

    Iterating gives (event, role) in time order (equal times: the person's first, then reading
    order, as each event's `seq` gives it), afresh each time. `close()` removes the temporary
    folder, if one was made.
    """

    def __init__(self, limit: int | None = None, *, shared: tuple[Path, int] | None = None) -> None:
        """`shared` (a folder another store made with `share`, and that share's number) makes a store
        for another process: it writes its runs there, and leaves the folder to the store that made it."""
        self.limit = MEMORY_LIMIT if limit is None else limit
        self.count = 0
        self._memory: list[tuple[int, int, int, ContactEvent]] = []  # (time, role, seq, event)
        self._sorted = True
        self._runs: list[Path] = []
        self._index: dict[Path, RunIndex] = {}
        self._zones: dict[tzinfo, int] = {}
        # 1970-01-01 00:00 in each zone (each time is counted from it), and each file, by number
        self._zone_list: dict[int, datetime] = {}
        self._files: dict[tuple[str, str], int] = {}
        self._file_list: dict[int, tuple[str, str]] = {}
        # A share numbers its files and zones below zero, apart from every other share and from the
        # store that adopts it, so its runs are adopted as they were written.
        self._first_number = 0 if shared is None else -(shared[1] + 1) * _SHARE_NUMBERS
        self._shares = self._written = 0
        self.folder: Path | None = None if shared is None else shared[0]
        self._cleanup: weakref.finalize[..., Any] | None = None

    @classmethod
    def reading(cls, shared: SharedRuns) -> EventStore:
        """A store that reads runs another store wrote (it adds nothing, and leaves their folder be)."""
        store = cls()
        store._runs = list(shared.runs)
        store._index = dict(shared.index)
        store._file_list = dict(shared.files)
        store._zone_list = dict(shared.zones)
        store.count = shared.count
        return store

    @property
    def held(self) -> int:
        """How many events are held in memory now (the rest are in runs on disk)."""
        return len(self._memory)

    def add(self, event: ContactEvent, role: int, key: int | None = None, seq: int | None = None) -> None:
        """Keep one event under its role number (FROM_PERSON or TO_PERSON); `key` is micros(event.when),
        `seq` its place in reading order among events of the same time (by default, the order added)."""
        key = micros(event.when) if key is None else key
        seq = self.count if seq is None else seq
        memory = self._memory
        if memory and (key, role, seq) < memory[-1][:3]:
            self._sorted = False
        memory.append((key, role, seq, event))
        self.count += 1
        if len(memory) >= self.limit:
            self._spill()

    def __iter__(self) -> Iterator[tuple[ContactEvent, Role]]:
        for item in self._merged():
            yield (item[3] if len(item) == 4 else self._event(item)), _ROLES[item[1]]

    def __len__(self) -> int:
        return self.count

    def log_rows(self, start: Place | None = None, until: Place | None = None) -> Iterator[LogRow]:
        """The events in the same order as plain values (records.LogRow), made straight from what is
        kept, with no event object in between: the form the record is written from. `start` and
        `until` (see `halfway`) give only the events from a place in the order on, or before it."""
        files, zones = self._file_list, self._zone_list
        channels, directions, kinds = _CHANNEL_VALUES, _DIRECTION_VALUES, _KIND_VALUES
        finding = _KIND_NUMBER[EventKind.FINDING.value]
        for item in self._merged(start, until):
            if len(item) == 4:
                yield log_row(item[3])
                continue
            file, sha256 = files[item[12]]
            fields = item[15] if item[7] == finding else None
            yield (
                _when(item[3], item[4], zones),
                channels[item[5]],
                directions[item[6]],
                kinds[item[7]],
                item[8],
                item[9],
                item[10],
                item[11],
                file,
                item[13],
                sha256,
                fields.get("title", "") if fields else "",
                fields.get("code") if fields else None,
            )

    def moments(self) -> Iterator[tuple[int, int, int, tuple[Any, ...]]]:
        """(time, role number, kind number, item) of every event in time order, built cheaply.

        `source_of(item)` gives the event's time and place when it is needed.
        """
        for item in self._merged():
            if len(item) == 4:
                yield item[0], item[1], _KIND_NUMBER[item[3].kind._value_], item
            else:
                yield item[0], item[1], item[7], item

    def source_of(self, item: tuple[Any, ...]) -> tuple[datetime, SourceRef]:
        """When an event `moments` gave happened, and where it was read."""
        if len(item) == 4:
            return item[3].when, item[3].source
        file, sha256 = self._file_list[item[12]]
        return _when(item[3], item[4], self._zone_list), SourceRef(file, item[13], sha256)

    def share(self) -> tuple[Path, int]:
        """A folder inside this store's own, and a number, for a store in another process (`shared`)."""
        folder = self._folder() / f"share-{self._shares}"
        folder.mkdir(mode=0o700)
        self._shares += 1
        return folder, self._shares - 1

    def shared_runs(self) -> SharedRuns:
        """Everything kept, written out as runs: for the store that made the share to `adopt`, or for
        another process to read (`reading`)."""
        if self._memory:
            self._spill()
        return SharedRuns(tuple(self._runs), self._file_list, self._zone_list, self.count, self._index)

    def adopt(self, shared: SharedRuns) -> None:
        """Take the runs a store in another process kept (see `share`): they are read with this store's own."""
        self._file_list.update(shared.files)
        self._zone_list.update(shared.zones)
        self._runs.extend(shared.runs)
        self._index.update(shared.index)
        self.count += shared.count
        self._merge_if_many()

    def halfway(self) -> Place | None:
        """A place about halfway through the order, once every event is in runs (`shared_runs`): the
        first event of a batch, so that the events before it are about half. None when there are
        fewer than two batches."""
        batches = sorted((first, count) for run in self._runs for first, _, count in self._index[run])
        if self._memory or len(batches) < 2:
            return None
        seen = 0
        for number, (_, count) in enumerate(batches[:-1]):
            seen += count
            if seen >= self.count // 2:
                return batches[number + 1][0]
        return batches[-1][0]

    def count_before(self, place: Place) -> int:
        """How many events come before `place` in the order (every event in runs)."""
        return sum(_from(run, self._index[run], place)[0] for run in self._runs)

    def close(self) -> None:
        """Remove the temporary folder and forget what was kept (nothing is left to read)."""
        self._memory = []
        self._runs = []
        self.count = 0
        if self._cleanup is not None:
            self._cleanup()

    def _merged(self, start: Place | None = None, until: Place | None = None) -> Iterator[tuple[Any, ...]]:
        if not self._sorted:
            self._memory.sort()  # (time, role, seq) is unique: the events themselves are never compared
            self._sorted = True
        if start is None and until is None:
            if not self._runs:
                return iter(self._memory)
            return heapq.merge(*(_read(run) for run in self._runs), self._memory)
        assert not self._memory  # a part of the order is read from runs only
        runs = [_read(run) if start is None else _from(run, self._index[run], start)[1] for run in self._runs]
        merged = heapq.merge(*runs)
        return merged if until is None else _before(merged, until)

    def _folder(self) -> Path:
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="cybercheck-timeline-"))  # mkdtemp makes it 0700
            self._cleanup = weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)
        return self.folder

    def _spill(self) -> None:
        """Write what is in memory as one sorted run; merge the oldest runs when there are too many."""
        self._folder()
        memory, self._memory = self._memory, []
        if not self._sorted:
            memory.sort()
            self._sorted = True
        self._runs.append(self._write(self._row(*item) for item in memory))
        self._merge_if_many()

    def _merge_if_many(self) -> None:
        if len(self._runs) > MAX_RUNS:
            oldest, self._runs = self._runs, []
            merged = self._write(heapq.merge(*(_read(run) for run in oldest)))
            for run in oldest:
                run.unlink()
                del self._index[run]
            self._runs = [merged]

    def _write(self, rows: Iterator[Row]) -> Path:
        assert self.folder is not None
        path = self.folder / f"run-{self._written}.bin"
        self._written += 1
        index: RunIndex = []
        offset = 0
        with path.open("wb") as handle:
            while batch := list(islice(rows, _BATCH)):
                data = marshal.dumps(batch)
                handle.write(len(data).to_bytes(4, "little") + data)
                index.append(((batch[0][0], batch[0][1], batch[0][2]), offset, len(batch)))
                offset += 4 + len(data)
        self._index[path] = index
        return path

    def _row(self, key: int, role: int, seq: int, event: ContactEvent) -> Row:
        when = event.when
        zone = when.tzinfo
        assert zone is not None  # every source gives aware times
        zone_number = self._zones.get(zone)
        if zone_number is None:
            zone_number = self._zones[zone] = self._first_number + len(self._zones)
            self._zone_list[zone_number] = _NAIVE_EPOCH.replace(tzinfo=zone)
        source = event.source
        file_key = (source.file, source.sha256)
        file_number = self._files.get(file_key)
        if file_number is None:
            file_number = self._files[file_key] = self._first_number + len(self._files)
            self._file_list[file_number] = file_key
        return (
            key,
            role,
            seq,
            key + when.utcoffset() // _MICROSECOND,  # type: ignore[operator]  # aware: it has an offset
            zone_number * 2 + when.fold,
            _CHANNEL_NUMBER[event.channel._value_],
            _DIRECTION_NUMBER[event.direction._value_],
            _KIND_NUMBER[event.kind._value_],
            event.sender,
            event.recipients,
            event.content,
            event.attachments,
            file_number,
            source.locator,
            event.thread,
            dict(event.fields) if event.fields else None,
        )

    def _event(self, row: Row) -> ContactEvent:
        file, sha256 = self._file_list[row[12]]
        fields: Mapping[str, str] | None = row[15]
        return ContactEvent(
            _when(row[3], row[4], self._zone_list),
            _CHANNELS[row[5]],
            _DIRECTIONS[row[6]],
            _KINDS[row[7]],
            row[8],
            row[9],
            row[10],
            row[11],
            SourceRef(file, row[13], sha256),
            row[14],
            fields or NO_FIELDS,
        )


class StoredEvents(Sequence[ContactEvent]):
    """The events of an EventStore in time order, as a read-only sequence that reads them afresh each time.

    Equal to a tuple or list of the same events. `close()` removes the temporary runs, if any.
    """

    def __init__(self, store: EventStore) -> None:
        self._store = store

    @property
    def kept(self) -> EventStore:
        """The store the events are read from."""
        return self._store

    def __iter__(self) -> Iterator[ContactEvent]:
        return (event for event, _ in self._store)

    def log_rows(self) -> Iterator[LogRow]:
        """The events as records.LogRow, in the same order."""
        return self._store.log_rows()

    def __len__(self) -> int:
        return len(self._store)

    @overload
    def __getitem__(self, index: int) -> ContactEvent: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ContactEvent]: ...

    def __getitem__(self, index: int | slice) -> ContactEvent | Sequence[ContactEvent]:
        if isinstance(index, slice):
            return tuple(self)[index]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return next(islice(iter(self), index, None))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (tuple, list, StoredEvents)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to tuples, so it cannot hash like one

    def close(self) -> None:
        """Remove the temporary runs, if the events needed them."""
        self._store.close()


def _read(path: Path, first: Sequence[Row] = (), offset: int | None = 0) -> Iterator[Row]:
    """The rows of one run, a batch at a time: `first`, then those from byte `offset` (None: no more);
    the file is opened only once the rows are asked for."""
    yield from first
    if offset is None:
        return
    with path.open("rb") as handle:
        handle.seek(offset)
        yield from _batches(handle)


def _from(path: Path, index: RunIndex, place: Place) -> tuple[int, Iterator[Row]]:
    """How many rows of one run come before `place`, and the rows from there on."""
    batch = max(bisect.bisect_right(index, (place,)) - 1, 0)  # the batch `place` falls in, or the one before
    before = sum(count for _, _, count in index[:batch])
    if batch >= len(index):
        return before, iter(())
    with path.open("rb") as handle:
        handle.seek(index[batch][1])
        rows = list(islice(_batches(handle), index[batch][2]))
    kept = [row for row in rows if row[:3] >= place]
    following = index[batch + 1][1] if batch + 1 < len(index) else None
    return before + len(rows) - len(kept), _read(path, kept, following)


def _before(rows: Iterator[tuple[Any, ...]], place: Place) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        if row[:3] >= place:
            return
        yield row


def _batches(handle: BinaryIO) -> Iterator[Row]:
    # NOTE: each batch is length-prefixed and read whole: marshal.load on a file reads it a field at a time
    while len(size := handle.read(4)) == 4:
        yield from marshal.loads(handle.read(int.from_bytes(size, "little")))


def _when(wall: int, zone: int, zones: dict[int, datetime]) -> datetime:
    """The time as the source wrote it: the same wall-clock time, zone and fold (so a time in a
    daylight-saving gap, which converting from UTC would move, comes back unchanged)."""
    # NOTE: adding to a zone's 1970-01-01 is wall-clock arithmetic: the zone is kept, never consulted
    when = zones[zone >> 1] + timedelta(microseconds=wall)
    return when.replace(fold=1) if zone & 1 else when
