"""SMS Backup & Restore XML: texts, MMS, every call type, damage."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from checks.timeline.records import Channel, Direction, EventKind
from checks.timeline.sources.base import Reading
from checks.timeline.sources.sms_backup import read_sms_backup

SAMPLES = Path(__file__).resolve().parents[2] / "realworld" / "timeline" / "sms"


def read(path: Path) -> tuple[list, Reading]:
    reading = Reading.of(path, "sms-backup")
    return list(read_sms_backup(path, reading)), reading


def test_texts_and_mms() -> None:
    events, reading = read(SAMPLES / "sms-20240115.xml")
    assert not reading.gaps
    assert len(events) == 4  # the draft (type 3) is not a contact
    first, reply, other, mms = events
    assert first.when == datetime(2024, 1, 15, 8, 0, tzinfo=timezone.utc)
    assert (first.direction, first.sender, first.content) == (
        Direction.INCOMING,
        "+447700900123",
        "Are you home?",
    )
    assert (reply.direction, reply.recipients) == (Direction.OUTGOING, ("+447700900123",))
    assert other.content == "Answer me & stop ignoring me\nnow"
    assert other.fields["contact_name"] == "Alex work"
    assert mms.channel is Channel.MMS and mms.sender == "+447700900123"
    assert mms.content == "Saw your car outside" and mms.attachments == ("IMG_0412.jpg",)
    assert [e.source.locator for e in events] == ["line 5", "line 6", "line 7", "line 8"]


def test_every_call_type() -> None:
    events, reading = read(SAMPLES / "calls-20240115.xml")
    assert not reading.gaps
    assert [(e.kind, e.fields["call"]) for e in events] == [
        (EventKind.MISSED_CALL, "missed"),
        (EventKind.MISSED_CALL, "rejected"),
        (EventKind.MISSED_CALL, "blocked"),
        (EventKind.CALL, "answered"),
        (EventKind.CALL, "outgoing"),
        (EventKind.MISSED_CALL, "voicemail"),
    ]
    assert events[3].fields["duration_s"] == "35"
    assert events[4].direction is Direction.OUTGOING


def test_cut_short_backup_keeps_what_came_before(tmp_path: Path) -> None:
    data = (SAMPLES / "sms-20240115.xml").read_bytes()
    cut = tmp_path / "sms-cut.xml"
    cut.write_bytes(data[: data.index(b"<mms")] + b'<sms address="+1')
    events, reading = read(cut)
    assert len(events) == 3
    assert [g.key for g in reading.gaps] == ["timeline.xml-damaged"]


def test_other_xml_is_said(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<?xml version='1.0'?><contacts><c/></contacts>", encoding="utf-8")
    events, reading = read(path)
    assert events == [] and [g.key for g in reading.gaps] == ["timeline.sms-not-backup"]


def test_impossible_date(tmp_path: Path) -> None:
    path = tmp_path / "sms.xml"
    path.write_text(
        '<smses count="1">\n<sms address="1" date="soon" type="1" body="x"/>\n</smses>', encoding="utf-8"
    )
    events, reading = read(path)
    assert events == [] and [(g.key, g.locator) for g in reading.gaps] == [
        ("timeline.date-impossible", "line 2")
    ]
