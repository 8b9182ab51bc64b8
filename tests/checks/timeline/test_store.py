"""Long records are streamed: the person's events are held in memory only up to a bound, spilled to
sorted runs in a private temporary folder, read back in time order, and the folder always goes."""

from __future__ import annotations

import gc
import stat
import tempfile
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import checks.timeline.build as build_module
import checks.timeline.store as store_module
from checks.timeline.api import TimelineInput, build_timeline, contact
from checks.timeline.output.make import Request, make
from checks.timeline.part import Part
from checks.timeline.records import Channel, ContactEvent, Direction, EventKind, SourceRef
from checks.timeline.store import FROM_PERSON, TO_PERSON, EventStore

UTC = ZoneInfo("UTC")
START = datetime(2024, 1, 1, 8, 0, tzinfo=timezone.utc)


def event(minutes: int, who: str = "Alex", zone: ZoneInfo = UTC) -> ContactEvent:
    return ContactEvent(
        when=(START + timedelta(minutes=minutes)).astimezone(zone),
        channel=Channel.SMS,
        direction=Direction.INCOMING,
        kind=EventKind.MESSAGE,
        sender=who,
        recipients=("+447700900999",) if minutes % 3 else (),
        content=f"message {minutes}",
        attachments=(),
        source=SourceRef("sms.xml", f"line {minutes}", "0" * 64),
        fields={"contact_name": "Alex"} if minutes % 2 else {},
    )


def long_chat(folder: Path, count: int) -> Path:
    """A WhatsApp chat with `count` messages, a reply from the user now and then, a threat near the end."""
    path = folder / "WhatsApp Chat with Alex.txt"
    lines = []
    for number in range(count):
        when = START + timedelta(minutes=7 * number)
        who = "Sam" if number % 5 == 4 else "Alex"
        text = "I know where you live" if number == count - 10 else f"where are you {number}"
        lines.append(f"{when:%d/%m/%Y, %H:%M} - {who}: {text}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temporary folders go under tmp_path, so what is left behind can be seen."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob("cybercheck-timeline-*"))


def test_the_store_holds_a_bounded_number_and_gives_all_back_in_time_order(
    private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "MAX_RUNS", 3)  # so runs are also merged into longer ones
    store = EventStore(limit=50)
    order = [(n * 7919) % 1000 for n in range(1000)]  # every minute once, in a scrambled order
    most = 0
    for minutes in order:
        store.add(event(minutes, zone=ZoneInfo("Europe/London")), FROM_PERSON if minutes % 4 else TO_PERSON)
        most = max(most, store.held)
    assert most <= 50
    assert store.folder is not None and stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    back = list(store)
    assert [e.when for e, _ in back] == sorted(e.when for e, _ in back)
    assert sorted(int(e.source.locator.split()[1]) for e, _ in back) == list(range(1000))
    first, _ = back[1]
    assert first == event(1, zone=ZoneInfo("Europe/London"))  # the same event: zone, fields, all
    assert list(store) == back  # read afresh each time
    store.close()
    assert leftovers(private_tmp) == []


def test_equal_times_put_the_persons_own_first_then_reading_order() -> None:
    store = EventStore(limit=2)
    store.add(event(5, "Sam"), TO_PERSON)
    store.add(event(5, "Alex"), FROM_PERSON)
    store.add(event(5, "Alex2"), FROM_PERSON)
    store.add(event(1, "Early"), TO_PERSON)
    assert [e.sender for e, _ in store] == ["Early", "Alex", "Alex2", "Sam"]
    store.close()


def test_build_timeline_keeps_few_events_in_python_however_long_the_chat(
    private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "MEMORY_LIMIT", 100)
    path = long_chat(private_tmp, 3000)
    result = build_timeline(
        [TimelineInput("whatsapp", path, owner=("Sam",))], contact("Alex", ["Alex"]), local=UTC
    )
    gc.collect()
    alive = sum(1 for o in gc.get_objects() if isinstance(o, ContactEvent))
    assert alive <= 100 + 10  # the events in memory, and the one possible threat: not 3,000
    assert result.stats.total == 3000 and len(result.events) == 3000
    assert [t.event.content for t in result.threats] == ["I know where you live"]
    whens = [e.when for e in result.events]
    assert whens == sorted(whens)
    assert leftovers(private_tmp)  # the runs are there while the result is open
    result.close()
    assert leftovers(private_tmp) == []


def test_a_long_record_is_judged_as_a_short_one(private_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = long_chat(private_tmp, 2000)
    about = contact("Alex", ["Alex"])
    inputs = [TimelineInput("whatsapp", path, owner=("Sam",))]
    stop = START + timedelta(days=5)
    with build_timeline(inputs, about, stop, local=UTC) as whole:
        expected = (whole.stats, whole.escalation, whole.findings, tuple(whole.events))
    monkeypatch.setattr(store_module, "MEMORY_LIMIT", 64)
    monkeypatch.setattr(store_module, "MAX_RUNS", 4)
    with build_timeline(inputs, about, stop, local=UTC) as streamed:
        assert (streamed.stats, streamed.escalation, streamed.findings, tuple(streamed.events)) == expected
    assert leftovers(private_tmp) == []


def test_the_temporary_folder_goes_when_reading_fails_part_way(
    private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "MEMORY_LIMIT", 50)
    path = long_chat(private_tmp, 500)
    read = build_module.read_part

    def read_then_stop(item: TimelineInput, index: int, *args: Any) -> Part:
        if index == 1:
            assert leftovers(private_tmp)  # the first input's runs were written
            raise KeyboardInterrupt
        return read(item, index, *args)

    monkeypatch.setattr(build_module, "read_part", read_then_stop)
    with pytest.raises(KeyboardInterrupt):
        build_timeline(
            [TimelineInput("whatsapp", path, owner=("Sam",))] * 2, contact("Alex", ["Alex"]), local=UTC
        )
    assert leftovers(private_tmp) == []


def test_the_temporary_folder_goes_when_the_result_is_dropped(
    private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "MEMORY_LIMIT", 50)
    result = build_timeline(
        [TimelineInput("whatsapp", long_chat(private_tmp, 300), owner=("Sam",))],
        contact("Alex", ["Alex"]),
        local=UTC,
    )
    assert leftovers(private_tmp)
    del result
    gc.collect()
    assert leftovers(private_tmp) == []


def test_making_a_record_leaves_no_temporary_copy(
    private_tmp: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring: object
) -> None:
    monkeypatch.setattr(store_module, "MEMORY_LIMIT", 50)
    out = private_tmp / "out"
    out.mkdir()
    made = make(
        Request(
            inputs={"whatsapp": (long_chat(private_tmp, 400),)},
            about=contact("Alex", ["Alex"]),
            output=out / "record.html",
        )
    )
    assert made.written.tally.contacts + made.written.tally.replies == 400
    assert leftovers(private_tmp) == []


@pytest.mark.parametrize(
    "when",
    [
        datetime(2021, 10, 31, 1, 30, tzinfo=ZoneInfo("Europe/London")),  # the hour the clocks repeat
        datetime(2021, 10, 31, 1, 30, fold=1, tzinfo=ZoneInfo("Europe/London")),  # its second time
        datetime(2021, 3, 28, 1, 30, tzinfo=ZoneInfo("Europe/London")),  # the hour the clocks skip
        datetime(1890, 5, 1, 12, 0, 7, tzinfo=ZoneInfo("Europe/Dublin")),  # an offset with seconds
        datetime(1960, 1, 1, 0, 0, 0, 999999, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
        datetime(2040, 2, 29, 23, 59, 59, tzinfo=timezone.utc),
    ],
)
def test_a_time_comes_back_as_the_source_wrote_it(when: datetime) -> None:
    """Kept in runs on disk and read back, as events or as log rows: the same wall-clock time, zone and fold."""
    store = EventStore(limit=1)
    for minutes in range(3):
        store.add(replace(event(minutes), when=when + timedelta(minutes=minutes)), FROM_PERSON)
    back = [e for e, _ in store]
    expected = [when + timedelta(minutes=m) for m in range(3)]
    assert [(e.when, e.when.tzinfo, e.when.fold, e.when.utcoffset()) for e in back] == [
        (w, w.tzinfo, w.fold if m == 0 else 0, w.utcoffset()) for m, w in enumerate(expected)
    ]
    assert [row[0] for row in store.log_rows()] == [e.when for e in back]
    assert [row[0].fold for row in store.log_rows()] == [e.when.fold for e in back]
    store.close()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 400), st.booleans()), min_size=2, max_size=300),
    st.integers(2, 40),
    st.integers(1, 9),
)
def test_the_events_read_in_two_halves_are_the_events_read_whole(
    times: list[tuple[int, bool]], limit: int, batch: int
) -> None:
    """Halfway through the order, the rows before and from there are every row, in order, and the
    count before is right; also for a store reading the runs another wrote (as a helper does)."""
    store = EventStore(limit=limit)
    try:
        with patch.object(store_module, "_BATCH", batch):
            for minutes, from_person in times:
                store.add(event(minutes), FROM_PERSON if from_person else TO_PERSON)
            shared = store.shared_runs()
            whole = list(store.log_rows())
            place = store.halfway()
            if place is None:
                assert len(shared.runs) == 1 and len(shared.index[shared.runs[0]]) < 2
                return
            for reader in (store, EventStore.reading(shared)):
                first, second = list(reader.log_rows(until=place)), list(reader.log_rows(start=place))
                assert first + second == whole
                assert first and second
                assert reader.count_before(place) == len(first)
    finally:
        store.close()
