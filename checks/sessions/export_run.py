"""What every export-reading sessions check does: find the exports, read them, choose a baseline, judge."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from checks.sessions.asking import ask_baseline, ask_methods
from checks.sessions.baseline import Baseline, from_history, from_previous, read_known, seen_memory
from checks.sessions.exports import NAMES, exports_for
from checks.sessions.geo import GeoLookup
from checks.sessions.judge import judge_apps, judge_methods, judge_sessions
from checks.sessions.notes import Notes
from checks.sessions.places import country_name
from checks.sessions.records import AccountMethod, ConnectedApp, LoginEvent
from checks.sessions.tally import Tally
from cybercheck.archive import Export, open_export
from cybercheck.errors import DamagedInput, NeedUnmet

if TYPE_CHECKING:
    from checks.sessions.checks import ExportCheck
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding

Record = LoginEvent | AccountMethod | ConnectedApp


def run_export(check: ExportCheck, ctx: Context) -> Iterator[Finding]:
    """The findings of one export-reading check: its exports read, a baseline chosen, the records judged."""
    geo = GeoLookup()
    tally = Tally(geo)
    methods: list[AccountMethod] = []
    apps: list[ConnectedApp] = []
    names: list[str] = []
    notes = Notes()
    for path in _exports(ctx, check.kind, check.input_name):
        names.append(path.name)
        _read_one(ctx, check, path, notes, tally, methods, apps)
    for gap in notes.summary():
        ctx.partial(gap)
    if not (tally.total or methods or apps):
        ctx.partial(f"No {check.wanted_files} were found in {', '.join(names)}, so no sign-ins were checked.")
        return
    _coverage(ctx, tally, methods, apps, names, geo)
    baseline, previous = _baseline(ctx, tally, check.provider)
    source = f"{NAMES[check.kind]} {', '.join(names)}"
    answers = ask_methods(ctx, methods, baseline) if baseline.origin != "known" else {}
    yield from judge_sessions(tally, baseline, source=source)
    yield from judge_methods(methods, baseline, answers=answers, owner=ctx.owner, previous=previous, source=source)
    yield from judge_apps(apps, baseline, source=source)
    # NOTE: remembered only once every finding is out: what was seen less what was flagged is the next
    # check's baseline, so a judgement cut short must not leave its unflagged rows looking known.
    for key, values in seen_memory(tally, methods, apps).items():
        ctx.remember(key, values)


def _exports(ctx: Context, kind: str, input_name: str) -> list[Path]:
    paths = [Path(p).expanduser() for p in ctx.inputs(input_name)]
    if paths:
        ctx.input_path(input_name)  # records the first one as evidence; checks it exists
    for folder_text in ctx.inputs("exports"):
        folder = Path(folder_text).expanduser()
        if not folder.exists():
            ctx.partial(f"The folder given for exports was not found: {folder_text}")
            continue
        found, said, problems = exports_for(folder, kind)
        ctx.looked_at(f"In {folder.name}, recognised: {'; '.join(said)}" if said else
                      f"In {folder.name}, no data exports were recognised")
        for problem in problems:
            ctx.partial(problem)
        paths.extend(p for p in found if p not in paths)
    if not paths:
        raise NeedUnmet(
            f"No {NAMES[kind]} was found. Download it and give it with --input {input_name}=FILE "
            "(the zip file or the unpacked folder), or put it in a folder given with --input exports=FOLDER."
        )
    return paths


def _read_one(ctx: Context, check: ExportCheck, path: Path, notes: Notes, tally: Tally,
              methods: list[AccountMethod], apps: list[ConnectedApp]) -> None:
    try:
        export = open_export(path)
    except DamagedInput as error:
        ctx.partial(error.plain)
        return
    with export:
        _refusals(ctx, export)
        try:
            tally.add_all(_logins(check.read(export, notes), methods, apps))
        except DamagedInput as error:
            ctx.partial(error.plain)


def _coverage(ctx: Context, tally: Tally, methods: list[AccountMethod], apps: list[ConnectedApp],
              names: list[str], geo: GeoLookup) -> None:
    span = ""
    if tally.earliest and tally.latest:
        span = f" from {tally.earliest.date().isoformat()} to {tally.latest.date().isoformat()}"
    ctx.looked_at(f"{tally.total} sign-ins, sessions and accesses{span} in {', '.join(names)} "
                  f"({len(tally.active)} still signed in)")
    if methods or apps:
        ctx.looked_at(f"{len(methods)} sign-in and recovery methods and {len(apps)} connected apps")
    if tally.networks or tally.countries:
        ctx.looked_at(f"Places for addresses from {geo.description}; they are approximate")
    if geo.failed:
        ctx.partial("The offline place database could not be loaded, so addresses were not placed.")
    if tally.dropped:
        ctx.partial(f"{tally.dropped} further sessions, failures or resets were counted but not kept as evidence.")


def _baseline(ctx: Context, tally: Tally, provider: str) -> tuple[Baseline, Baseline | None]:
    previous = from_previous(ctx.previous())
    known_path = ctx.input_path("known")
    if known_path is not None:
        known = read_known(known_path)
        if previous:
            known = replace(known, devices=known.devices + previous.devices, places=known.places + previous.places,
                            networks=known.networks + previous.networks, methods=known.methods + previous.methods)
        ctx.looked_at(f"Your known devices and places from {known_path.name}"
                      + (", and what the previous check saw" if previous else ""))
        return known, previous
    if previous is not None:
        ctx.looked_at(said_previous(previous))
        return previous, previous
    answered = ask_baseline(ctx, tally, provider)
    if answered is not None:
        ctx.looked_at("The devices and places you said you recognise were taken as yours")
        return answered, None
    assumed = from_history(tally.devices, tally.countries, tally.networks)
    ctx.looked_at(said_assumed(assumed))
    return assumed, None


def said_previous(previous: Baseline) -> str:
    """The coverage sentence for a baseline taken from the previous check's saved report."""
    when = f" on {previous.since.date().isoformat()}" if previous.since else ""
    return f"Compared with what the previous check saw{when}: what it saw and did not flag counts as yours"


def said_assumed(assumed: Baseline) -> str:
    """The coverage sentence for a baseline assumed from the history, naming what was taken as the person's."""
    parts = [_some(assumed.devices, "device"), _some([country_name(c) for c in assumed.places], "country", "countries")]
    if assumed.networks:
        parts.append(f"{len(assumed.networks)} internet provider{'s' if len(assumed.networks) != 1 else ''}")
    named = "; ".join(p for p in parts if p)
    return ("No list of your devices was given, so the devices, countries and networks behind most of the history "
            f"were taken as yours{': ' + named if named else ''}. If any of these is not yours, list your own "
            "devices and places (--input known=FILE) and check again")


def _some(values: Sequence[str], one: str, many: str = "", shown: int = 5) -> str:
    if len(values) <= shown:
        return ", ".join(values)
    rest = len(values) - shown
    return ", ".join(values[:shown]) + f" and {rest} more {one if rest == 1 else (many or one + 's')}"


def _logins(records: Iterable[Record], methods: list[AccountMethod], apps: list[ConnectedApp]) -> Iterator[LoginEvent]:
    """The sign-ins of a stream of records, for the tally; methods and apps are put aside on the way."""
    for record in records:
        if type(record) is LoginEvent:
            yield record
        elif isinstance(record, AccountMethod):
            methods.append(record)
        else:
            apps.append(record)  # type: ignore[arg-type]


def _refusals(ctx: Context, export: Export) -> None:
    refused = export.refused
    for refusal in refused[:3]:
        ctx.partial(f"{refusal.name} in {export.path.name} was not read: {refusal.reason}.")
    if len(refused) > 3:
        ctx.partial(f"{len(refused) - 3} more files in {export.path.name} were not read for the same kinds of reason.")
