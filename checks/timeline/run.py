"""build_timeline's work: open each input with its source, keep the person's events, judge them.

Nothing a source meets stops the run: a file that cannot be read becomes a Gap, and what was
read before the damage is kept.
"""

from __future__ import annotations

import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checks.timeline.api import Gap, Note, SeenContact, SourceFile, TimelineInput, TimelineResult
from checks.timeline.identity import Matcher
from checks.timeline.judge.findings import judge_findings
from checks.timeline.judge.grouping import label_of, suggest
from checks.timeline.judge.pattern import Marks, judge_pattern
from checks.timeline.judge.select import PersonEvents, role
from checks.timeline.records import Contact, ContactEvent, Direction, EventKind
from checks.timeline.sources.base import Reading
from cybercheck.errors import CybercheckError

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding

MAIL_SUFFIXES = (".eml", ".mbox", ".mbx")
# What a person may type for --input date-order (WhatsApp chats whose dates read both ways).
DATE_ORDERS = {"day-first": "dmy", "month-first": "mdy", "dmy": "dmy", "mdy": "mdy"}
MAX_FOLDER_FILES = 100_000


def build(
    inputs: Iterable[TimelineInput],
    about: Contact,
    asked_to_stop: datetime | None,
    blocked: datetime | None,
    *,
    local: tzinfo | None,
    night: tuple[int, int],
    case_events: Iterable[ContactEvent] = (),
) -> TimelineResult:
    """See checks.timeline.api.build_timeline."""
    from checks.timeline.sources.clock import local_zone

    zone = local or local_zone()
    person = Matcher(about.identifiers)
    readings: list[Reading] = []
    gaps: list[Gap] = []
    kept = PersonEvents()
    others: list[ContactEvent] = list(case_events)
    near: Counter[tuple[str, str]] = Counter()  # (name shown, identifier) of others, for suggestions
    labels: set[str] = set()  # names the exports show with the person's own events
    for item in inputs:
        for event in _read(item, zone, readings, gaps):
            if event.kind in (EventKind.FINDING, EventKind.DIARY_ENTRY):
                others.append(event)
                continue
            found = role(event, person)
            label = label_of(event) if event.fields else ""
            if found is None:
                if label:
                    near[label, event.sender or event.thread] += 1
                continue
            if label:
                labels.add(label)
            kept.add(event, found)
    kept.sort()
    pattern = judge_pattern(kept, Marks(asked_to_stop, blocked), local=zone, night=night)
    findings = tuple(judge_findings(pattern, about, local=zone))
    notes: list[Note] = []
    for reading in readings:
        reading.finish()
        gaps.extend(reading.gaps)
        notes.extend(reading.notes)
    others.sort(key=lambda e: e.when)
    return TimelineResult(
        about=about,
        events=kept.events(),
        stats=pattern.stats,
        escalation=pattern.escalation,
        threats=pattern.threats,
        findings=findings,
        sources=tuple(SourceFile(r.name, r.sha256, r.size, r.kind, r.events) for r in readings),
        gaps=tuple(gaps),
        notes=tuple(notes),
        suggestions=suggest(about, near, labels),
        other_findings=tuple(others),
        mentions=pattern.mentions,
    )


def _guarded(reading: Reading, events: Iterator[ContactEvent]) -> Iterator[ContactEvent]:
    """The events of one file; whatever goes wrong part-way becomes a gap, never a traceback."""
    try:
        yield from events
    except CybercheckError as error:
        key = getattr(error.plain, "key", "")  # a Text from this area's words keeps its key
        reading.gap(
            "",
            key if key.startswith("timeline.") else "timeline.file-damaged",
            detail=error.detail or error.plain,
        )
    except (
        OSError,
        ValueError,
        EOFError,
        RuntimeError,
        KeyError,
        IndexError,
        zipfile.BadZipFile,
        zlib.error,
    ) as error:
        # NOTE: zlib/zip errors, truncated archives and odd encodings all land here; the file is partial
        reading.gap("", "timeline.file-damaged", detail=f"{type(error).__name__}: {error}"[:300])


def _open(path: Path, kind: str, readings: list[Reading], gaps: list[Gap]) -> Reading | None:
    try:
        reading = Reading.of(path, kind)
    except OSError as error:
        gaps.append(Gap(str(path), "", "timeline.file-unreadable", {"name": path.name}, str(error)))
        return None
    readings.append(reading)
    return reading


def _read(
    item: TimelineInput, zone: tzinfo, readings: list[Reading], gaps: list[Gap]
) -> Iterator[ContactEvent]:
    owner = Matcher(item.owner) if item.owner else None
    is_owner: Callable[[str], bool] | None = owner
    path = item.path.expanduser()
    if not path.exists():
        gaps.append(Gap(str(path), "", "timeline.file-missing", {"name": path.name}))
        return
    if item.kind == "whatsapp":
        from checks.timeline.sources.whatsapp import read_whatsapp

        for file in _files(path, (".txt", ".zip"), gaps):
            if (reading := _open(file, item.kind, readings, gaps)) is not None:
                yield from _guarded(
                    reading,
                    read_whatsapp(file, reading, local=zone, is_owner=is_owner, date_order=item.date_order),
                )
    elif item.kind == "sms-backup":
        from checks.timeline.sources.sms_backup import read_sms_backup

        for file in _files(path, (".xml",), gaps):
            if (reading := _open(file, item.kind, readings, gaps)) is not None:
                yield from _guarded(reading, read_sms_backup(file, reading))
    elif item.kind == "telegram":
        from checks.timeline.sources.telegram import read_telegram

        for file in _files(path, (".json",), gaps):
            if (reading := _open(file, item.kind, readings, gaps)) is not None:
                yield from _guarded(reading, read_telegram(file, reading, local=zone, is_owner=is_owner))
    elif item.kind == "mail":
        from checks.timeline.sources.mail import read_mail

        for file in _files(path, MAIL_SUFFIXES, gaps, any_name=True):
            if (reading := _open(file, item.kind, readings, gaps)) is not None:
                yield from _guarded(reading, read_mail(file, reading, is_owner=is_owner))
    elif item.kind == "iphone":
        yield from _iphone(item, path, readings, gaps)
    elif item.kind in ("facebook", "instagram", "x"):
        yield from _social(item, path, readings, gaps, is_owner)
    elif item.kind == "report":
        from checks.timeline.sources.casework import report_events

        if (reading := _open(path, item.kind, readings, gaps)) is not None:
            yield from _guarded(reading, report_events(reading))
    elif item.kind == "signal":
        gaps.append(Gap(str(path), "", "timeline.signal-no-export", {}))
    else:
        gaps.append(Gap(str(path), "", "timeline.kind-unknown", {"kind": item.kind}))


def _files(
    path: Path, suffixes: tuple[str, ...], gaps: list[Gap], *, any_name: bool = False
) -> Iterator[Path]:
    """The file itself, or the matching files in a folder (sorted; links not followed)."""
    if path.is_file():
        yield path
        return
    count = 0
    for file in sorted(path.rglob("*")):
        if file.is_symlink() or not file.is_file():
            continue
        name = file.name.lower()
        if name.endswith(suffixes) or (any_name and "." not in name and _looks_like_mbox(file)):
            count += 1
            if count > MAX_FOLDER_FILES:
                gaps.append(Gap(str(path), "", "timeline.folder-too-many", {"count": str(MAX_FOLDER_FILES)}))
                return
            yield file


def _looks_like_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False


def _iphone(
    item: TimelineInput, path: Path, readings: list[Reading], gaps: list[Gap]
) -> Iterator[ContactEvent]:
    from checks.timeline.sources.iphone import CALLS_DB, connect, find_databases, read_calls, read_messages

    try:
        databases, backup = find_databases(path, item.password)
    except CybercheckError as error:
        from checks.ios.backup import WrongPassword

        key = getattr(error.plain, "key", "")
        if isinstance(error, WrongPassword):
            key = "timeline.iphone-wrong-password"
        elif not key.startswith("timeline."):
            key = "timeline.iphone-unreadable"
        gaps.append(Gap(str(path), "", key, {"name": path.name}, error.detail or error.plain))
        return
    try:
        for db in databases:
            reading = _open(db.stored, "iphone", readings, gaps)
            if reading is None:
                continue
            where = f"{db.domain}/{db.relative}"
            try:
                with connect(backup, db) as connection:
                    reader = read_calls if (db.domain, db.relative) == CALLS_DB else read_messages
                    yield from _guarded(reading, reader(connection, reading, where))
            except (CybercheckError, OSError, ValueError) as error:
                reading.gap(where, "timeline.database-damaged", detail=str(error)[:300])
        if not databases:
            gaps.append(Gap(str(path), "", "timeline.iphone-no-messages", {"name": path.name}))
    finally:
        backup.close()  # type: ignore[attr-defined]  # an IosBackup, typed loosely to keep the import lazy


def _social(
    item: TimelineInput,
    path: Path,
    readings: list[Reading],
    gaps: list[Gap],
    is_owner: Callable[[str], bool] | None,
) -> Iterator[ContactEvent]:
    from checks.timeline.sources.social import read_social, social_members
    from cybercheck.archive import open_export

    try:
        with open_export(path) as export:
            members = social_members(export, item.kind)
            if not members:
                gaps.append(Gap(str(path), "", "timeline.social-no-messages", {"name": path.name}))
                return
            shared = _open(path, item.kind, readings, gaps) if path.is_file() else None
            for member in members:
                reading = shared or _open(path / member, item.kind, readings, gaps)
                if reading is None:
                    continue
                yield from _guarded(
                    reading, read_social(export, member, item.kind, reading, is_owner=is_owner)
                )
    except CybercheckError as error:
        gaps.append(Gap(str(path), "", "timeline.file-damaged", {"name": path.name}, error.plain))


def parse_about(values: Iterable[str]) -> Contact:
    """The person from what was typed: "Alex, +44 7700 900123, ex@example.com" (the first part names them)."""
    from checks.timeline.api import contact

    parts = [p.strip() for value in values for p in value.split(",") if p.strip()]
    return contact(parts[0] if parts else "", parts)


def parse_date(value: str | None, zone: tzinfo) -> datetime | None:
    """A date ("2026-10-03") or date and time ("2026-10-03 18:30") in the user's time zone.

    ValueError if it is neither."""
    if value is None or not value.strip():
        return None
    moment = datetime.fromisoformat(value.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def run_check(ctx: Context) -> Iterator[Finding]:
    """`timeline.contact` for `cybercheck scan`: every export given, judged for the person named."""
    from checks.timeline.api import EXPORT_INPUTS, build_timeline
    from checks.timeline.sources.clock import local_zone
    from cybercheck.errors import ConfigError
    from cybercheck.pipeline.words import text

    zone = local_zone()
    marks = {}
    for name in ("asked-to-stop", "blocked"):
        try:
            marks[name] = parse_date(ctx.input(name), zone)
        except ValueError:
            raise ConfigError(
                text("timeline.date-not-understood", value=ctx.input(name) or "", name=name)
            ) from None
    about = parse_about(ctx.inputs("about"))
    order = DATE_ORDERS.get((ctx.input("date-order") or "").strip().lower())
    if ctx.input("date-order") and order is None:
        raise ConfigError(text("timeline.date-order-not-understood", value=ctx.input("date-order") or ""))
    owner = ctx.inputs("owner")
    inputs = []
    for kind in EXPORT_INPUTS:
        for value in ctx.inputs(kind):
            password = None
            if kind == "iphone" and _encrypted(Path(value).expanduser()):
                password = ctx.secret("ios-backup").reveal()
            inputs.append(
                TimelineInput(
                    kind, Path(value).expanduser(), password=password, owner=owner, date_order=order
                )
            )
    result = build_timeline(inputs, about, marks["asked-to-stop"], marks["blocked"], local=zone)
    ctx.looked_at(
        text("timeline.events-read", count=sum(s.events for s in result.sources), files=len(result.sources))
    )
    ctx.looked_at(text("timeline.person-events", count=result.stats.total, name=about.name))
    for note in result.notes:
        ctx.looked_at(text(note.key, **note.fields))
    for gap in result.gaps:
        ctx.partial(text(gap.key, **gap.fields))
    if (ctx.input("recheck-dkim") or "").strip().lower() in ("yes", "true", "1") and not ctx.offline:
        from checks.timeline.api import recheck_dkim

        now = ctx.now()
        answers = recheck_dkim(result, now=now)
        passed = sum(1 for a in answers.values() if a.get("dkim.reverified") == "pass")
        ctx.looked_at(
            text(
                "timeline.dkim-rechecked", count=len(answers), passed=passed, when=f"{now:%Y-%m-%d %H:%M} UTC"
            )
        )
    yield from result.findings


def _encrypted(folder: Path) -> bool:
    from checks.ios.backup import IosBackup

    try:
        return IosBackup(folder).encrypted
    except CybercheckError:
        return False


def survey(
    inputs: Iterable[TimelineInput], *, local: tzinfo | None, limit: int
) -> tuple[tuple[SeenContact, ...], tuple[Gap, ...]]:
    """See checks.timeline.api.list_contacts."""
    from checks.timeline.sources.clock import local_zone

    zone = local or local_zone()
    readings: list[Reading] = []
    gaps: list[Gap] = []
    seen: dict[str, list[Any]] = {}  # identifier -> [names, count, channels, first, last]
    for item in inputs:
        for event in _read(item, zone, readings, gaps):
            if not event.sender or event.direction is Direction.OUTGOING:
                continue
            entry = seen.setdefault(event.sender, [{}, 0, {}, event.when, event.when])
            name = event.fields.get("contact_name") or event.fields.get("from_name") or ""
            if name:
                entry[0][name] = None
            entry[1] += 1
            entry[2][event.channel] = None
            entry[3], entry[4] = min(entry[3], event.when), max(entry[4], event.when)
    for reading in readings:
        reading.finish()
        gaps.extend(reading.gaps)
    ranked = sorted(seen.items(), key=lambda item: -item[1][1])[:limit]
    return (
        tuple(SeenContact(i, tuple(e[0]), e[1], tuple(e[2]), e[3], e[4]) for i, e in ranked),
        tuple(gaps),
    )
