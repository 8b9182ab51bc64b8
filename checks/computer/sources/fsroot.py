"""Reads a computer's files safely: the live system, or a copied filesystem given with --input root=DIR.

Everything is read-only and bounded. On a copied filesystem no link is ever followed (a link
there points into the computer doing the checking, or round in a loop); folders with
absurdly many entries are cut short; pipes, devices and huge files are never opened. Each
thing that could not be read becomes a plain sentence in `problems`, so the check can say
what it could not examine.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from cybercheck.pipeline.words import text

MAX_ENTRIES = 5000  # per folder
MAX_READ = 8 * 1024**2  # per file, unless the caller allows more
MAX_PROBLEMS = 40


class FileRoot:
    """A filesystem root; paths are given relative to it with "/" ("etc/passwd")."""

    def __init__(self, base: Path, *, copied: bool) -> None:
        self.base = base
        self.copied = copied
        self.problems: list[str] = []
        self.prefix = "/"  # how paths start on that computer; "C:/" for Windows
        self._said: set[str] = set()

    # --- problems ------------------------------------------------------------------------
    def problem(self, said: str) -> None:
        """Record, once, something that could not be read."""
        if said in self._said:
            return
        self._said.add(said)
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(said)
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(text("computer.more-problems"))

    def shown(self, rel: str) -> str:
        """How a path is named to people: as it is on that computer ("/etc/passwd", "C:/Users/...")."""
        return self.prefix + rel.strip("/")

    # --- looking -------------------------------------------------------------------------
    def _path(self, rel: str) -> Path | None:
        parts = PurePosixPath(rel.strip("/")).parts
        if ".." in parts:
            return None
        path = self.base.joinpath(*parts)
        if not self.copied:
            return path
        current = self.base
        for part in parts[:-1]:
            current = current / part
            try:
                if stat.S_ISLNK(current.lstat().st_mode):
                    self.problem(
                        text("computer.path-is-link", path=self.shown(str(current.relative_to(self.base))))
                    )
                    return None
            except OSError:
                return None
        return path

    def _stat(self, rel: str) -> os.stat_result | None:
        path = self._path(rel)
        if path is None:
            return None
        try:
            return path.lstat() if self.copied else path.stat()
        except FileNotFoundError:
            return None
        except PermissionError as error:
            blocked = self._blocked(rel)
            if blocked is not None:
                self.problem(text("computer.folder-unopened", path=self.shown(blocked), why=_why(error)))
            else:
                self.problem(text("computer.path-unexaminable", path=self.shown(rel), why=_why(error)))
            return None
        except OSError as error:
            self.problem(text("computer.path-unexaminable", path=self.shown(rel), why=_why(error)))
            return None

    def _blocked(self, rel: str) -> str | None:
        """The outermost folder on the way to `rel` that cannot be opened."""
        parts = PurePosixPath(rel.strip("/")).parts
        for end in range(1, len(parts)):
            prefix = "/".join(parts[:end])
            try:
                os.listdir(self.base.joinpath(*parts[:end]))
            except PermissionError:
                return prefix
            except OSError:
                return None
        return None

    def exists(self, rel: str) -> bool:
        """Whether anything (even a link) is at `rel`."""
        path = self._path(rel)
        return path is not None and os.path.lexists(path)

    def is_dir(self, rel: str) -> bool:
        """Whether `rel` is a real folder (on a copied disk, not a link to one)."""
        info = self._stat(rel)
        return info is not None and stat.S_ISDIR(info.st_mode)

    def is_file(self, rel: str) -> bool:
        """Whether `rel` is an ordinary file."""
        info = self._stat(rel)
        return info is not None and stat.S_ISREG(info.st_mode)

    def names(self, rel: str) -> list[str]:
        """The names in folder `rel`, sorted; [] when it is absent or unreadable (recorded as a problem)."""
        path = self._path(rel)
        if path is None or not self.is_dir(rel):
            return []
        names: list[str] = []
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    if len(names) >= MAX_ENTRIES:
                        self.problem(
                            text("computer.folder-too-full", path=self.shown(rel), count=MAX_ENTRIES)
                        )
                        break
                    names.append(entry.name)
        except OSError as error:
            self.problem(text("computer.folder-unopened", path=self.shown(rel), why=_why(error)))
        return sorted(names)

    def folders(self, rel: str) -> list[str]:
        """The sub-folders of `rel` (relative paths); on a copied disk, links are noted and skipped."""
        found = []
        for name in self.names(rel):
            child = f"{rel.rstrip('/')}/{name}" if rel.strip("/") else name
            info = self._stat(child)
            if info is not None and stat.S_ISLNK(info.st_mode):
                self.problem(text("computer.path-is-link", path=self.shown(child)))
            elif info is not None and stat.S_ISDIR(info.st_mode):
                found.append(child)
        return found

    def files(self, rel: str, *suffixes: str, quiet_links: bool = False) -> list[str]:
        """The ordinary files in `rel` ending with one of `suffixes` (any, when none given).

        Links are skipped; each is recorded as a problem unless `quiet_links` (where links are normal).
        """
        lowered = tuple(s.lower() for s in suffixes)
        found = []
        for name in self.names(rel):
            child = f"{rel.rstrip('/')}/{name}" if rel.strip("/") else name
            if lowered and not name.lower().endswith(lowered):
                continue
            info = self._stat(child)
            if info is not None and stat.S_ISLNK(info.st_mode):
                if not quiet_links:
                    self.problem(text("computer.path-is-link", path=self.shown(child)))
            elif info is not None and stat.S_ISREG(info.st_mode):
                found.append(child)
        return found

    def readlink(self, rel: str) -> str | None:
        """Where a link points, as written; None when `rel` is not a link."""
        path = self._path(rel)
        try:
            return os.readlink(path) if path is not None else None
        except OSError:
            return None

    # --- reading -------------------------------------------------------------------------
    def read(self, rel: str, limit: int = MAX_READ) -> bytes | None:
        """A file's bytes; None (with a problem recorded) for links, pipes, huge or unreadable files."""
        info = self._stat(rel)
        if info is None:
            return None
        if stat.S_ISLNK(info.st_mode):
            self.problem(text("computer.path-is-link", path=self.shown(rel)))
            return None
        if not stat.S_ISREG(info.st_mode):
            self.problem(text("computer.path-not-a-file", path=self.shown(rel)))
            return None
        if info.st_size > limit:
            self.problem(
                text("computer.file-too-large", path=self.shown(rel), megabytes=info.st_size // 1024**2)
            )
            return None
        path = self._path(rel)
        assert path is not None
        try:
            flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
            if self.copied:
                flags |= getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(path, flags)
            with os.fdopen(fd, "rb") as handle:
                return handle.read(limit + 1)[:limit]
        except OSError as error:
            self.problem(text("computer.file-unreadable", path=self.shown(rel), why=_why(error)))
            return None

    def read_text(self, rel: str, limit: int = MAX_READ) -> str | None:
        """A file as text (UTF-8, or UTF-16 when it starts with a byte-order mark)."""
        data = self.read(rel, limit)
        if data is None:
            return None
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16", errors="replace")
        return data.decode("utf-8-sig", errors="replace")


def _why(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return text("computer.permission-denied")
    if error.errno == 40 or "loop" in str(error).lower():
        return text("computer.link-loop")
    return error.strerror or type(error).__name__
