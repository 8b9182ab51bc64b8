"""Saving a report: a temporary file beside the target, then a rename, so no half-written file is left."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def save_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` all at once; on any failure nothing is left at `path` or beside it."""
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
