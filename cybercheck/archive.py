"""Reads data exports in place, whether a zip or an unpacked folder, refusing hostile archives.

Nothing is ever extracted to disk. Members whose names try to leave the archive, absurd
compression ratios, archives inside archives and enormous members are refused with a plain
message; the rest of the archive stays readable.
"""

from __future__ import annotations

import io
import os
import posixpath
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from cybercheck.errors import DamagedInput

MAX_MEMBER_BYTES = 2 * 1024**3  # one file inside an export
MAX_RATIO = 200  # uncompressed size over compressed size
MAX_MEMBERS = 200_000
_NESTED = (".zip", ".jar", ".apk", ".tar", ".tgz", ".gz", ".7z", ".rar")


@dataclass(frozen=True, slots=True)
class Refusal:
    """A member that was not read, and why, in plain words."""

    name: str
    reason: str


class Export:
    """A zip file or a folder, read the same way: member names use "/" and are relative."""

    def __init__(self, path: Path, nested: tuple[str, ...] = ()) -> None:
        self.path = path
        self._nested = tuple(n.lower() for n in nested)  # archive endings read as files (".apk")
        self.refused: list[Refusal] = []
        self._zip: zipfile.ZipFile | None = None
        self._names: dict[str, zipfile.ZipInfo | Path] = {}
        if path.is_dir():
            self._index_folder()
        else:
            self._index_zip()

    # --- opening ------------------------------------------------------------------------
    def _index_zip(self) -> None:
        try:
            self._zip = zipfile.ZipFile(self.path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise DamagedInput(
                f"{self.path.name} is not a readable zip file; it may be damaged or only partly downloaded. "
                "Download the export again, or unpack it and give the folder instead.",
                detail=f"{type(error).__name__}: {error}",
            ) from None
        if len(infos) > MAX_MEMBERS:
            raise DamagedInput(
                f"{self.path.name} holds far more files than any data export, so it was not read."
            )
        for info in infos:
            if info.is_dir():
                continue
            reason = _refuse_zip_member(info, self._nested)
            if reason:
                self.refused.append(Refusal(info.filename, reason))
                continue
            self._names.setdefault(_normal(info.filename), info)

    def _index_folder(self) -> None:
        root = self.path
        for folder, dirs, files in os.walk(root, followlinks=False):
            dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
            for name in files:
                full = Path(folder) / name
                relative = full.relative_to(root).as_posix()
                try:
                    info = full.lstat()
                except OSError:
                    self.refused.append(Refusal(relative, "it could not be read"))
                    continue
                if stat.S_ISLNK(info.st_mode):
                    self.refused.append(Refusal(relative, "it is a link to somewhere else"))
                elif not stat.S_ISREG(info.st_mode):
                    continue
                elif info.st_size > MAX_MEMBER_BYTES:
                    self.refused.append(Refusal(relative, "it is far larger than any file in a data export"))
                elif relative.lower().endswith(_NESTED) and not relative.lower().endswith(self._nested):
                    self.refused.append(Refusal(relative, "it is an archive inside the export"))
                else:
                    self._names[relative] = full
                if len(self._names) > MAX_MEMBERS:
                    raise DamagedInput(
                        f"{root.name} holds far more files than any data export, so it was not read."
                    )

    # --- reading ------------------------------------------------------------------------
    def names(self) -> list[str]:
        """Every readable member, as relative "/" paths."""
        return sorted(self._names)

    def find(self, *suffixes: str) -> list[str]:
        """Members whose path ends with one of `suffixes` (case-insensitive)."""
        lowered = tuple(s.lower() for s in suffixes)
        return [n for n in self.names() if n.lower().endswith(lowered)]

    def size(self, name: str) -> int:
        """The uncompressed size of a member."""
        item = self._names[name]
        return item.file_size if isinstance(item, zipfile.ZipInfo) else item.stat().st_size

    def open(self, name: str) -> IO[bytes]:
        """A binary stream of one member; DamagedInput if it cannot be read."""
        item = self._names[name]
        try:
            if isinstance(item, zipfile.ZipInfo):
                assert self._zip is not None
                return io.BufferedReader(_Limited(self._zip.open(item), item.file_size, name))
            return item.open("rb")
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            raise DamagedInput(
                f"{name} inside {self.path.name} could not be read; the export may be damaged.",
                detail=f"{type(error).__name__}: {error}",
            ) from None

    def read_bytes(self, name: str, limit: int = 256 * 1024**2) -> bytes:
        """A whole member, refused past `limit` bytes."""
        if self.size(name) > limit:
            raise DamagedInput(f"{name} is too large to read whole ({self.size(name) // 1024**2} MB).")
        with self.open(name) as stream:
            try:
                return stream.read(limit + 1)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
                raise DamagedInput(
                    f"{name} inside {self.path.name} is damaged or cut short, so it was not read.",
                    detail=f"{type(error).__name__}: {error}",
                ) from None

    def read_text(self, name: str, limit: int = 256 * 1024**2) -> str:
        """A whole member as text (UTF-8, a BOM allowed; other bytes replaced)."""
        return self.read_bytes(name, limit).decode("utf-8-sig", errors="replace")

    def text_lines(self, name: str) -> Iterator[str]:
        """A member's lines, streamed, without loading it whole."""
        with self.open(name) as stream:
            wrapper = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
            try:
                yield from wrapper
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
                raise DamagedInput(
                    f"{name} inside {self.path.name} is damaged or cut short; only its first part was read.",
                    detail=f"{type(error).__name__}: {error}",
                ) from None

    def close(self) -> None:
        """Close the zip file, if any."""
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> Export:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_export(path: Path, nested: tuple[str, ...] = ()) -> Export:
    """An Export for a zip or folder; DamagedInput for anything else or a damaged zip.

    Archives inside it are refused, except those ending in one of `nested` (an acquisition's
    ".apk" app files), which are read as plain files.
    """
    if not path.exists():
        raise DamagedInput(f"{path} was not found.")
    if not path.is_dir() and not zipfile.is_zipfile(path):
        from cybercheck.pipeline.words import text

        if _starts_like_a_zip(path):
            raise DamagedInput(text("cybercheck.export-zip-damaged", name=path.name))
        # NOTE: a single file (one JSON of the export, another program's file) is not damaged: say what to give.
        raise DamagedInput(text("cybercheck.export-not-zip-or-folder", name=path.name))
    return Export(path, nested)


def _starts_like_a_zip(path: Path) -> bool:
    """Whether a file begins as a zip does (a cut-short or damaged download still does)."""
    try:
        with path.open("rb") as handle:
            return handle.read(4) in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
    except OSError:
        return False


def _normal(name: str) -> str:
    return posixpath.normpath(name.replace("\\", "/")).lstrip("/")


def _refuse_zip_member(info: zipfile.ZipInfo, nested: tuple[str, ...] = ()) -> str | None:
    name = info.filename.replace("\\", "/")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or ".." in parts or (len(name) > 1 and name[1] == ":"):
        return "its name tries to reach outside the export"
    if info.file_size > MAX_MEMBER_BYTES:
        return "it is far larger than any file in a data export"
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024**2:
        return "it is compressed far more than real data can be (a 'zip bomb')"
    if name.lower().endswith(_NESTED) and not name.lower().endswith(nested):
        return "it is an archive inside the export"
    return None


class _Limited(io.RawIOBase):
    """A zip member stream that stops at the size the zip declared (a lying header cannot grow it)."""

    def __init__(self, inner: IO[bytes], declared: int, name: str = "this file") -> None:
        self._inner = inner
        self._left = declared
        self._name = name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]  # io.RawIOBase takes any writable buffer
        if self._left <= 0:
            return 0
        view = memoryview(buffer)[: min(len(buffer), self._left)]
        try:
            chunk = self._inner.read(len(view))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
            # NOTE: a cut-short or corrupted member fails here, mid-read, wherever the caller is.
            raise DamagedInput(
                f"{self._name} is damaged or cut short, so only its first part was read.",
                detail=f"{type(error).__name__}: {error}",
            ) from None
        view[: len(chunk)] = chunk
        self._left -= len(chunk)
        return len(chunk)

    def close(self) -> None:
        self._inner.close()
        super().close()
