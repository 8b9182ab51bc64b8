"""The log's rows: numbered, counted for the first page and written, in one pass or in two halves
side by side.

Writing a long log is a third of a long record's time and one process uses one core. When the
person's events are kept in a store and number SPLIT_FROM or more, and the machine has more than
one core, the log is cut about halfway through its order (`Halves`): a helper process
(checks/timeline/helper.py) writes the rows from there on, numbered on from where this process's
rows end, into files of its own and counts them, while this process writes the rows before; its
files then follow this process's own, and its counts join them. Every row is the row writing them
all here gives (tests/checks/timeline/output/test_same_record.py compares). When the helper fails,
this process writes the second half itself.
"""

from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from operator import itemgetter
from pathlib import Path

from checks.timeline import helper
from checks.timeline.output.rows import RowWriter
from checks.timeline.output.tally import Tally
from checks.timeline.records import ContactEvent, LogRow, log_row
from checks.timeline.store import EventStore, Place, SharedRuns

SPLIT_FROM = 100_000  # events before the log is worth writing in two halves
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass
class Marks:
    """The (file, place) of every event a judgement points at, and the row each became."""

    wanted: set[tuple[str, str]]
    threat_keys: set[tuple[str, str]]
    rows: dict[tuple[str, str], tuple[int, datetime]] = field(default_factory=dict)


@dataclass
class Halves:
    """A log kept in a store, with a few other events (findings, diary entries) merged in by date,
    cut about halfway: the store's events before `place` and the others before its time come first."""

    store: EventStore
    place: Place
    others: list[LogRow]  # in date order; on equal times they follow the store's events
    close: Callable[[], None]  # once both halves are written: the store's runs are removed

    @classmethod
    def of(
        cls, store: EventStore, others: list[LogRow], take: Callable[[], Callable[[], None]]
    ) -> Halves | None:
        """The halves of a long enough log on a machine with cores to spare (`take` is called then,
        and gives what removes the store when done); None otherwise, and the store is left as it was."""
        if len(store) < SPLIT_FROM or helper.cores() < 2:
            return None
        store.shared_runs()  # every event into runs, where both halves can read them
        place = store.halfway()
        return None if place is None else cls(store, place, others, take())

    @property
    def cut(self) -> datetime:
        """The time of the first event of the second half."""
        return _EPOCH + timedelta(microseconds=self.place[0])

    def first(self) -> Iterator[LogRow]:
        """The rows before the cut."""
        cut = self.cut
        return heapq.merge(
            self.store.log_rows(until=self.place), [r for r in self.others if r[0] < cut], key=itemgetter(0)
        )

    def second(self) -> Iterator[LogRow]:
        """The rows from the cut on."""
        return _second_rows(self.store, self.place, [r for r in self.others if r[0] >= self.cut])

    def first_count(self) -> int:
        """How many rows come before the cut."""
        return self.store.count_before(self.place) + sum(1 for r in self.others if r[0] < self.cut)


def _second_rows(store: EventStore, place: Place, others: list[LogRow]) -> Iterator[LogRow]:
    return heapq.merge(store.log_rows(start=place), others, key=itemgetter(0))


# What the helper is given: the store's runs, the cut, the other events after it, the first row's
# number, the files to write (CSV, JSON, HTML), the person's identifiers, and the marks' places.
HalfWork = tuple[
    SharedRuns,
    Place,
    list[LogRow],
    int,
    tuple[Path, Path, Path],
    tuple[str, ...],
    set[tuple[str, str]],
    set[tuple[str, str]],
]
# What it gives back: its counts and the rows the marks' places became.
HalfDone = tuple[Tally, dict[tuple[str, str], tuple[int, datetime]]]


def write_log(
    events: Iterable[ContactEvent],
    tally: Tally,
    marks: Marks,
    rows: RowWriter,
    *,
    folder: Path,
    identifiers: tuple[str, ...],
) -> None:
    """Number, count and write each event; note the rows that judgements point at.

    Events that can be read as plain values (`log_rows`, as kept events can) are read so: no event
    object is made for a row. Events that can be cut in two (`halves`) are, when it is worth it.
    """
    halving = getattr(events, "halves", None)
    halves: Halves | None = halving() if halving is not None else None
    if halves is None:
        plain = getattr(events, "log_rows", None)
        _write_rows(plain() if plain is not None else map(log_row, events), 1, tally, marks, rows)
        return
    with ExitStack() as stack:
        stack.callback(halves.close)
        files = tuple(_part(folder, stack) for _ in range(3))
        number = halves.first_count() + 1
        cut = halves.cut
        work: HalfWork = (
            halves.store.shared_runs(),
            halves.place,
            [r for r in halves.others if r[0] >= cut],
            number,
            (files[0], files[1], files[2]),
            identifiers,
            marks.threat_keys,
            marks.wanted,
        )
        process = helper.start("write", work)
        stack.callback(helper.end, process)
        _write_rows(halves.first(), 1, tally, marks, rows)
        done: HalfDone | None = helper.result(process)
        if done is None:
            _write_rows(halves.second(), number, tally, marks, rows)
            return
        their_tally, their_rows = done
        rows.append(*files)
        tally.merge(their_tally)
        for key, found in their_rows.items():
            marks.rows.setdefault(key, found)


def write_half(work: HalfWork) -> HalfDone:
    """In a helper: write the rows from the cut on into the files given, and count them."""
    from checks.timeline.identity import Matcher
    from cybercheck.collector import held_off

    runs, place, others, number, (csv_path, json_path, html_path), identifiers, threat_keys, wanted = work
    tally = Tally(is_person=Matcher(identifiers))
    marks = Marks(wanted=wanted, threat_keys=threat_keys)
    with (
        held_off(),
        csv_path.open("w", encoding="utf-8", newline="") as csv_out,
        json_path.open("w", encoding="utf-8", newline="") as json_out,
        html_path.open("w", encoding="utf-8", newline="") as html_out,
    ):
        rows = RowWriter(csv_out, json_out, html_out, threat_keys)
        _write_rows(_second_rows(EventStore.reading(runs), place, others), number, tally, marks, rows)
        rows.flush()
    tally.is_person = None  # it stays with this process
    return tally, marks.rows


def _write_rows(log: Iterable[LogRow], first: int, tally: Tally, marks: Marks, rows: RowWriter) -> None:
    """Rows numbered `first`, `first` + 1, ...: counted, noted where a judgement points, and written."""
    previous: datetime | None = None
    add = tally.add_row
    write = rows.write_row
    wanted = marks.wanted
    for number, row in enumerate(log, start=first):
        when = row[0]
        if previous is not None and when < previous:
            raise ValueError(f"unsorted: {row[8]} {row[9]}")
        previous = when
        add(row)
        if wanted:
            key = (row[8], row[9])
            if key in wanted:
                marks.rows.setdefault(key, (number, when))
        write(number, row)


def _part(folder: Path, stack: ExitStack) -> Path:
    """An empty private file beside the record for the helper to write, removed at the end."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=".timeline-half.", suffix=".part")
    os.close(handle)
    path = Path(name)
    stack.callback(path.unlink, missing_ok=True)
    return path
