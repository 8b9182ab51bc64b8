"""Opening each input with its source: one Reading per file, every failure a gap, never a traceback."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterator
from datetime import tzinfo
from pathlib import Path

from checks.timeline.api import Gap, TimelineInput
from checks.timeline.identity import Matcher
from checks.timeline.records import ContactEvent
from checks.timeline.sources.base import Reading
from cybercheck.errors import CybercheckError

MAIL_SUFFIXES = (".eml", ".mbox", ".mbx")
MAX_FOLDER_FILES = 100_000


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


def read_input(
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
        from checks.ios.sources.backup import WrongPassword

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
