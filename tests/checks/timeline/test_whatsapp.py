"""WhatsApp exports: real Android and iPhone samples, locale date orders, damage."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from checks.timeline.records import EventKind
from checks.timeline.sources.base import Reading
from checks.timeline.sources.whatsapp import read_whatsapp

SAMPLES = Path(__file__).resolve().parents[2] / "realworld" / "timeline" / "whatsapp"
UTC = ZoneInfo("UTC")


def read(path: Path, **kwargs: object) -> tuple[list, Reading]:
    reading = Reading.of(path, "whatsapp")
    events = list(read_whatsapp(path, reading, local=UTC, **kwargs))  # type: ignore[arg-type]
    reading.finish()
    return events, reading


def test_android_export_with_media_calls_and_multiline() -> None:
    events, reading = read(SAMPLES / "WhatsApp Chat with Dmitry S.txt")
    assert not reading.gaps
    first = events[0]
    assert (first.sender, first.content, first.source.locator) == ("Dmitry S", "Hello", "line 2")
    assert first.when == datetime(2022, 3, 18, 14, 56, tzinfo=UTC)
    assert first.thread == "Dmitry S"
    assert events[1].fields.get("media") == "omitted"
    assert events[2].content == "<Media omitted>\nCaption"  # a caption on the next line belongs to it
    assert any(e.attachments == ("PTT-20220323-WA0000.opus",) for e in events)
    missed = [e for e in events if e.kind is EventKind.MISSED_CALL]
    assert missed and all(e.fields["call"] == "missed" for e in missed)
    assert reading.sha256 and all(e.source.sha256 == reading.sha256 for e in events)


def test_iphone_export_attachments_and_system_line() -> None:
    events, reading = read(SAMPLES / "ios-en-media_chat.txt")
    assert not reading.gaps
    # the encryption notice on line 1 is written as if "Elon Musk" sent it: it is not a contact
    assert events[0].source.locator == "line 2" and events[0].content == "Hello World"
    assert events[1].attachments == ("00000035-PHOTO-2022-03-27-21-41-55.jpg",)
    assert events[0].when == datetime(2022, 3, 27, 21, 41, 35, tzinfo=UTC)  # month first, read from the file
    assert not any("end-to-end" in e.content for e in events)


def test_iphone_zip_points_inside_the_archive() -> None:
    path = SAMPLES / "WhatsApp Chat - Elon Musk (RU).zip"
    events, reading = read(path)
    assert events and not reading.gaps
    assert events[0].source.locator == "_chat.txt, line 2"
    assert events[0].source.file == str(path)
    assert events[0].thread == "Elon Musk (RU)"


def test_arabic_iphone_layout_with_marks_between_the_digits() -> None:
    events, _ = read(SAMPLES / "ios-ar_chat.txt")
    assert events
    assert events[0].when.year == 2022 and events[0].when.month == 3


def test_locale_date_orders_from_real_samples() -> None:
    day_first, _ = read(SAMPLES / "chatminer-test_ddmmyy_24hrs.txt")
    month_first, _ = read(SAMPLES / "chatminer-test_mmddyyyy_12hrs.txt")
    bracketed, _ = read(SAMPLES / "chatminer-test_[mmddyy]_24hrs.txt")
    year_first, _ = read(SAMPLES / "chatminer-test_yyyymmdd_24hrs.txt")
    for events in (day_first, month_first, bracketed, year_first):
        assert events[1].when.date() == datetime(2019, 1, 20).date()
    assert month_first[2].when.hour == 20  # "08:49 p. m."
    assert month_first[2].content.endswith("Duis libero.")  # the second line of the message


def test_undecidable_date_order_is_said_and_can_be_given() -> None:
    events, reading = read(SAMPLES / "pustur-short-chat.txt")
    assert [g.key for g in reading.gaps] == ["timeline.whatsapp-order-undecided"]
    assert events[1].when.month == 5  # 08/05/2017 read day first, and the gap says so
    told, reading = read(SAMPLES / "pustur-short-chat.txt", date_order="mdy")
    assert not reading.gaps and told[1].when.month == 8


def test_order_decided_by_the_dates_running_forward(tmp_path: Path) -> None:
    lines = [f"{m:02d}/{d:02d}/2023, 10:00 - A: hi" for m, d in ((1, 2), (1, 9), (2, 3), (3, 1), (3, 5))]
    path = tmp_path / "chat.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    events, reading = read(path)
    assert [g.key for g in reading.gaps] == []
    assert [n.key for n in reading.notes] == ["timeline.whatsapp-order-from-sequence"]
    assert [e.when.month for e in events] == [1, 1, 2, 3, 3]


def test_direction_from_the_owner() -> None:
    events, _ = read(SAMPLES / "WhatsApp Chat with Dmitry S.txt", is_owner=lambda s: s == "Elon")
    assert {e.direction.value for e in events if e.sender == "Elon"} == {"outgoing"}
    assert {e.direction.value for e in events if e.sender == "Dmitry S"} == {"incoming"}


def test_invalid_utf8_line_is_a_gap_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(
        b"13/01/2023, 10:00 - A: one\n13/01/2023, 10:01 - A: caf\xe9 \xff\n14/01/2023, 10:02 - B: three\n"
    )
    events, reading = read(path)
    assert [e.content for e in events][::2] == ["one", "three"]
    assert [(g.key, g.locator) for g in reading.gaps] == [("timeline.line-not-text", "line 2")]


def test_utf16_export_is_read(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text("13/01/2023, 10:00 - A: one\n13/01/2023, 10:01 - B: two\n", encoding="utf-16")
    events, reading = read(path)
    assert [e.content for e in events] == ["one", "two"] and not reading.gaps


def test_not_a_chat_is_a_gap_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\nmilk\n", encoding="utf-8")
    events, reading = read(path)
    assert events == []
    assert "timeline.whatsapp-layout-unknown" in [g.key for g in reading.gaps]


def test_zip_without_a_chat(tmp_path: Path) -> None:
    path = tmp_path / "media.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("IMG-1.jpg", b"\xff\xd8")
    from cybercheck.errors import DamagedInput

    reading = Reading.of(path, "whatsapp")
    try:
        list(read_whatsapp(path, reading, local=UTC))
    except DamagedInput as error:
        assert error.plain.key == "timeline.whatsapp-zip-no-chat"  # type: ignore[attr-defined]  # a Text
        assert str(error.plain).startswith("The zip file holds no chat")
    else:  # pragma: no cover
        raise AssertionError("a zip without a chat must say so")


def test_cut_short_zip_is_a_gap_with_what_was_read(tmp_path: Path) -> None:
    from checks.timeline.api import TimelineInput, build_timeline, contact

    lines = "".join(f"13/01/2023, 10:{m:02d} - Alex: message {m} {'x' * 200}\n" for m in range(60))
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("WhatsApp Chat with Alex.txt", lines)
    data = whole.read_bytes()
    for cut in (len(data) // 2, len(data) - 30, 40):
        path = tmp_path / f"cut-{cut}.zip"
        path.write_bytes(data[:cut])
        result = build_timeline([TimelineInput("whatsapp", path)], contact("Alex", ["Alex"]), local=UTC)
        assert [g.key for g in result.gaps] == ["timeline.zip-unreadable"], cut  # said, never a traceback
        assert len(result.sources) == 1
    spoilt = bytearray(data)
    spoilt[len(data) // 3 : len(data) // 3 + 20] = b"\x00" * 20  # inside the compressed chat
    path = tmp_path / "spoilt.zip"
    path.write_bytes(bytes(spoilt))
    result = build_timeline([TimelineInput("whatsapp", path)], contact("Alex", ["Alex"]), local=UTC)
    assert [g.key for g in result.gaps] == ["timeline.file-damaged"]


def test_a_line_longer_than_the_limit_is_cut_and_counted_once(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from checks.timeline.sources import base

    monkeypatch.setattr(base, "MAX_LINE", 50)
    path = tmp_path / "chat.txt"
    long = "x" * 3_000_000
    path.write_text(
        f"13/01/2023, 10:00 - A: {long}\n13/01/2023, 10:01 - B: after\n{long}\n14/01/2023, 10:02 - A: end",
        encoding="utf-8",
    )
    events, _ = read(path)
    assert [(e.sender, e.source.locator) for e in events] == [
        ("A", "line 1"),
        ("B", "line 2"),
        ("A", "line 4"),
    ]
    assert len(events[0].content) < 100
