"""The steps of the sessions checks: find and read the exports (or ask Graph), choose a baseline, judge.

Each check names its export kind ("google", "facebook" ...); everything else it does is here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from checks.sessions.asking import ask_methods
from checks.sessions.baseline import Baseline, from_previous, seen_memory
from checks.sessions.choosing import choose_baseline, said_previous
from checks.sessions.geo import GeoLookup
from checks.sessions.judge.apps import judge_apps
from checks.sessions.judge.methods import judge_methods
from checks.sessions.judge.signins import judge_sessions
from checks.sessions.records import AccountMethod, ConnectedApp, LoginEvent, Record
from checks.sessions.sources import facebook, google_takeout, instagram, microsoft, x_archive
from checks.sessions.sources.exports import export_name, exports_for
from checks.sessions.sources.known_file import read_known
from checks.sessions.sources.notes import Notes
from checks.sessions.tally import Tally
from cybercheck.archive import Export, open_export
from cybercheck.errors import DamagedInput, NeedUnmet, Refused
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.model import Finding
from cybercheck.pipeline.words import text

MAX_REFUSALS_SHOWN = 3


@dataclass(frozen=True, slots=True)
class Provider:
    """One provider's export: the input that gives it, who the person knows it as, and its reader."""

    input_name: str  # "takeout", "facebook" ...
    name: str  # "Google", as the questions name it
    wanted: str  # the words key naming the files it reads, for when none are there
    read: Callable[[Export, Notes], Iterable[Record]]


PROVIDERS = {
    "google": Provider(
        "takeout", google_takeout.PROVIDER, "sessions.wanted-google", google_takeout.takeout_records
    ),
    "facebook": Provider(
        "facebook", facebook.PROVIDER, "sessions.wanted-facebook", facebook.facebook_records
    ),
    "instagram": Provider(
        "instagram", instagram.PROVIDER, "sessions.wanted-instagram", instagram.instagram_events
    ),
    "x": Provider("x", x_archive.PROVIDER, "sessions.wanted-x", x_archive.x_records),
}


def read_exports(ctx: Context, kind: str) -> Iterator[Finding]:
    """The findings of one export-reading check: its exports read, a baseline chosen, the records judged."""
    provider = PROVIDERS[kind]
    geo = GeoLookup()
    tally = Tally(geo)
    methods: list[AccountMethod] = []
    apps: list[ConnectedApp] = []
    names: list[str] = []
    notes = Notes()
    for path in _exports(ctx, kind, provider.input_name):
        names.append(path.name)
        _read_one(ctx, provider, path, notes, tally, methods, apps)
    for gap in notes.summary():
        ctx.partial(gap)
    if not (tally.total or methods or apps):
        ctx.partial(text("sessions.nothing-found", files=text(provider.wanted), names=", ".join(names)))
        return
    _coverage(ctx, tally, methods, apps, names, geo)
    baseline, previous = choose_baseline(ctx, tally, provider.name)
    source = text("sessions.source-export", export=export_name(kind), names=", ".join(names))
    answers = ask_methods(ctx, methods, baseline) if baseline.origin != "known" else {}
    yield from judge_sessions(tally, baseline, source=source)
    yield from judge_methods(
        methods, baseline, answers=answers, owner=ctx.owner, previous=previous, source=source
    )
    yield from judge_apps(apps, baseline, source=source)
    # NOTE: remembered only once every finding is out: what was seen less what was flagged is the next
    # check's baseline, so a judgement cut short must not leave its unflagged rows looking known.
    for key, values in seen_memory(tally, methods, apps).items():
        ctx.remember(key, values)


def read_graph_methods(ctx: Context) -> Iterator[Finding]:
    """The findings of sessions.microsoft: the account's methods from Graph, judged against the baseline."""
    from checks.mail.sources.microsoft_login import graph_access_token

    stored = ctx.secret("outlook-token", prompt=text("sessions.outlook-token-prompt"))
    base = ctx.endpoint("graph", microsoft.DEFAULT_BASE)
    try:
        # The sign-in `cybercheck login outlook` keeps: its access token, renewed in memory once expired.
        token = graph_access_token(ctx.http, stored, ctx.env, ctx.now())
        methods = list(microsoft.graph_methods(ctx.http, token, base))
    except microsoft.NotSupported:
        ctx.partial(text("sessions.microsoft-guided"))
        return
    except Refused:
        raise NeedUnmet(text("sessions.graph-refused")) from None
    ctx.looked_at(text("sessions.graph-methods-read", count=len(methods)))
    previous = from_previous(ctx.previous())
    known_path = ctx.input_path("known")
    if known_path is not None:
        baseline = read_known(known_path)
        ctx.looked_at(text("sessions.known-methods-used", name=known_path.name))
    elif previous is not None:
        baseline = previous
        ctx.looked_at(said_previous(previous))
    else:
        baseline = Baseline(origin="none")
        ctx.looked_at(text("sessions.no-known-methods"))
    answers = ask_methods(ctx, methods, baseline)
    yield from judge_methods(
        methods,
        baseline,
        answers=answers,
        owner=ctx.owner,
        previous=previous,
        source=text("sessions.source-graph"),
    )
    ctx.remember("methods", sorted({m.value for m in methods}))


def _exports(ctx: Context, kind: str, input_name: str) -> list[Path]:
    paths = [Path(p).expanduser() for p in ctx.inputs(input_name)]
    if paths:
        ctx.input_path(input_name)  # records the first one as evidence; checks it exists
    for folder_text in ctx.inputs("exports"):
        folder = Path(folder_text).expanduser()
        if not folder.exists():
            ctx.partial(text("sessions.exports-folder-missing", folder=folder_text))
            continue
        found, said, problems = exports_for(folder, kind)
        if said:
            ctx.looked_at(text("sessions.exports-recognised", folder=folder.name, found="; ".join(said)))
        else:
            ctx.looked_at(text("sessions.exports-none-recognised", folder=folder.name))
        for problem in problems:
            ctx.partial(problem)
        paths.extend(p for p in found if p not in paths)
    if not paths:
        raise NeedUnmet(text("sessions.export-missing", export=export_name(kind), input=input_name))
    return paths


def _read_one(
    ctx: Context,
    provider: Provider,
    path: Path,
    notes: Notes,
    tally: Tally,
    methods: list[AccountMethod],
    apps: list[ConnectedApp],
) -> None:
    try:
        export = open_export(path)
    except DamagedInput as error:
        ctx.partial(error.plain)
        return
    with export:
        _refusals(ctx, export)
        try:
            tally.add_all(_logins(provider.read(export, notes), methods, apps))
        except DamagedInput as error:
            ctx.partial(error.plain)


def _coverage(
    ctx: Context,
    tally: Tally,
    methods: list[AccountMethod],
    apps: list[ConnectedApp],
    names: list[str],
    geo: GeoLookup,
) -> None:
    read = {"count": tally.total, "names": ", ".join(names), "active": len(tally.active)}
    if tally.earliest and tally.latest:
        ctx.looked_at(
            text(
                "sessions.rows-read-between",
                first=tally.earliest.date().isoformat(),
                last=tally.latest.date().isoformat(),
                **read,
            )
        )
    else:
        ctx.looked_at(text("sessions.rows-read", **read))
    if methods or apps:
        ctx.looked_at(text("sessions.methods-apps-read", methods=len(methods), apps=len(apps)))
    if tally.networks or tally.countries:
        ctx.looked_at(text("sessions.places-from", database=geo.description))
    if tally.servers:
        servers = sorted(tally.servers.items(), key=lambda kv: -kv[1].count)
        count = sum(stats.count for _, stats in servers)
        ctx.looked_at(
            text("sessions.app-servers", count=count, networks=", ".join(n for n, _ in servers[:5]))
        )
    if geo.failed:
        ctx.partial(text("sessions.geo-failed"))
    if tally.dropped:
        ctx.partial(text("sessions.rows-dropped", count=tally.dropped))


def _logins(
    records: Iterable[Record], methods: list[AccountMethod], apps: list[ConnectedApp]
) -> Iterator[LoginEvent]:
    """The sign-ins of a stream of records, for the tally; methods and apps are put aside on the way."""
    for record in records:
        if type(record) is LoginEvent:
            yield record
        elif isinstance(record, AccountMethod):
            methods.append(record)
        elif isinstance(record, ConnectedApp):
            apps.append(record)


def _refusals(ctx: Context, export: Export) -> None:
    refused = export.refused
    for refusal in refused[:MAX_REFUSALS_SHOWN]:
        ctx.partial(
            text("sessions.file-refused", name=refusal.name, export=export.path.name, why=refusal.reason)
        )
    if len(refused) > MAX_REFUSALS_SHOWN:
        ctx.partial(
            text("sessions.files-refused", count=len(refused) - MAX_REFUSALS_SHOWN, export=export.path.name)
        )
