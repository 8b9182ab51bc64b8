"""Telegram Desktop result.json: one chat, the full export, calls, damage."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from checks.timeline.records import EventKind
from checks.timeline.sources.base import Reading
from checks.timeline.sources.telegram import read_telegram

SAMPLES = Path(__file__).resolve().parents[2] / "realworld" / "timeline" / "telegram"
UTC = ZoneInfo("UTC")


def read(path: Path) -> tuple[list, Reading]:
    reading = Reading.of(path, "telegram")
    return list(read_telegram(path, reading, local=UTC)), reading


def test_single_chat_with_formatted_text() -> None:
    events, reading = read(SAMPLES / "chatminer-single.json")
    assert not reading.gaps
    assert [e.sender for e in events] == ["Author 1", "Author 2"]
    assert events[0].when == datetime.fromtimestamp(1544006350, tz=timezone.utc)
    assert events[1].content == "Link:https://telegram.org/"


def test_full_export_names_the_chat() -> None:
    events, _ = read(SAMPLES / "chatminer-batch.json")
    assert [e.thread for e in events] == ["Chatname", "Chatname"]
    assert events[0].source.locator.startswith("chat 'Chatname', message")


def test_calls_and_service_messages(tmp_path: Path) -> None:
    export = {
        "name": "Alex",
        "type": "personal_chat",
        "id": 1,
        "messages": [
            {
                "id": 1,
                "type": "service",
                "date": "2024-01-15T08:00:00",
                "date_unixtime": "1705305600",
                "actor": "Alex",
                "actor_id": "user42",
                "action": "phone_call",
                "discard_reason": "missed",
            },
            {
                "id": 2,
                "type": "service",
                "date": "2024-01-15T08:01:00",
                "date_unixtime": "1705305660",
                "actor": "Alex",
                "actor_id": "user42",
                "action": "phone_call",
                "discard_reason": "hangup",
                "duration_seconds": 61,
            },
            {
                "id": 3,
                "type": "service",
                "date": "2024-01-15T08:02:00",
                "date_unixtime": "1705305720",
                "actor": "Alex",
                "action": "pin_message",
            },
            {
                "id": 4,
                "type": "message",
                "date": "2024-01-15T08:03:00",
                "from": "Alex",
                "from_id": "user42",
                "text": "",
                "photo": "photos/photo_1.jpg",
                "text_entities": [],
            },
        ],
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    events, _ = read(path)
    assert [e.kind for e in events] == [EventKind.MISSED_CALL, EventKind.CALL, EventKind.MESSAGE]
    assert events[1].fields["duration_s"] == "61"
    assert events[2].attachments == ("photos/photo_1.jpg",)
    assert events[2].when == datetime(2024, 1, 15, 8, 3, tzinfo=UTC)  # no unix time: the local date
    assert events[0].source.locator == "chat 'Alex', message 1"


def test_cut_short_export_keeps_what_came_before(tmp_path: Path) -> None:
    data = (SAMPLES / "chatminer-single.json").read_text(encoding="utf-8")
    path = tmp_path / "result.json"
    path.write_text(data[: data.index('"Author 2"')], encoding="utf-8")
    events, reading = read(path)
    assert [e.sender for e in events] == ["Author 1"]
    assert [g.key for g in reading.gaps] == ["timeline.json-damaged"]
