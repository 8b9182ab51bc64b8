"""Facebook, Instagram and X messages from the platforms' downloads."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from checks.timeline.api import TimelineInput, build_timeline, contact
from checks.timeline.records import Channel, EventKind

SAMPLES = Path(__file__).resolve().parents[2] / "realworld" / "timeline" / "social"


def test_instagram_folder_with_a_real_message_file(tmp_path: Path) -> None:
    thread = tmp_path / "instagram" / "your_instagram_activity" / "messages" / "inbox" / "janedoe_123"
    thread.mkdir(parents=True)
    shutil.copy(SAMPLES / "chatminer-instagram-message_1.json", thread / "message_1.json")
    result = build_timeline(
        [TimelineInput("instagram", tmp_path / "instagram", owner=("Jane Doe",))],
        contact("John", ["John Doe"]),
    )
    assert not result.gaps
    # this real file lists no participants, so Jane's reply cannot be tied to John: only his message counts
    assert [(e.sender, e.direction.value) for e in result.events] == [("John Doe", "incoming")]
    assert result.events[0].source.locator.endswith("message_1.json, message 1")


def test_facebook_zip_mends_meta_text_and_reads_calls(tmp_path: Path) -> None:
    messages = {
        "participants": [{"name": "Alex"}, {"name": "Sam"}],
        "messages": [
            {"sender_name": "Alex", "timestamp_ms": 1705305600000, "content": "Caf\u00c3\u00a9?"},
            {"sender_name": "Alex", "timestamp_ms": 1705305700000, "call_duration": 0},
            {"sender_name": "Alex", "timestamp_ms": 1705305800000, "photos": [{"uri": "photos/1.jpg"}]},
            {"sender_name": "Sam", "timestamp_ms": 1705305900000, "content": "Stop."},
        ],
    }
    path = tmp_path / "facebook-sam.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("your_facebook_activity/messages/inbox/alex_1/message_1.json", json.dumps(messages))
    result = build_timeline([TimelineInput("facebook", path, owner=("Sam",))], contact("Alex", ["Alex"]))
    assert [e.channel for e in result.events] == [Channel.FACEBOOK] * 4
    assert result.events[3].recipients == ("Alex",) and result.stats.outgoing == 1
    assert result.events[0].content == "Café?"
    assert result.events[1].kind is EventKind.MISSED_CALL
    assert result.events[2].attachments == ("photos/1.jpg",)
    assert all(e.source.file == str(path) for e in result.events)


def test_x_direct_messages(tmp_path: Path) -> None:
    data = [
        {
            "dmConversation": {
                "conversationId": "111-222",
                "messages": [
                    {
                        "messageCreate": {
                            "senderId": "222",
                            "recipientId": "111",
                            "text": "hello",
                            "createdAt": "2024-01-15T08:00:00.000Z",
                            "mediaUrls": [],
                        }
                    },
                ],
            }
        }
    ]
    folder = tmp_path / "x" / "data"
    folder.mkdir(parents=True)
    (folder / "direct-messages.js").write_text(
        "window.YTD.direct_messages.part0 = " + json.dumps(data), encoding="utf-8"
    )
    result = build_timeline([TimelineInput("x", tmp_path / "x")], contact("Alex", ["222"]))
    (event,) = result.events
    assert event.when == datetime(2024, 1, 15, 8, 0, tzinfo=timezone.utc)
    assert event.recipients == ("111",) and event.thread == "111-222"


def test_download_without_messages_is_said(tmp_path: Path) -> None:
    (tmp_path / "fb").mkdir()
    (tmp_path / "fb" / "index.html").write_text("<html></html>", encoding="utf-8")
    result = build_timeline([TimelineInput("facebook", tmp_path / "fb")], contact("Alex", ["Alex"]))
    assert [g.key for g in result.gaps] == ["timeline.social-no-messages"]
