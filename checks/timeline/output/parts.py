"""The record's files are written in parts (the log before the first page it counts); joining them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import IO, TextIO, cast

_COPY = 1024 * 1024


def copy_part(part: IO[str], out: IO[str]) -> None:
    """Append a part written earlier to `out`, byte for byte: both are UTF-8, so the text is not decoded
    and encoded again (hundreds of megabytes in a long record)."""
    part.flush()
    part.seek(0)
    out.flush()  # what was written as text goes first
    shutil.copyfileobj(cast(TextIO, part).buffer, cast(TextIO, out).buffer, _COPY)


def append_file(path: Path, out: IO[str]) -> None:
    """Append a UTF-8 file another process wrote to `out`, byte for byte."""
    out.flush()
    with path.open("rb") as part:
        shutil.copyfileobj(part, cast(TextIO, out).buffer, _COPY)
