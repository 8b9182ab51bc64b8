"""CSV records as the csv module reads them, each with whether its lines are well-formed CSV.

The csv module's default (lax) mode reads a quote in an odd place without complaint: a stray quote
inside a quoted cell, text after a closing quote, or a quoted cell left open at the end of the file.
Damage like that runs cells, or whole records, together; a reader of outside data should not take
such a record as it came out.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator


def well_formed(lines: list[str], delimiter: str) -> bool:
    """Whether the lines one record was read from are exactly one record to csv's strict mode."""
    if not any('"' in line for line in lines):
        return True
    try:
        return len(list(csv.reader(lines, delimiter=delimiter, strict=True))) <= 1
    except csv.Error:
        return False


def records(lines: Iterable[str], delimiter: str) -> Iterator[tuple[list[str], bool]]:
    """Each record of CSV text (lines as read with newline=""), and whether it is well-formed; csv.Error
    as the csv module raises it (a cell past its field limit)."""
    consumed: list[str] = []

    def feed() -> Iterator[str]:
        for line in lines:
            consumed.append(line)
            yield line

    reader = csv.reader(feed(), delimiter=delimiter)
    while True:
        consumed.clear()
        row = next(reader, None)
        if row is None:
            return
        yield row, well_formed(consumed, delimiter)
