"""memo_rows reads every CSV record exactly as the csv module does, while building each distinct rest once;
a record that only the csv module's lax mode reads (a quote in an odd place) is built from [] as unread."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.sessions.sources.csv_stream import memo_rows

CELLS = st.sampled_from(
    [
        "",
        "a",
        "2026-11-01 08:00:00 UTC",
        '"q"',
        '"a,b"',
        'x"y',
        '"two\nlines"',
        '""',
        '"a""b"',
        " ",
        "\r",
        '"',
        "é",
    ]
)


def by_csv(text: str, column: int) -> list[tuple[str, tuple[str, ...]]]:
    """Each record as the csv module reads it, or ("", ()) where its strict mode refuses the record's lines."""
    consumed: list[str] = []

    def feed() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            consumed.append(line)
            yield line

    reader = csv.reader(feed())
    found: list[tuple[str, tuple[str, ...]]] = []
    while True:
        consumed.clear()
        row = next(reader, None)
        if row is None:
            return found
        quoted = any('"' in line for line in consumed)
        if not any(row) and not quoted:
            continue
        try:
            strict = len(list(csv.reader(consumed, strict=True))) <= 1
        except csv.Error:
            strict = False
        if not any(row) and strict:
            continue  # blank: "" is an empty cell; a quote never closed is no blank line
        cell = row[column] if len(row) > column else ""
        found.append((cell, tuple(row[:column] + row[column + 1 :])) if strict else ("", ()))


def by_memo(text: str, column: int, calls: list[int] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    def rest(row: list[str]) -> tuple[str, ...]:
        if calls is not None:
            calls.append(1)
        return tuple(row[:column] + row[column + 1 :])

    return list(memo_rows(io.StringIO(text, newline=""), ",", column, rest))


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(CELLS, max_size=5), max_size=8),
    column=st.integers(0, 2),
    ending=st.sampled_from(["\n", "\r\n"]),
)
def test_any_text_reads_as_the_csv_module_reads_it(rows, column, ending):
    text = "".join(",".join(row) + ending for row in rows)
    assert by_memo(text, column) == by_csv(text, column)
    assert by_memo(text.rstrip("\r\n"), column) == by_csv(text.rstrip("\r\n"), column)


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=',"\r\na b', max_size=60), column=st.integers(0, 2))
def test_any_characters_read_as_the_csv_module_reads_them(text, column):
    assert by_memo(text, column) == by_csv(text, column)


def test_a_rest_seen_before_is_built_once():
    lines = [f'id,2026-11-01 08:0{i}:00 UTC,192.0.2.1,"Mozilla/5.0 (X11, Linux)"\n' for i in range(10)]
    calls: list[int] = []
    found = by_memo("".join(lines), 1, calls)
    assert [cell for cell, _ in found] == [f"2026-11-01 08:0{i}:00 UTC" for i in range(10)]
    assert found[0][1] == ("id", "192.0.2.1", "Mozilla/5.0 (X11, Linux)") and len(calls) == 1


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(CELLS, max_size=5), max_size=8), column=st.integers(0, 2))
def test_well_formed_text_reads_exactly_as_the_csv_module_reads_it(rows, column):
    text = "".join(",".join(row) + "\r\n" for row in rows)
    try:
        list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return
    expected = [r for r in csv.reader(io.StringIO(text, newline="")) if any(r)]
    assert by_memo(text, column) == [
        (r[column] if len(r) > column else "", tuple(r[:column] + r[column + 1 :])) for r in expected
    ]


def test_a_stray_quote_inside_a_quoted_cell_is_an_unread_record():
    text = 'id,time,agent\r\n1,2026-11-01 08:00:00 UTC,"Mozilla "X" 5"\r\n2,2026-11-02 08:00:00 UTC,"ok"\r\n'
    assert by_memo(text, 1) == [("time", ("id", "agent")), ("", ()), ("2026-11-02 08:00:00 UTC", ("2", "ok"))]
