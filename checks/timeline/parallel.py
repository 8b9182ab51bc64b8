"""Reading large inputs side by side: some in other processes while this one reads the rest.

A long record is mostly reading and judging, and one process uses one core. When the inputs are
large together (PARALLEL_FROM bytes or more), there are two or more and the machine has more than
one core, they are shared out by size: this process reads one share, and each other share is read
by a process of its own, started fresh (`spawn`: the web app's threads are never forked). It keeps
the person's events in a store inside this one's folder and counts them with a Judgement of its
own; both are taken in when it ends (checks/timeline/part.py reads an input the same way anywhere,
and the tests compare the two records).

An input with a password (an encrypted iPhone backup) is always read here: the password never
leaves this process. When another process fails (killed, out of memory, a result that cannot
come back), its inputs are read here instead, as if it had never started.
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import tzinfo
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from checks.timeline.api import TimelineInput
from checks.timeline.identity import Matcher
from checks.timeline.judge.pattern import Judgement, Marks
from checks.timeline.part import Part, read_part
from checks.timeline.store import EventStore, SharedRuns
from cybercheck.collector import held_off

PARALLEL_FROM = 16 * 1024 * 1024  # bytes of input together before a second process is worth starting
# How long a byte of each kind takes to read, roughly, against an SMS backup's (bench/timeline.py:
# a WhatsApp chat is dense with short lines to take apart; XML and mail carry more bytes per event)
_COST_PER_BYTE = {"whatsapp": 5.0, "telegram": 3.0, "sms-backup": 1.0, "mail": 2.0}
_OTHER_COST = 2.0
MAX_FOLDER_SIZED = 10_000  # files of a folder input looked at to guess its size

# What another process sends back: each input's Part, its Judgement and the runs its store wrote.
Came = tuple[dict[int, Part], Judgement, SharedRuns]


@dataclass
class _Share:
    indexes: list[int]
    process: BaseProcess
    receive: Connection
    folder: Path


@dataclass
class Elsewhere:
    """The inputs other processes read; `results` gives what each process read, once it has ended."""

    indexes: frozenset[int] = frozenset()
    _shares: list[_Share] = field(default_factory=list)

    def results(self) -> Iterator[tuple[list[int], Came | None]]:
        """(input numbers, what came back) per process, in turn; None when it failed, so that they
        are read here."""
        for share in self._shares:
            came = _receive(share)
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
    """Start the processes that read some of `items` (none when it is not worth it); they are ended,
    whatever happens, when the block ends."""
    shares = _shares(items, zone)
    away = Elsewhere(frozenset(i for share in shares for i in share))
    context = get_context("spawn")
    try:
        for indexes in shares:
            folder, number = kept.share()
            receive, send = context.Pipe(duplex=False)
            work = [(index, items[index]) for index in indexes]
            process = context.Process(
                target=_read_share,
                args=(send, work, identifiers, marks, zone, night, (folder, number)),
                daemon=True,
                name="cybercheck-timeline-reader",
            )
            with _ctrl_c_held():
                process.start()
            send.close()
            away._shares.append(_Share(indexes, process, receive, folder))
        yield away
    finally:
        for share in away._shares:
            if share.process.is_alive():
                share.process.terminate()
            share.process.join()
            share.receive.close()


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Ctrl-C held back while a reader starts, which keeps it held back for good: Ctrl-C reaches every
    process of the terminal's group, and only this one should act on it (it ends the readers)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)  # a Ctrl-C held back meanwhile arrives now


def _read_share(
    send: Connection,
    work: list[tuple[int, TimelineInput]],
    identifiers: tuple[str, ...],
    marks: Marks,
    zone: tzinfo,
    night: tuple[int, int],
    shared: tuple[Path, int],
) -> None:
    """In the other process: read each input as this process would, and send back what was kept."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # where Ctrl-C could not be held back (_ctrl_c_held)
    try:
        person = Matcher(identifiers)
        kept = EventStore(shared=shared)
        judgement = Judgement(marks, local=zone, night=night)
        with held_off():
            parts = {index: read_part(item, index, zone, person, judgement, kept) for index, item in work}
            came: Came | None = (parts, judgement, kept.shared_runs())
    except BaseException:  # noqa: BLE001  # read here instead, where whatever it was is met again
        came = None
    try:
        send.send(came)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        with suppress(OSError):
            send.send(None)
    except OSError:
        pass  # the process that started this one has given up on it
    finally:
        send.close()


def _receive(share: _Share) -> Came | None:
    """What the process sent, once it has sent it; None when it ended without."""
    while True:
        ready = wait([share.receive, share.process.sentinel])
        if share.receive in ready or share.receive.poll():
            try:
                came: Came | None = share.receive.recv()
            except (EOFError, OSError, pickle.UnpicklingError, AttributeError, TypeError):
                return None
            return came
        if share.process.sentinel in ready:
            return None


def _shares(items: Sequence[TimelineInput], zone: tzinfo) -> list[list[int]]:
    """The input numbers each other process reads ([] when every input is read here).

    Inputs are shared out costliest first (their size, weighed by how long their kind takes to
    read), each to the share with least so far; this process reads the share that holds the inputs
    with a password, or else the costliest.
    """
    cores = _cores()
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


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


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
