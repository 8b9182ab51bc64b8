"""Choosing a file or folder on this computer by its path: nothing is uploaded, only named.

The page lists a folder's contents (names only; no file is opened) so that the worker can
find an export or an acquisition and choose it. The check then reads it where it is.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cybercheck.pipeline.words import text

MAX_LISTED = 500


@dataclass(frozen=True, slots=True)
class Entry:
    """One file or folder in a listing."""

    name: str
    path: str
    folder: bool
    size: int | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    """A folder's contents, folders first; `problem` says why it could not be read."""

    path: str
    parent: str | None
    entries: tuple[Entry, ...]
    more: int = 0  # entries left out past MAX_LISTED
    problem: str | None = None


def start_folders(home: Path | None = None) -> tuple[Entry, ...]:
    """Where a search for an export usually starts: home, Downloads, Desktop, Documents."""
    home = home or Path.home()
    places: list[tuple[str, Path]] = [(text("cybercheck.web-home-folder"), home)]
    places += [(name, home / name) for name in ("Downloads", "Desktop", "Documents")]
    return tuple(Entry(label, str(p), True) for label, p in places if p.is_dir())


def list_folder(raw: str, *, show_hidden: bool = False) -> Listing:
    """The contents of the folder at `raw` (a file's own folder when `raw` names a file)."""
    path = Path(raw).expanduser()
    try:
        path = path.resolve()
        if path.is_file():
            path = path.parent
        names = sorted(os.listdir(path), key=str.lower)
    except (OSError, RuntimeError, ValueError):
        return Listing(
            str(path),
            _parent(path),
            (),
            problem=text("cybercheck.web-folder-unopened"),
        )
    entries = []
    for name in names:
        if name.startswith(".") and not show_hidden:
            continue
        full = path / name
        try:
            info = full.stat()
        except OSError:
            continue
        folder = stat.S_ISDIR(info.st_mode)
        if not folder and not stat.S_ISREG(info.st_mode):
            continue
        entries.append(Entry(name, str(full), folder, None if folder else info.st_size))
    entries.sort(key=lambda e: (not e.folder, e.name.lower()))
    return Listing(
        str(path), _parent(path), tuple(entries[:MAX_LISTED]), more=max(0, len(entries) - MAX_LISTED)
    )


def _parent(path: Path) -> str | None:
    return str(path.parent) if path.parent != path else None


def checked_path(raw: str) -> tuple[str | None, str | None]:
    """The absolute path of an existing file or folder typed or chosen, or a plain problem."""
    typed = raw.strip().strip('"').strip("'")
    if not typed:
        return None, text("cybercheck.web-path-empty")
    path = Path(typed).expanduser()
    try:
        if not path.exists():
            return None, text("cybercheck.web-path-not-found", path=typed)
        return str(path.resolve()), None
    except (OSError, RuntimeError, ValueError):
        return None, text("cybercheck.web-path-unreadable", path=typed)


def size_text(size: int | None) -> str:
    """A file size as people read it."""
    if size is None:
        return ""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"
