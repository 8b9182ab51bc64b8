"""iPhone messages (sms.db: iMessage and SMS) and calls (CallHistory.storedata) from an iPhone backup.

The backup is opened by checks/ios/sources/backup.py, the same way the iPhone check opens it, encrypted
backups included (the password unlocks the key bag; decrypted databases stay in memory). Each
event points at its database row ("HomeDomain/Library/SMS/sms.db, message 123") and carries the
SHA-256 of the stored file in the backup folder (as it is on disk, so it can be checked again).

sms.db: message(ROWID, text, attributedBody, handle_id, date, is_from_me, cache_has_attachments,
service), handle(ROWID, id), chat_message_join, chat(chat_identifier), attachment(transfer_name).
Times are Apple "absolute time": seconds (nanoseconds from iOS 11) since 2001-01-01 UTC.
CallHistory.storedata: ZCALLRECORD(Z_PK, ZDATE, ZDURATION, ZORIGINATED, ZANSWERED, ZADDRESS,
ZSERVICE_PROVIDER).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from checks.timeline.records import Channel, ContactEvent, Direction, EventKind, SourceRef
from checks.timeline.sources.base import Reading

APPLE_EPOCH = datetime(2001, 1, 1, tzinfo=timezone.utc)
SMS_DB = ("HomeDomain", "Library/SMS/sms.db")
CALLS_DB = ("HomeDomain", "Library/CallHistoryDB/CallHistory.storedata")
MAX_DB = 1024**3
MAX_TEXT = 64 * 1024


@dataclass(frozen=True, slots=True)
class StoredDb:
    """One database inside the backup: what it is, where its stored copy is."""

    domain: str
    relative: str
    stored: Path


def apple_time(value: object) -> datetime | None:
    """An Apple absolute time (seconds or nanoseconds since 2001) as UTC; None if absent or absurd."""
    if not isinstance(value, (int, float)) or value <= 0:
        return None
    seconds = value / 1e9 if value > 1e11 else float(value)
    try:
        return APPLE_EPOCH + timedelta(seconds=seconds)
    except OverflowError:
        return None


def find_databases(folder: Path, password: str | None) -> tuple[list[StoredDb], object]:
    """The message and call databases present in the backup, and the opened backup (to read them)."""
    from checks.ios.sources.backup import IosBackup
    from cybercheck.secrets import Secret

    backup = IosBackup(folder)
    if backup.encrypted:
        if password is None:
            from cybercheck.errors import DamagedInput
            from cybercheck.pipeline.words import text

            raise DamagedInput(text("timeline.iphone-needs-password"))
        backup.unlock(Secret(password))
    found = []
    for domain, relative in (SMS_DB, CALLS_DB):
        for file in backup.files(domain=domain, path_like=relative):
            found.append(StoredDb(domain, relative, backup.root / file.file_id[:2] / file.file_id))
    return found, backup


@contextmanager
def connect(backup: object, db: StoredDb) -> Iterator[sqlite3.Connection]:
    """A read-only connection to one database: in place when plain, in memory when decrypted."""
    from checks.ios.sources.backup import IosBackup
    from checks.ios.records import BackupFile

    assert isinstance(backup, IosBackup)
    if not backup.encrypted:
        connection = sqlite3.connect(db.stored.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
    else:
        file = BackupFile(db.stored.name, db.domain, db.relative, 1)
        connection = sqlite3.connect(":memory:")
        connection.deserialize(backup.read(file, MAX_DB))
    try:
        yield connection
    finally:
        connection.close()


def _body(text: object, attributed: object) -> str:
    if isinstance(text, str) and text:
        return text[:MAX_TEXT]
    if isinstance(attributed, bytes):
        return typedstream_text(attributed)[:MAX_TEXT]
    return ""


def typedstream_text(blob: bytes) -> str:
    """The plain text of an NSAttributedString archive (attributedBody, iOS 16+ often has no `text`)."""
    at = blob.find(b"NSString")
    if at < 0:
        return ""
    at = blob.find(b"\x2b", at)  # '+' starts the string
    if at < 0 or at + 2 > len(blob):
        return ""
    length, start = blob[at + 1], at + 2
    if length == 0x81:
        length, start = int.from_bytes(blob[at + 2 : at + 4], "little"), at + 4
    elif length == 0x82:
        length, start = int.from_bytes(blob[at + 2 : at + 6], "little"), at + 6
    return blob[start : start + length].decode("utf-8", errors="replace")


def read_messages(connection: sqlite3.Connection, reading: Reading, where: str) -> Iterator[ContactEvent]:
    """Every message row of sms.db, in row order."""
    query = """
        SELECT m.ROWID, m.text, m.attributedBody, m.date, m.is_from_me, m.service, h.id,
               (SELECT c.chat_identifier FROM chat_message_join j JOIN chat c ON c.ROWID = j.chat_id
                 WHERE j.message_id = m.ROWID LIMIT 1),
               (SELECT group_concat(a.transfer_name, '|') FROM message_attachment_join x
                  JOIN attachment a ON a.ROWID = x.attachment_id WHERE x.message_id = m.ROWID)
        FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id ORDER BY m.ROWID"""
    try:
        rows = connection.execute(query)
        for rowid, text, attributed, date, from_me, service, handle, chat, files in rows:
            locator = f"{where}, message {rowid}"
            when = apple_time(date)
            if when is None:
                reading.gap(locator, "timeline.date-impossible")
                continue
            other = str(handle or chat or "")
            outgoing = bool(from_me)
            reading.events += 1
            yield ContactEvent(
                when=when,
                channel=Channel.SMS,
                direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
                kind=EventKind.MESSAGE,
                sender="" if outgoing else other,
                recipients=(other,) if outgoing else (),
                content=_body(text, attributed),
                attachments=tuple(f for f in str(files or "").split("|") if f),
                source=SourceRef(reading.name, locator, reading.sha256),
                thread=str(chat or other),
                fields={"service": str(service or "")},
            )
    except sqlite3.Error as error:
        reading.gap(where, "timeline.database-damaged", detail=str(error))


def read_calls(connection: sqlite3.Connection, reading: Reading, where: str) -> Iterator[ContactEvent]:
    """Every call row of CallHistory.storedata, in row order."""
    query = (
        "SELECT Z_PK, ZDATE, ZDURATION, ZORIGINATED, ZANSWERED, ZADDRESS, ZSERVICE_PROVIDER"
        " FROM ZCALLRECORD ORDER BY Z_PK"
    )
    try:
        for pk, date, duration, originated, answered, address, provider in connection.execute(query):
            locator = f"{where}, call {pk}"
            when = apple_time(date)
            if when is None:
                reading.gap(locator, "timeline.date-impossible")
                continue
            number = (
                address.decode("utf-8", errors="replace")
                if isinstance(address, bytes)
                else str(address or "")
            )
            outgoing = bool(originated)
            kind = EventKind.CALL if outgoing or answered else EventKind.MISSED_CALL
            fields = {
                "call": "outgoing" if outgoing else "answered" if answered else "missed",
                "duration_s": str(int(duration or 0)),
                "service": str(provider or ""),
            }
            reading.events += 1
            yield ContactEvent(
                when=when,
                channel=Channel.PHONE,
                direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
                kind=kind,
                sender="" if outgoing else number,
                recipients=(number,) if outgoing else (),
                content="",
                attachments=(),
                source=SourceRef(reading.name, locator, reading.sha256),
                thread=number,
                fields=fields,
            )
    except sqlite3.Error as error:
        reading.gap(where, "timeline.database-damaged", detail=str(error))
