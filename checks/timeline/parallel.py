"""Reading large inputs side by side: some in helper processes while this one reads the rest.

A long record is mostly reading and judging, and one process uses one core. When the inputs are
large together (PARALLEL_FROM bytes or more), there are two or more and the machine has more than
one core, they are shared out by what they cost to read: this process reads one share, and each
other share is read by a helper (checks/timeline/helper.py). It keeps the person's events in a store
inside this one's folder and counts them with a Judgement of its own; both are taken in when it
ends (checks/timeline/part.py reads an input the same way anywhere, and the tests compare the
records). An input with a password (an encrypted iPhone backup) is always read here, so the
password never leaves this process. When a helper fails, its inputs are read here instead.
"""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from checks.timeline import helper
from checks.timeline.api import TimelineInput
from checks.timeline.judge.pattern import Judgement, Marks
from checks.timeline.part import Part
from checks.timeline.store import EventStore, SharedRuns

PARALLEL_FROM = 16 * 1024 * 1024  # bytes of input together before a second process is worth starting
MAX_FOLDER_SIZED = 10_000  # files of a folder input looked at to guess its size
# How long a byte of each kind takes to read, roughly, against an SMS backup's: measured with
# bench/timeline.py for WhatsApp, SMS and mail (a chat is dense with short lines to take apart; XML
# and mail carry more bytes per event), guessed for the rest. It only decides who reads what.
_COST_PER_BYTE = {"whatsapp": 5.0, "telegram": 3.0, "sms-backup": 1.0, "mail": 2.0}
_OTHER_COST = 2.0

# What a helper sends back: each input's Part, its Judgement and the runs its store wrote.
Came = tuple[dict[int, Part], Judgement, SharedRuns]
# What a helper is given: (input number, input) of each, the person, the marks, zone and night, and
# its share of the store's folder.
Work = tuple[
    list[tuple[int, TimelineInput]], tuple[str, ...], Marks, tzinfo, tuple[int, int], tuple[Path, int]
]


@dataclass
class _Share:
    indexes: list[int]
    process: helper.Helper | None
    folder: Path


@dataclass
class Elsewhere:
    """The inputs helpers read; `results` gives what each one read, once it has ended."""

    indexes: frozenset[int] = frozenset()
    shares: list[_Share] = field(default_factory=list)

    def results(self) -> Iterator[tuple[list[int], Came | None]]:
        """(input numbers, what came back) per helper, in turn; None when it failed, so that they
        are read here."""
        for share in self.shares:
            came: Came | None = helper.result(share.process)
            if came is None:
                shutil.rmtree(share.folder, ignore_errors=True)
            yield share.indexes, came


@contextmanager
def elsewhere(
    items: Sequence[TimelineInput],
    kept: EventStore,
    identifiers: tuple[str, ...],
    marks: Marks,
    zone: tzinfo,
    night: tuple[int, int],
) -> Iterator[Elsewhere]:
    """Start the helpers that read some of `items` (none when it is not worth it); they are ended,
    whatever happens, when the block ends."""
    shares = _shares(items, zone)
    away = Elsewhere(frozenset(i for share in shares for i in share))
    try:
        for indexes in shares:
            shared = kept.share()
            work: Work = ([(i, items[i]) for i in indexes], identifiers, marks, zone, night, shared)
            away.shares.append(_Share(indexes, helper.start("read", work), shared[0]))
        yield away
    finally:
        for share in away.shares:
            helper.end(share.process)


def read_share(work: Work) -> Came:
    """In a helper: read each input as the first process would, and give back what was kept."""
    from checks.timeline.identity import Matcher
    from checks.timeline.part import read_part
    from cybercheck.collector import held_off

    items, identifiers, marks, zone, night, shared = work
    person = Matcher(identifiers)
    kept = EventStore(shared=shared)
    judgement = Judgement(marks, local=zone, night=night)
    with held_off():
        parts = {index: read_part(item, index, zone, person, judgement, kept) for index, item in items}
        return parts, judgement, kept.shared_runs()


def _shares(items: Sequence[TimelineInput], zone: tzinfo) -> list[list[int]]:
    """The input numbers each other process reads ([] when every input is read here).

    Inputs are shared out costliest first (their size, weighed by how long their kind takes to
    read), each to the share with least so far; this process reads the share that holds the inputs
    with a password, or else the costliest.
    """
    cores = helper.cores()
    sizes = [_size(item.path) for item in items]
    if cores < 2 or len(items) < 2 or sum(sizes) < PARALLEL_FROM or not _picklable(zone):
        return []
    costs = [
        size * _COST_PER_BYTE.get(item.kind, _OTHER_COST) for size, item in zip(sizes, items, strict=True)
    ]
    bins: list[list[int]] = [[] for _ in range(min(cores, len(items)))]
    totals = [0.0] * len(bins)
    here = [i for i, item in enumerate(items) if item.password is not None]
    bins[0].extend(here)
    totals[0] = sum(costs[i] for i in here)
    for index in sorted((i for i in range(len(items)) if i not in here), key=lambda i: -costs[i]):
        smallest = totals.index(min(totals))
        bins[smallest].append(index)
        totals[smallest] += costs[index]
    stay = 0 if here else totals.index(max(totals))
    return [sorted(share) for number, share in enumerate(bins) if number != stay and share]


def _size(path: Path) -> int:
    """The bytes of a file, or of (the first MAX_FOLDER_SIZED) files in a folder; 0 when unreadable."""
    try:
        path = path.expanduser()
        if not path.is_dir():
            return path.stat().st_size
        total = 0
        for count, file in enumerate(path.rglob("*")):
            if count >= MAX_FOLDER_SIZED:
                break
            if file.is_file() and not file.is_symlink():
                total += file.stat().st_size
        return total
    except OSError:
        return 0


def _picklable(zone: tzinfo) -> bool:
    """A zone read from a file (/etc/localtime) has no name another process could load it by."""
    try:
        pickle.dumps(zone)
    except (pickle.PicklingError, TypeError, ValueError):
        return False
    return True
