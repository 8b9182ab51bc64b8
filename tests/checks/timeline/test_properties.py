"""Property tests: whatever the export holds, every event points at a real line of its file, and
nothing a reader meets becomes a traceback."""

from __future__ import annotations

import io
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checks.timeline.api import TimelineInput, build_timeline, contact
from checks.timeline.sources.base import Reading
from checks.timeline.sources.sms_backup import read_sms_backup
from checks.timeline.sources.whatsapp import read_whatsapp

UTC = ZoneInfo("UTC")
_names = st.sampled_from(["Alex", "Sam", "+44 7700 900123", "Дмитрий", "Zoë"])
_text = st.text(
    st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    ),
    max_size=40,
)
_when = st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2030, 12, 31))


@st.composite
def whatsapp_lines(draw: st.DrawFn) -> list[str]:
    android = draw(st.booleans())
    lines = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.sampled_from(["message", "message", "continuation", "system", "garbage"]))
        when = draw(_when)
        stamp = f"{when:%d/%m/%Y, %H:%M} -" if android else f"[{when:%d/%m/%Y, %H:%M:%S}]"
        if kind == "message":
            lines.append(f"{stamp} {draw(_names)}: {draw(_text)}")
        elif kind == "system":
            lines.append(f"{stamp} Messages and calls are end-to-end encrypted.")
        elif kind == "continuation":
            lines.append(draw(_text))
        else:
            lines.append(draw(st.text(max_size=30)).replace("\n", " ").replace("\r", " "))
    return lines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(whatsapp_lines(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_every_whatsapp_event_points_at_its_header_line(lines: list[str], encoding: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chat.txt"
        path.write_bytes("\n".join(lines).encode(encoding, errors="replace"))
        reading = Reading.of(path, "whatsapp")
        events = list(read_whatsapp(path, reading, local=UTC, date_order="dmy"))
        file_lines = path.read_bytes().decode(encoding, errors="replace").lstrip("\ufeff").split("\n")
        for event in events:
            number = int(event.source.locator.removeprefix("line "))
            line = file_lines[number - 1]
            assert event.sender.strip() in line
            assert f"{event.when:%d/%m/%Y, %H:%M}" in line
            assert event.source.sha256 == reading.sha256


@st.composite
def sms_xml(draw: st.DrawFn) -> str:
    rows = []
    for _ in range(draw(st.integers(0, 15))):
        body = draw(_text).replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
        element = draw(st.sampled_from(["sms", "call", "blank"]))
        date = draw(st.integers(0, 2_000_000_000_000))
        if element == "sms":
            rows.append(
                f'  <sms address="{draw(st.integers(1000, 9999))}" date="{date}"'
                f' type="{draw(st.integers(1, 6))}" body="{body}" />'
            )
        elif element == "call":
            rows.append(
                f'  <call number="+1{draw(st.integers(1000, 9999))}" date="{date}"'
                f' type="{draw(st.integers(1, 7))}" duration="3" />'
            )
        else:
            rows.append("")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"0\">\n"
        + "\n".join(rows)
        + "\n</smses>\n"
    )


@settings(max_examples=100, deadline=None)
@given(sms_xml(), st.integers(0, 400))
def test_every_sms_event_points_at_its_element_even_when_cut(document: str, cut: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sms.xml"
        data = document.encode("utf-8")
        path.write_bytes(data if cut == 0 else data[: max(1, len(data) - cut)])
        reading = Reading.of(path, "sms-backup")
        events = list(read_sms_backup(path, reading))
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        for event in events:
            line = lines[int(event.source.locator.removeprefix("line ")) - 1]
            assert ("<sms" in line) or ("<call" in line)
            assert (event.sender or event.recipients[0]) in line


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(["whatsapp", "sms-backup", "telegram", "mail", "report"]))
def test_any_bytes_give_a_result_never_a_traceback(data: bytes, kind: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input"
        path.write_bytes(data)
        result = build_timeline([TimelineInput(kind, path)], contact("Alex", ["Alex"]), local=UTC)
        assert len(result.sources) == 1
        for event in result.events:
            assert event.source.sha256 == result.sources[0].sha256


@st.composite
def mbox(draw: st.DrawFn) -> str:
    parts = []
    for number in range(draw(st.integers(0, 8))):
        body_lines = draw(
            st.lists(st.sampled_from(["hello", "", "From the start", ">From quoted", "bye"]), max_size=6)
        )
        date = draw(
            st.sampled_from(
                ["Mon, 15 Jan 2024 08:00:00 +0000", "not a date", "Tue, 16 Jan 2024 21:30:00 -0500"]
            )
        )
        parts.append(
            f"From {number}@xxx Thu Jan 01 00:00:00 2024\nFrom: A <a{number}@example.com>\nTo: b@example.org\n"
            f"Subject: s{number}\nDate: {date}\n\n" + "\n".join(body_lines) + "\n\n"
        )
    return "".join(parts)


@settings(max_examples=80, deadline=None)
@given(mbox())
def test_every_mail_points_at_its_from_line(document: str) -> None:
    from checks.timeline.sources.mail import read_mail

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mail.mbox"
        path.write_text(document, encoding="utf-8")
        reading = Reading.of(path, "mail")
        events = list(read_mail(path, reading))
        lines = document.split("\n")
        for event in events:
            line = lines[int(event.source.locator.removeprefix("line ")) - 1]
            assert line.startswith("From ") and line.endswith("@xxx Thu Jan 01 00:00:00 2024")
            assert event.sender in lines[int(event.source.locator.removeprefix("line "))]
        assert len(events) + len(reading.gaps) == document.count("@xxx Thu Jan")


_head_parts = st.sampled_from(
    ["", "\u200e", "[", "\r", " ", "\t", "\x1c", "\u0663", "2024", "13", "1", "/", ".", "-", ", ", ":", "\n"]
)


@st.composite
def date_lines(draw: st.DrawFn) -> str:
    """Lines that are, nearly are, or are not WhatsApp headers, with the white space, marks and Arabic
    digits that the block search must treat as reading line by line does."""
    lines = []
    plain = draw(st.booleans())  # with no "\r", marks or Arabic digits anywhere: the block search is used
    for _ in range(draw(st.integers(0, 12))):
        when = draw(_when)
        layout = draw(
            st.sampled_from(["%d/%m/%Y, %H:%M - ", "[%m/%d/%y, %H:%M:%S] ", "%Y-%m-%d %H.%M: ", ""])
        )
        tail = draw(st.sampled_from(["Alex: hi", ""]))
        line = f"{when:{layout}}{tail}" if layout else draw(st.text(max_size=20))
        for _ in range(draw(st.integers(0, 2))):
            where = draw(st.integers(0, len(line)))
            line = line[:where] + "".join(draw(st.lists(_head_parts, max_size=4))) + line[where:]
        lines.append(line.replace("\r", "").replace("\u200e", "").replace("\u0663", "") if plain else line)
    return ("\n" if plain else draw(st.sampled_from(["\n", "\r\n"]))).join(lines)


@settings(max_examples=300, deadline=None)
@given(date_lines())
@example(
    "13/01/2021, 10:00\n - Alex: hi\n[01/13/21,\n10:00:00] Alex: hi"
)  # white space never joins two lines
@example("13/01/2021, 10:00\r\n14/01/2021, 10:00 - Alex: hi\r")
@example("\u200e[13\u200e/01/2021, 10:00:00] Alex: hi\n\u0661\u0663/01/2021, 10:00 - Alex: hi")
def test_the_date_order_pass_reads_the_dates_each_line_gives(text: str) -> None:
    """The pass that decides the date order searches whole blocks; it finds each line's date, as reading
    the file line by line does (a date repeated on the next line may be given once)."""
    from itertools import groupby

    from checks.timeline.sources.whatsapp import _date_match, _dates

    data = text.encode("utf-8")
    reading = Reading(Path("chat.txt"), "", len(data), "whatsapp")
    found = list(_dates(lambda: io.BytesIO(data), reading, ""))
    by_line = []
    for line in text.split("\n"):
        match = _date_match(line.rstrip("\r"))
        if match is not None:
            by_line.append((int(match["a"]), int(match["b"]), int(match["c"]), len(match["a"]) == 4))
    assert found == [date for date, _ in groupby(by_line)]
