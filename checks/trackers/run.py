"""The run steps the trackers checks share: read a source, record coverage, judge, remember."""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from checks.trackers.formats import following_rules
from checks.trackers.judge.findings import findings
from checks.trackers.judge.following import base_thresholds, judge, memory_keys, sensitivities
from checks.trackers.judge.link import link
from checks.trackers.judge.recognise import Recogniser, digest
from checks.trackers.records import (
    Advertisement,
    Heard,
    HeardRun,
    OwnerState,
    SweepDigest,
    Tracker,
    Unreadable,
)
from cybercheck.errors import ConfigError, DamagedInput, NeedUnmet
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.model import Finding
from cybercheck.pipeline.words import Text, text

MEMORY_KEY = "trackers"
MEMORY_LIMIT = 2000
Items = Iterable[Advertisement | Heard | HeardRun | Unreadable]


def _time(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _earlier(ctx: Context) -> tuple[str, ...]:
    """Tracker identities kept by the previous report for this person, if it is recent enough."""
    previous = ctx.previous()
    baseline = ctx.baseline
    if previous is None or baseline is None:
        return ()
    if ctx.now() - baseline.meta.generated_at > timedelta(days=int(following_rules()["seen_again_days"])):
        return ()
    kept = tuple(previous.memory.get(MEMORY_KEY, ()))
    if kept:
        ctx.looked_at(
            text("trackers.seen-before-read", count=len(kept), when=_time(baseline.meta.generated_at))
        )
    return kept


def _coverage(
    ctx: Context, summary: SweepDigest, trackers: tuple[Tracker, ...], name: str, *, snoop: bool
) -> None:
    if summary.first is not None and summary.last is not None:
        start, end = _time(summary.first), _time(summary.last)
        if snoop:
            ctx.looked_at(
                text("trackers.snoop-read", count=summary.advertisements, start=start, end=end, name=name)
            )
        else:
            ctx.looked_at(
                text(
                    "trackers.sweep-read",
                    count=summary.advertisements,
                    devices=summary.devices,
                    minutes=summary.minutes,
                    start=start,
                    end=end,
                )
            )
    else:
        ctx.partial(text("trackers.sweep-empty", name=name))
    ctx.looked_at(
        text("trackers.places-read", places=", ".join(summary.places))
        if summary.places
        else text("trackers.no-places")
    )
    states = Counter(t.owner_state for t in trackers)
    away = states[OwnerState.SEPARATED]
    if trackers:
        ctx.looked_at(
            text(
                "trackers.trackers-heard",
                count=len(trackers),
                away=away,
                near=states[OwnerState.NEAR_OWNER] + states[OwnerState.JUST_SEPARATED],
                unknown=states[OwnerState.UNKNOWN],
            )
        )
    else:
        ctx.looked_at(text("trackers.no-trackers"))
    if summary.unreadable:
        first = summary.unreadable[0]
        key = "trackers.snoop-unreadable" if snoop else "trackers.lines-unreadable"
        ctx.partial(
            text(key, count=summary.unreadable_count, name=name, line=first.position, why=text(first.reason))
        )


def judge_items(
    ctx: Context, items: Items, name: str, recogniser: Recogniser, *, snoop: bool = False
) -> Iterator[Finding]:
    """Judge one stream of advertisements for the check in `ctx`, recording what it looked at."""
    summary = digest(items, recogniser)
    trackers = link(summary.sightings)
    _coverage(ctx, summary, trackers, name, snoop=snoop)
    sensitivity = ctx.input("sensitivity")
    if sensitivity is not None and sensitivity not in sensitivities():
        raise ConfigError(text("trackers.sensitivity-unknown", value=sensitivity))
    earlier = _earlier(ctx)
    verdicts = judge(
        trackers, summary, sensitivity=sensitivity, own=ctx.inputs("own-tracker"), earlier=earlier
    )
    limits = base_thresholds(sensitivity)
    ctx.looked_at(
        text(
            "trackers.sensitivity-used",
            minutes=limits.minutes,
            places=limits.places,
            sensitivity=limits.sensitivity,
        )
    )
    if summary.advertisements and summary.minutes < limits.minutes:
        ctx.partial(text("trackers.too-short", minutes=summary.minutes, needed=limits.minutes))
    kept = tuple(dict.fromkeys(itertools.chain(memory_keys(trackers), earlier)))[:MEMORY_LIMIT]
    ctx.remember(MEMORY_KEY, kept)
    source: Text = text("trackers.evidence-snoop" if snoop else "trackers.evidence-sweep")
    yield from findings(verdicts, source)


def read_file(ctx: Context, recogniser: Recogniser) -> Iterator[Finding]:
    """Judge the recorded sweep given with --input sweep=FILE."""
    from checks.trackers.sources.recorded import read_sweep

    path = ctx.input_path("sweep")
    assert path is not None  # the check's need

    def every() -> Items:
        try:
            with path.open("rb") as stream:
                yield from read_sweep(stream, recogniser.interest())
        except OSError as exc:
            raise DamagedInput(text("trackers.sweep-unreadable", name=path.name), detail=str(exc)) from None

    yield from judge_items(ctx, every(), path.name, recogniser)


def listen_minutes(ctx: Context) -> float:
    """The minutes given with --input listen=MINUTES."""
    value = ctx.input("listen") or ""
    try:
        minutes = float(value)
    except ValueError:
        minutes = -1.0
    if not 0 < minutes <= 24 * 60:
        raise ConfigError(text("trackers.listen-not-minutes", value=value))
    return minutes


def listen_live(ctx: Context, recogniser: Recogniser) -> Iterator[Finding]:
    """Listen with this computer's Bluetooth for --input listen=MINUTES, then judge what was heard."""
    from checks.trackers.sources.live import Unavailable, listen

    minutes = listen_minutes(ctx)
    heard: list[Advertisement] = []
    try:
        mode = asyncio.run(
            listen(minutes * 60, heard.append, lambda: None, recogniser.interest(), clock=ctx.now)
        )
    except Unavailable as exc:
        raise NeedUnmet(text(exc.reason), detail=exc.detail) from None
    ctx.looked_at(text("trackers.listened", minutes=f"{minutes:g}", mode=mode))
    yield from judge_items(ctx, heard, "live", recogniser)


def read_bugreport(ctx: Context, recogniser: Recogniser) -> Iterator[Finding]:
    """Judge the advertisements in the Bluetooth snoop log of an Android bug report."""
    from checks.trackers.sources.phone_bugreport import SNOOP_SUFFIXES, read_btsnoop
    from cybercheck.archive import open_export

    path = ctx.input_path("android")
    assert path is not None
    if path.is_file() and not path.name.lower().endswith(".zip"):
        with path.open("rb") as stream:
            yield from judge_items(ctx, list(read_btsnoop(stream)), path.name, recogniser, snoop=True)
        return
    with open_export(path) as export:
        logs = export.find(*SNOOP_SUFFIXES)
        if not logs:
            ctx.looked_at(text("trackers.no-trackers"))
            ctx.partial(text("trackers.no-snoop-log", name=path.name))
            return

        def every() -> Items:
            for name in logs:
                with export.open(name) as stream:
                    yield from read_btsnoop(stream)

        yield from judge_items(ctx, every(), path.name, recogniser, snoop=True)
