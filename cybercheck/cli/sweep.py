"""`cybercheck sweep`: listen for item trackers while the person moves between places, then judge.

The sweep is written as it is heard (docs/sweep-format.md), to --record FILE or to a private
temporary file, and then judged by the check trackers.nearby like any recorded sweep, so that a
sweep replayed later gives the same report. With --case the report is kept in the case, and the
next sweep says which trackers were heard before. --find is the warmer/colder mode.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from cybercheck.cli.options import build_env, run_options
from cybercheck.errors import ConfigError
from cybercheck.exit_codes import ExitCode
from cybercheck.pipeline.words import text
from cybercheck.report import FORMATS

BACKEND: Any = None  # a bleak scanner backend class; None for the platform's own (tests set a virtual one)
UNTIL_STOPPED_MINUTES = 12 * 60
NOT_INTERACTIVE_MINUTES = 10.0
PROGRESS_SECONDS = 60.0
LOST_SECONDS = 10.0
QUIT = ("q", "quit", "stop")


def _say(message: str) -> None:
    click.echo(message, err=True)


def _read_places(loop: asyncio.AbstractEventLoop, stop: asyncio.Event, here: list[str | None]) -> None:
    """Read place names typed at the terminal; "q" ends the sweep."""
    from datetime import datetime

    for line in sys.stdin:
        typed = line.strip()
        if typed.lower() in QUIT:
            loop.call_soon_threadsafe(stop.set)
            return
        if typed:
            here[0] = typed[:80]
            _say(text("trackers.sweep-place-marked", place=here[0], time=datetime.now().strftime("%H:%M")))


async def _record(seconds: float, stream: IO[bytes], here: list[str | None], interactive: bool) -> str:
    """Listen and write every advertisement; report progress now and then. Returns the scanning mode."""
    from checks.trackers.judge.recognise import Recogniser
    from checks.trackers.records import Advertisement, OwnerState
    from checks.trackers.sources.live import listen
    from checks.trackers.sources.recorded import to_line

    recogniser = Recogniser()
    stop = asyncio.Event()
    heard = [0]
    away: set[str] = set()

    def sink(advert: Advertisement) -> None:
        stream.write(to_line(advert))
        heard[0] += 1
        decoded = recogniser.recognise(advert)
        if decoded is not None and decoded.owner_state is OwnerState.SEPARATED:
            away.add(decoded.identity or advert.address)

    async def progress() -> None:
        minutes = 0
        while True:
            await asyncio.sleep(PROGRESS_SECONDS)
            minutes += 1
            _say(text("trackers.sweep-heard-so-far", minutes=minutes, count=heard[0], trackers=len(away)))

    if interactive:
        reader = threading.Thread(
            target=_read_places, args=(asyncio.get_running_loop(), stop, here), daemon=True
        )
        reader.start()
    ticker = asyncio.create_task(progress())
    try:
        return await listen(seconds, sink, lambda: here[0], recogniser.interest(), backend=BACKEND, stop=stop)
    finally:
        ticker.cancel()


async def _find(seconds: float, address: str | None) -> None:
    """Warmer/colder: follow the signal of one tracker that is away from its owner."""
    from datetime import datetime, timezone

    from checks.trackers.judge.recognise import Recogniser
    from checks.trackers.judge.warmth import Warmth
    from checks.trackers.records import Advertisement, OwnerState
    from checks.trackers.sources.live import listen

    recogniser = Recogniser()
    warmth = Warmth()
    target: list[str | None] = [address.upper() if address else None]

    def sink(advert: Advertisement) -> None:
        decoded = recogniser.recognise(advert)
        if decoded is None or advert.rssi is None:
            return
        if target[0] is None and decoded.owner_state is OwnerState.SEPARATED:
            target[0] = advert.address
            _say(
                text(
                    "trackers.find-start", kind=text(f"trackers.kind-{decoded.kind}"), address=advert.address
                )
            )
        if advert.address != target[0]:
            return
        said = warmth.hear(advert.rssi, advert.time)
        if said is not None:
            _say(text(f"trackers.find-{said}", rssi=warmth.level))

    async def watch() -> None:
        while True:
            await asyncio.sleep(LOST_SECONDS)
            silent = warmth.silent_for(datetime.now(timezone.utc))
            if target[0] is None:
                _say(text("trackers.find-none"))
            elif silent >= LOST_SECONDS:
                _say(text("trackers.find-lost", seconds=round(silent)))

    watcher = asyncio.create_task(watch())
    try:
        await listen(seconds, sink, lambda: None, recogniser.interest(), backend=BACKEND)
    finally:
        watcher.cancel()
        _say(text("trackers.find-closing"))


@contextlib.contextmanager
def _sweep_file(record: Path | None) -> Iterator[Path]:
    """Where the sweep is written: --record FILE (kept), or a private temporary file (removed after)."""
    if record is not None:
        if record.exists():
            raise ConfigError(text("trackers.sweep-record-exists", path=record))
        record.parent.mkdir(parents=True, exist_ok=True)
        yield record
        return
    folder = Path(tempfile.mkdtemp(prefix="cybercheck-sweep-"))
    try:
        yield folder / "sweep.jsonl"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@click.command()
@click.option(
    "--minutes",
    type=click.FloatRange(min=0.01),
    help="Listen this long. Default: until you type q or press Ctrl-C (10 minutes with nobody typing).",
)
@click.option(
    "--record",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Keep the sweep in this file (JSON Lines), to replay with `scan --input sweep=FILE` or share.",
)
@click.option(
    "--place", help="Where you are when the sweep starts, e.g. home. Type a new place and Enter as you move."
)
@click.option(
    "--find", is_flag=True, help="Warmer/colder: follow one tracker's signal to find it, instead of sweeping."
)
@click.option(
    "--address",
    help="With --find: the tracker's address in a report. Default: the first one away from its owner.",
)
@click.option(
    "--case",
    help="A case reference: keep this sweep's report in the case; the next sweep says what was heard before.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the report here; the format follows the extension.",
)
@click.option("--format", "format_name", type=click.Choice(FORMATS), help="terminal, md, html or json.")
@click.option("--verbose", is_flag=True, help="Show technical detail of problems.")
@run_options
def sweep(
    minutes: float | None,
    record: Path | None,
    place: str | None,
    find: bool,
    address: str | None,
    case: str | None,
    output: Path | None,
    format_name: str | None,
    verbose: bool,
    timeout: float,
    **options: Any,
) -> int:
    """Listen for item trackers (AirTags, SmartTags, Tile ...) and say whether one stays with you.

    Carry the computer with you and type the name of each place as you arrive. Nothing is sent
    anywhere and nothing is changed on any device.
    """
    from checks.trackers.sources.live import Unavailable

    interactive = sys.stdin.isatty()
    seconds = 60 * (minutes or (UNTIL_STOPPED_MINUTES if interactive else NOT_INTERACTIVE_MINUTES))
    if find:
        try:
            asyncio.run(_find(seconds, address))
        except Unavailable as exc:
            _say(text(exc.reason))
            return int(ExitCode.INCOMPLETE)
        except KeyboardInterrupt:
            pass
        return int(ExitCode.CLEAN)
    with _sweep_file(record) as path:
        if record is not None:
            _say(text("trackers.sweep-recording", path=path))
        if interactive:
            _say(text("trackers.sweep-listening"))
        else:
            _say(text("trackers.sweep-listening-for", minutes=f"{seconds / 60:g}"))
        here: list[str | None] = [place.strip()[:80] if place and place.strip() else None]
        # Readable by this user only: a sweep holds the places marked and every device heard.
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as stream:
            try:
                asyncio.run(_record(seconds, stream, here, interactive))
            except Unavailable as exc:
                _say(text(exc.reason))
                if verbose and exc.detail:
                    _say(exc.detail)
                return int(ExitCode.INCOMPLETE)
            except KeyboardInterrupt:
                pass
        given = (*options.pop("inputs", ()), f"sweep={path}")
        return _judge(path, given, case, output, format_name, verbose, timeout, options)


def _judge(
    path: Path,
    inputs: tuple[str, ...],
    case: str | None,
    output: Path | None,
    format_name: str | None,
    verbose: bool,
    timeout: float,
    options: dict[str, Any],
) -> int:
    """Judge the recorded sweep with trackers.nearby, keep it in the case, show the report."""
    from cybercheck.cli.output import emit_report
    from cybercheck.cli.scan import _keep_in_case
    from cybercheck.exit_codes import exit_code
    from cybercheck.pipeline.scanning import plan_checks
    from cybercheck.pipeline.scanning import scan as run_scan

    env, config = build_env(inputs=inputs, timeout=timeout, **options)
    history = None
    if case:
        from cybercheck.cli.case import open_case

        history = open_case(case, create=True)
        if env.baseline is None:
            env.baseline = history.latest()
    report = run_scan(
        env, plan_checks(("trackers.nearby",)), time_limit=timeout, operator=config.operator, case=case
    )
    if history is not None:
        report = _keep_in_case(history, report)
    emit_report(report, output=output, format_name=format_name, verbose=verbose)
    return int(exit_code(report))
