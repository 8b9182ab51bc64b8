"""Property tests of the log rows: any text from the other person survives the CSV and JSON as it was,
is escaped in the HTML, and never becomes a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.timeline.output.rows import RowWriter, csv_cell
from checks.timeline.records import Channel, ContactEvent, Direction, EventKind, SourceRef
from tests.checks.timeline.output import rows_before

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
ZONES = st.sampled_from(
    [timezone.utc, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5, minutes=-30))]
)


@st.composite
def events(draw: st.DrawFn) -> ContactEvent:
    when = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=ZONES))
    return ContactEvent(
        when=when,
        channel=draw(st.sampled_from(list(Channel))),
        direction=draw(st.sampled_from(list(Direction))),
        kind=draw(st.sampled_from([k for k in EventKind if k is not EventKind.FINDING])),
        sender=draw(TEXT),
        recipients=tuple(draw(st.lists(TEXT, max_size=3))),
        content=draw(TEXT),
        attachments=tuple(draw(st.lists(TEXT, max_size=2))),
        source=SourceRef(draw(TEXT) or "chat.txt", f"line {draw(st.integers(1, 10**7))}", "a" * 64),
    )


def _unquoted(cell: str, original: str) -> str:
    return cell[1:] if cell.startswith("'") and not original.startswith("'") else cell


@settings(max_examples=150, deadline=None)
@given(st.lists(events(), min_size=1, max_size=5))
def test_rows_keep_every_text_and_escape_it(items: list[ContactEvent]) -> None:
    out_csv, out_json, out_html = io.StringIO(), io.StringIO(), io.StringIO()
    rows = RowWriter(out_csv, out_json, out_html, set())
    for number, event in enumerate(items, start=1):
        rows.write(number, event)
    rows.flush()
    read = list(csv.reader(io.StringIO(out_csv.getvalue(), newline="")))
    assert len(read) == len(items)
    data = json.loads("[" + out_json.getvalue() + "]")
    html = out_html.getvalue()
    assert html.count("<tr ") == len(items)
    for event, row, saved in zip(items, read, data, strict=True):
        assert _unquoted(row[10], event.content) == event.content
        assert saved["content"] == event.content and saved["from"] == event.sender
        assert datetime.fromisoformat(saved["when"]) == event.when.replace(microsecond=0)
        assert row[4].endswith("Z") and datetime.fromisoformat(row[4][:-1] + "+00:00") == event.when.replace(
            microsecond=0
        )
        if "<" in event.content[:2000]:  # the text is shown escaped, never as markup
            assert f"<q>{event.content[:2000]}</q>" not in html
    assert "<script" not in html.lower() or "&lt;script" in html.lower()


@given(TEXT)
def test_no_cell_starts_like_a_formula(value: str) -> None:
    cell = csv_cell(value)
    assert cell.endswith(value)
    if cell and cell[0] in "=@\t\r":
        raise AssertionError(cell)
    if cell[:1] in ("+", "-"):
        assert all(c.isdigit() or c in " ()-" for c in cell[1:])


@settings(max_examples=150, deadline=None)
@given(st.lists(events(), min_size=1, max_size=6), st.booleans())
def test_rows_are_written_as_before(items: list[ContactEvent], flag_first: bool) -> None:
    """The faster writer writes exactly what the one before it wrote, for any events."""
    threats = {(items[0].source.file, items[0].source.locator)} if flag_first else set()
    now = io.StringIO(), io.StringIO(), io.StringIO()
    before = io.StringIO(), io.StringIO(), io.StringIO()
    rows = RowWriter(now[0], now[1], now[2], threats)
    old = rows_before.RowWriter(csv.writer(before[0], lineterminator="\r\n"), before[1], before[2], threats)
    for number, event in enumerate(items * 2, start=1):  # each twice: the second time from what was kept
        rows.write(number, event)
        old.write(number, event)
    rows.flush()
    old.flush()
    assert [out.getvalue() for out in now] == [out.getvalue() for out in before]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            TEXT,
            TEXT,
            st.none() | st.datetimes(timezones=ZONES),
            st.none() | st.integers(0, 10**9),
        ),
        max_size=4,
    )
)
def test_the_threats_list_is_written_as_json_writes_it(
    items: list[tuple[str, str, datetime | None, int | None]],
) -> None:
    from checks.timeline.output import page
    from checks.timeline.output.write import Reference, _write_threats

    threats = [Reference(*item) for item in items]
    out = io.StringIO()
    _write_threats(threats, out)
    listed = [page.threat_item(t) for t in threats]
    assert out.getvalue() == json.dumps(listed, indent=2, ensure_ascii=False).replace("\n", "\n    ")
