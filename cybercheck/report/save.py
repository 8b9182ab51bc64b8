"""Saving a report: a temporary file beside the target, then a rename, so no half-written file is left.

The temporary file must sit in the target's own folder for the rename to be atomic. If the
process is killed while writing, it would stay there; so each save first notes where its
temporary file is (in cybercheck's own data folder), and every later save clears the copies
left by saves whose process is gone.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

UNFINISHED = "unfinished-saves"
MARK = ".cybercheck-unfinished-"  # in the temporary file's name, so that anyone who sees it knows what it is


def save_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` all at once; on any failure nothing is left at `path` or beside it."""
    clear_unfinished_saves()
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    temporary = folder / f".{path.name}{MARK}{os.getpid()}-{secrets.token_hex(4)}"
    note = _note(temporary)
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        note.unlink(missing_ok=True)


def _notes() -> Path:
    from cybercheck.paths import data_dir

    return data_dir() / UNFINISHED


def _note(temporary: Path) -> Path:
    """Record where a save's temporary file is, until the save ends."""
    notes = _notes()
    notes.mkdir(parents=True, exist_ok=True)
    note = notes / f"{os.getpid()}-{secrets.token_hex(6)}"
    note.write_text(str(temporary.resolve()), encoding="utf-8")
    return note


def clear_unfinished_saves() -> list[Path]:
    """Remove the temporary files of saves whose process was killed; returns what was removed."""
    notes = _notes()
    removed: list[Path] = []
    if not notes.is_dir():
        return removed
    for note in notes.iterdir():
        pid = note.name.split("-", 1)[0]
        if pid.isdigit() and _alive(int(pid)):
            continue
        try:
            left = Path(note.read_text(encoding="utf-8").strip())
        except (OSError, UnicodeDecodeError):
            left = None
        if left is not None and MARK in left.name and left.is_file():
            left.unlink(missing_ok=True)
            removed.append(left)
        note.unlink(missing_ok=True)
    return removed


def _alive(pid: int) -> bool:
    import psutil  # NOTE: os.kill(pid, 0) would end the process on Windows instead of asking about it

    return pid == os.getpid() or psutil.pid_exists(pid)
