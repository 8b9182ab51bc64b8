"""Inputs the fuzzing harness (tests/fuzz) found that a timeline reader read as if nothing were wrong."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from checks.timeline.sources.base import Reading
from checks.timeline.sources.whatsapp import MAX_TEXT, read_whatsapp

SAMPLES = Path(__file__).resolve().parents[2] / "realworld" / "timeline"
CHAT = SAMPLES / "whatsapp" / "chatminer-test_[mmddyy]_24hrs.txt"
UTC = ZoneInfo("UTC")


def _whatsapp(tmp_path: Path, data: bytes) -> tuple[list, Reading]:  # type: ignore[type-arg]
    path = tmp_path / "chat.txt"
    path.write_bytes(data)
    reading = Reading.of(path, "whatsapp")
    events = list(read_whatsapp(path, reading, local=UTC))
    reading.finish()
    return events, reading


def test_a_nul_in_a_message_is_a_gap_on_its_line(tmp_path: Path) -> None:
    good = CHAT.read_bytes()
    events, reading = _whatsapp(tmp_path, good.replace(b"Duis libero.", b"Duis libero\x00.", 1))
    assert len(events) == 7
    assert [(g.key, g.locator) for g in reading.gaps] == [("timeline.line-not-text", "line 4")]


@pytest.mark.parametrize("where", ["first-line", "continuation"])
def test_a_message_longer_than_whatsapp_allows_is_cut_and_named_once(tmp_path: Path, where: str) -> None:
    good = CHAT.read_bytes()
    huge = b"{" * (MAX_TEXT + 10) + b"\n" + b"y" * 100
    anchor = b"John Doe: " if where == "first-line" else b"amet,\n"
    data = good.replace(anchor, anchor + huge + b"\n", 1)
    events, reading = _whatsapp(tmp_path, data)
    assert len(events) == 7
    assert [g.key for g in reading.gaps] == ["timeline.whatsapp-message-cut"]
    assert max(len(e.content) for e in events) <= MAX_TEXT


def test_genuine_messages_of_many_lines_and_the_longest_allowed_are_no_gap(tmp_path: Path) -> None:
    longest = "z" * (MAX_TEXT - 10)
    text = (
        f"[01/01/19 11:25] John Doe: first\nsecond line\n\n{longest[:100]}\n[01/22/19 11:26] Ann: {longest}\n"
    )
    events, reading = _whatsapp(tmp_path, text.encode())
    assert not reading.gaps
    assert [e.content for e in events] == [f"first\nsecond line\n\n{longest[:100]}", longest]


TELEGRAM = SAMPLES / "telegram" / "chatminer-single.json"


def _telegram(tmp_path: Path, data: bytes) -> tuple[list, Reading]:  # type: ignore[type-arg]
    from checks.timeline.sources.telegram import read_telegram

    path = tmp_path / "result.json"
    path.write_bytes(data)
    reading = Reading.of(path, "telegram")
    events = list(read_telegram(path, reading, local=UTC))
    reading.finish()
    return events, reading


def test_two_telegram_messages_run_together_are_a_gap(tmp_path: Path) -> None:
    good = TELEGRAM.read_bytes()
    cut = good.index(b'"text": "Minimal Message"')
    merged = good[:cut] + good[good.index(b'"type": "message"', cut) :]  # the next message's start deleted
    events, reading = _telegram(tmp_path, merged)
    assert [g.key for g in reading.gaps] == ["timeline.telegram-message-damaged"]
    assert len(events) == len(_telegram(tmp_path, good)[0]) - 2


@pytest.mark.parametrize(
    ("escape", "keys"),
    [
        (b"\\ud800", ["timeline.telegram-not-unicode"]),
        (b"\\udc00", ["timeline.json-damaged", "timeline.telegram-not-unicode"]),  # ijson stops there
        (b"\\ud83d\\ude00", []),  # a whole pair: an emoji
    ],
)
def test_a_lone_surrogate_escape_in_telegram_text_is_a_gap(
    tmp_path: Path, escape: bytes, keys: list[str]
) -> None:
    good = TELEGRAM.read_bytes()
    _, reading = _telegram(tmp_path, good.replace(b"Minimal Message", b"Minimal " + escape + b"Message", 1))
    assert [g.key for g in reading.gaps] == keys


def test_a_chat_saved_as_utf16_reads_as_it_is_and_a_byte_lost_from_it_is_a_gap(tmp_path: Path) -> None:
    text = CHAT.read_text(encoding="utf-8")
    whole = text.encode("utf-16")
    events, reading = _whatsapp(tmp_path, whole)
    assert len(events) == 7 and not reading.gaps
    at = whole.index("12/20/21".encode("utf-16-le"))
    events, reading = _whatsapp(tmp_path, whole[:at] + whole[at + 1 :])  # every character after it shifted
    assert "timeline.line-not-text" in [g.key for g in reading.gaps]


def test_a_notice_far_longer_than_any_notice_is_a_damaged_line(tmp_path: Path) -> None:
    good = CHAT.read_bytes()
    events, reading = _whatsapp(
        tmp_path, good.replace(b"John Doe: Lorem", b"Jo" + b"[" * 100_000 + b"hn Doe: Lorem", 1)
    )
    assert [g.key for g in reading.gaps] == ["timeline.whatsapp-line-damaged"]
    assert len(events) == 6


@pytest.mark.parametrize("closed", [True, False])
def test_a_telegram_message_nested_a_hundred_thousand_deep_is_damage_read_in_bounded_memory(
    tmp_path: Path, closed: bool
) -> None:
    import tracemalloc

    good = TELEGRAM.read_bytes()
    deep = b'{"a":' * 100_000 + (b"1" + b"}" * 100_000 + b"," if closed else b"")
    at = good.index(b"{", good.index(b'"messages"'))
    tracemalloc.start()
    _events, reading = _telegram(tmp_path, good[:at] + deep + good[at:])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [g.key for g in reading.gaps] == ["timeline.json-damaged"]
    assert peak < 50 * 1024**2, peak


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b"post_dial_digits", b"post:dial_digits"),  # a name with a prefix no namespace declares
        (b"encoding='UTF-8'", b"encoding='QTF-8'"),  # an encoding that does not exist
    ],
    ids=["colon-in-a-name", "unknown-encoding"],
)
def test_a_damaged_sms_backup_is_a_gap_not_a_clean_read(tmp_path: Path, before: bytes, after: bytes) -> None:
    from checks.timeline.sources.sms_backup import read_sms_backup

    original = (SAMPLES / "sms" / "calls-20240115.xml").read_bytes()
    assert before in original
    path = tmp_path / "calls.xml"
    path.write_bytes(original.replace(before, after, 1))
    reading = Reading.of(path, "sms-backup")
    list(read_sms_backup(path, reading))
    reading.finish()
    assert reading.gaps


def test_a_control_character_where_json_allows_only_space_is_a_gap_in_telegram(tmp_path: Path) -> None:
    from checks.timeline.sources.telegram import read_telegram

    original = (SAMPLES / "telegram" / "chatminer-single.json").read_bytes()
    path = tmp_path / "result.json"
    path.write_bytes(original.replace(b",\n", b",\x0b", 1))
    reading = Reading.of(path, "telegram")
    list(read_telegram(path, reading, local=UTC))
    reading.finish()
    assert reading.gaps


def test_a_telegram_time_that_is_a_list_is_a_gap_not_a_traceback(tmp_path: Path) -> None:
    from checks.timeline.sources.telegram import read_telegram

    original = (SAMPLES / "telegram" / "chatminer-single.json").read_bytes()
    assert b'"date_unixtime": "' in original
    path = tmp_path / "result.json"
    path.write_bytes(
        original.replace(b'"date_unixtime": "', b'"date_unixtime": ["', 1).replace(
            b'",\n      "from"', b'"],\n      "from"', 1
        )
    )
    reading = Reading.of(path, "telegram")
    list(read_telegram(path, reading, local=UTC))
    reading.finish()
    assert reading.gaps


def test_a_key_twice_outside_the_messages_is_a_gap_in_telegram(tmp_path: Path) -> None:
    from checks.timeline.sources.telegram import read_telegram

    original = (SAMPLES / "telegram" / "chatminer-batch.json").read_bytes()
    assert b'"name": "Chatname",' in original
    path = tmp_path / "result.json"
    path.write_bytes(original.replace(b'"name": "Chatname",', b'"name": "Chatname",\n"name": "Chatname",', 1))
    reading = Reading.of(path, "telegram")
    list(read_telegram(path, reading, local=UTC))
    reading.finish()
    assert reading.gaps
