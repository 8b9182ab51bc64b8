"""Saving a report: a temporary file beside the target, then a rename, so no half-written file is left.

A report is never written over an existing file unless the caller says so (`overwrite=True`,
which the CLI passes only when someone at a terminal agreed): otherwise it takes the next free
name, "report (2).html", and the path it was saved at is returned.

The temporary file must sit in the target's own folder for the rename to be atomic. If the
process is killed while writing, it would stay there; so each save first notes where its
temporary file is (in cybercheck's own data folder), and every later save clears the copies
left by saves whose process is gone.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

UNFINISHED = "unfinished-saves"
MARK = ".cybercheck-unfinished-"  # in the temporary file's name, so that anyone who sees it knows what it is


def save_atomically(path: Path, data: bytes, *, overwrite: bool = True) -> Path:
    """Write `data` to `path` all at once; on any failure nothing is left at `path` or beside it.

    With `overwrite=False` an existing file is kept and the data goes to the next free name
    (`free_name`), placed so that a file appearing meanwhile is not written over either.
    Returns where the data was saved.
    """
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
        if overwrite:
            os.replace(temporary, path)
        else:
            path = _place_new(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        note.unlink(missing_ok=True)
    return path


def free_name(path: Path, taken: Callable[[Path], bool] = os.path.lexists) -> Path:
    """`path` if nothing is there, else "name (2).ext", "name (3).ext" ... (all endings kept: "r (2).html.zip")."""
    if not taken(path):
        return path
    name = path.name
    dot = name.find(".", 1)
    stem, endings = (name[:dot], name[dot:]) if dot > 0 else (name, "")
    number = 2
    while taken(candidate := path.with_name(f"{stem} ({number}){endings}")):
        number += 1
    return candidate


def _place_new(temporary: Path, wanted: Path) -> Path:
    """Move the finished temporary file to the first free name from `wanted`, never replacing a file."""
    for _ in range(1000):
        target = free_name(wanted)
        try:
            os.link(temporary, target)  # fails if the name was taken meanwhile: nothing is replaced
        except FileExistsError:
            continue
        except OSError:
            # A file system without hard links: Windows' rename refuses an existing name; elsewhere a
            # last look is the best there is.
            if os.name != "nt" and os.path.lexists(target):
                continue
            try:
                os.rename(temporary, target)
            except FileExistsError:
                continue
            return target
        temporary.unlink()
        return target
    raise FileExistsError(str(wanted))


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
