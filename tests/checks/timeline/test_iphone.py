"""iPhone messages and calls from a backup, plain and encrypted (built in the real layout)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from checks.timeline.api import TimelineInput, build_timeline, contact
from checks.timeline.records import EventKind
from checks.timeline.sources.iphone import apple_time, typedstream_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ios"))
from builder import BackupBuilder

NS = 1_000_000_000


def sms_db(tmp: Path) -> bytes:
    path = tmp / "sms.db"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT, service TEXT);
        CREATE TABLE message (ROWID INTEGER PRIMARY KEY, guid TEXT, text TEXT, attributedBody BLOB,
            handle_id INTEGER, date INTEGER, is_from_me INTEGER, cache_has_attachments INTEGER, service TEXT);
        CREATE TABLE chat (ROWID INTEGER PRIMARY KEY, chat_identifier TEXT, display_name TEXT);
        CREATE TABLE chat_message_join (chat_id INTEGER, message_id INTEGER);
        CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY, transfer_name TEXT);
        CREATE TABLE message_attachment_join (message_id INTEGER, attachment_id INTEGER);
        INSERT INTO handle VALUES (1, '+447700900123', 'iMessage');
        INSERT INTO chat VALUES (1, '+447700900123', '');
        INSERT INTO attachment VALUES (1, 'IMG_0001.HEIC');
    """)
    base = 726_994_800  # 2024-01-15 07:00 UTC in Apple time
    body = (
        b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x12NSAttributedString\x00\x84\x84\x08NSObject"
        b"\x00\x85\x92\x84\x84\x84\x08NSString\x01\x94\x84\x01+\x0bWhere are u\x86"
    )
    rows = [
        (1, "Are you home?", None, 1, base * NS, 0),
        (2, "Please stop.", None, 1, (base + 60) * NS, 1),
        (3, None, body, 1, (base + 120) * NS, 0),
    ]
    for rowid, text, attributed, handle, date, from_me in rows:
        db.execute(
            "INSERT INTO message VALUES (?, ?, ?, ?, ?, ?, ?, 0, 'iMessage')",
            (rowid, f"g{rowid}", text, attributed, handle, date, from_me),
        )
        db.execute("INSERT INTO chat_message_join VALUES (1, ?)", (rowid,))
    db.execute("INSERT INTO message_attachment_join VALUES (1, 1)")
    db.commit()
    db.close()
    return path.read_bytes()


def calls_db(tmp: Path) -> bytes:
    path = tmp / "calls.sqlite"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, ZDATE REAL, ZDURATION REAL, ZORIGINATED INTEGER,"
        " ZANSWERED INTEGER, ZADDRESS BLOB, ZSERVICE_PROVIDER TEXT)"
    )
    db.execute(
        "INSERT INTO ZCALLRECORD VALUES (1, 726994900.5, 0, 0, 0, ?, 'com.apple.Telephony')",
        (b"+447700900123",),
    )
    db.execute(
        "INSERT INTO ZCALLRECORD VALUES (2, 726995000, 42, 1, 1, '+447700900123', 'com.apple.FaceTime')"
    )
    db.commit()
    db.close()
    return path.read_bytes()


@pytest.mark.parametrize("password", [None, "backup-pass"])
def test_messages_and_calls(tmp_path: Path, password: str | None) -> None:
    builder = BackupBuilder(password=password)
    builder.add_file("HomeDomain", "Library/SMS/sms.db", sms_db(tmp_path))
    builder.add_file("HomeDomain", "Library/CallHistoryDB/CallHistory.storedata", calls_db(tmp_path))
    folder = builder.build(tmp_path / "backup")
    result = build_timeline(
        [TimelineInput("iphone", folder, password=password)], contact("Alex", ["+44 7700 900123"])
    )
    assert not result.gaps
    texts = [e for e in result.events if e.kind is EventKind.MESSAGE]
    assert [e.content for e in texts] == ["Are you home?", "Please stop.", "Where are u"]
    assert texts[0].attachments == ("IMG_0001.HEIC",)
    assert texts[0].source.locator == "HomeDomain/Library/SMS/sms.db, message 1"
    calls = [e for e in result.events if e.kind in (EventKind.CALL, EventKind.MISSED_CALL)]
    assert [e.fields["call"] for e in calls] == ["missed", "outgoing"]
    assert result.stats.incoming == 3 and result.stats.outgoing == 2
    assert {s.kind for s in result.sources} == {"iphone"} and len(result.sources) == 2


def test_encrypted_backup_without_password_is_a_gap(tmp_path: Path) -> None:
    builder = BackupBuilder(password="secret")
    builder.add_file("HomeDomain", "Library/SMS/sms.db", sms_db(tmp_path))
    folder = builder.build(tmp_path / "backup")
    result = build_timeline([TimelineInput("iphone", folder)], contact("Alex", ["+447700900123"]))
    assert [g.key for g in result.gaps] == ["timeline.iphone-needs-password"]
    assert result.events == ()
    wrong = build_timeline(
        [TimelineInput("iphone", folder, password="nope")], contact("Alex", ["+447700900123"])
    )
    assert [g.key for g in wrong.gaps] == ["timeline.iphone-wrong-password"]


def test_apple_times_and_typedstream() -> None:
    assert apple_time(0) is None
    assert apple_time(726994800).year == 2024  # seconds (older iOS)
    assert apple_time(726994800 * NS).year == 2024  # nanoseconds (iOS 11 and later)
    assert typedstream_text(b"nothing here") == ""
