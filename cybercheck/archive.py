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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO

from cybercheck import digests
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

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
        unreadable_names: set[int] = set()
        try:
            try:
                self._zip = zipfile.ZipFile(self.path)
            except UnicodeDecodeError:  # a member name marked UTF-8 that is not: read the rest
                handle, unreadable_names = _names_as_cp437(self.path)
                self._zip = zipfile.ZipFile(handle)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise DamagedInput(
                text("cybercheck.archive-zip-unreadable", name=self.path.name),
                detail=f"{type(error).__name__}: {error}",
            ) from None
        if len(infos) > MAX_MEMBERS:
            raise DamagedInput(text("cybercheck.archive-too-many-files", name=self.path.name))
        locked = 0
        for info in infos:
            if info.is_dir():
                continue
            reason = _refuse_zip_member(info, self._nested)
            if info.header_offset in unreadable_names:
                reason = str(text("cybercheck.archive-name-unreadable"))
            locked += bool(info.flag_bits & _ENCRYPTED)
            if reason:
                self.refused.append(Refusal(info.filename, reason))
                continue
            name = _normal(info.filename)
            if name in self._names:  # the later copy is what unzipping leaves; the person is told of both
                self.refused.append(Refusal(info.filename, str(text("cybercheck.archive-duplicate"))))
            self._names[name] = info
        if locked and not self._names:
            raise DamagedInput(text("cybercheck.archive-password", name=self.path.name))

    def _index_folder(self) -> None:
        root = self.path
        for folder, dirs, files in os.walk(root, followlinks=False):
            for linked in [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
                relative = (Path(folder) / linked).relative_to(root).as_posix()
                self.refused.append(Refusal(relative, str(text("cybercheck.archive-linked-folder"))))
            dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
            for name in files:
                full = Path(folder) / name
                relative = full.relative_to(root).as_posix()
                try:
                    info = full.lstat()
                except OSError:
                    self.refused.append(Refusal(relative, str(text("cybercheck.archive-member-unreadable"))))
                    continue
                if stat.S_ISLNK(info.st_mode):
                    self.refused.append(
                        Refusal(relative, str(text("cybercheck.archive-member-link-elsewhere")))
                    )
                elif not stat.S_ISREG(info.st_mode):
                    continue
                elif info.st_size > MAX_MEMBER_BYTES:
                    self.refused.append(Refusal(relative, str(text("cybercheck.archive-member-too-large"))))
                elif relative.lower().endswith(_NESTED) and not relative.lower().endswith(self._nested):
                    self.refused.append(Refusal(relative, str(text("cybercheck.archive-member-archive"))))
                else:
                    self._names[relative] = full
                if len(self._names) > MAX_MEMBERS:
                    raise DamagedInput(text("cybercheck.archive-too-many-files", name=root.name))

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
        except RuntimeError as error:  # zipfile's way of saying "encrypted"
            raise DamagedInput(
                text("cybercheck.archive-password", name=self.path.name), detail=str(error)
            ) from None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
            raise DamagedInput(
                text("cybercheck.archive-member-damaged", name=name, export=self.path.name),
                detail=f"{type(error).__name__}: {error}",
            ) from None

    def read_bytes(self, name: str, limit: int = 256 * 1024**2) -> bytes:
        """A whole member, refused past `limit` bytes."""
        return self.read_noted(name, limit)[0]

    def read_noted(self, name: str, limit: int = 256 * 1024**2) -> tuple[bytes, Callable[[str], None]]:
        """A whole member, and what to call with its SHA-256 once a reader has worked it out.

        For a file in a folder, the report's evidence then takes that digest (cybercheck.digests)
        instead of reading and hashing the file again; for a member of a zip it does nothing.
        """
        size = self.size(name)
        if size > limit:
            raise DamagedInput(
                text("cybercheck.archive-member-too-large-whole", name=name, megabytes=size // 1024**2)
            )
        with self.open(name) as stream:
            try:
                before = os.fstat(stream.fileno()) if self._zip is None else None
                # NOTE: asked for `limit` bytes, a read sets aside that much memory first; so the size it has
                want = size + 1
                data = stream.read(want)
                if len(data) == want:  # it grew since it was listed: the rest, up to the limit, as before
                    data += stream.read(limit - size)
                after = os.fstat(stream.fileno()) if before is not None else None
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
                raise DamagedInput(
                    text("cybercheck.archive-member-cut-short", name=name, export=self.path.name),
                    detail=f"{type(error).__name__}: {error}",
                ) from None
        if before is None or after is None or len(data) != after.st_size:
            return data, _ignore
        return data, partial(digests.note, before, after)

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
                    text("cybercheck.archive-member-cut-short-lines", name=name, export=self.path.name),
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


def _ignore(_digest: str) -> None:
    """A zip member's digest is of no use to the evidence, which hashes the zip file."""


def open_export(path: Path, nested: tuple[str, ...] = ()) -> Export:
    """An Export for a zip or folder; DamagedInput for anything else or a damaged zip.

    Archives inside it are refused, except those ending in one of `nested` (an acquisition's
    ".apk" app files), which are read as plain files.
    """
    if not path.exists():
        raise DamagedInput(text("cybercheck.export-not-found", path=path))
    if not path.is_dir() and not zipfile.is_zipfile(path):
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


_ENCRYPTED = 0x1
_UTF8_NAME = 0x800
_LINK = 0o120000


def _refuse_zip_member(info: zipfile.ZipInfo, nested: tuple[str, ...] = ()) -> str | None:
    name = info.filename.replace("\\", "/")
    if info.flag_bits & _ENCRYPTED:
        return str(text("cybercheck.archive-member-password"))
    if info.create_system == 3 and (info.external_attr >> 16) & 0o170000 == _LINK:
        return str(text("cybercheck.archive-member-link"))
    parts = PurePosixPath(name).parts
    if name.startswith("/") or ".." in parts or (len(name) > 1 and name[1] == ":"):
        return str(text("cybercheck.archive-member-outside"))
    if info.file_size > MAX_MEMBER_BYTES:
        return str(text("cybercheck.archive-member-too-large"))
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024**2:
        return str(text("cybercheck.archive-member-bomb"))
    if name.lower().endswith(_NESTED) and not name.lower().endswith(nested):
        return str(text("cybercheck.archive-member-archive"))
    return None


class _Limited(io.RawIOBase):
    """A zip member stream that stops at the size the zip declared (a lying header cannot grow it)."""

    def __init__(self, inner: IO[bytes], declared: int, name: str) -> None:
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
                text("cybercheck.archive-member-cut-short-read", name=self._name),
                detail=f"{type(error).__name__}: {error}",
            ) from None
        view[: len(chunk)] = chunk
        self._left -= len(chunk)
        return len(chunk)

    def close(self) -> None:
        self._inner.close()
        super().close()


def _names_as_cp437(path: Path) -> tuple[io.BufferedReader, set[int]]:
    """The zip with each member name that claims to be UTF-8 but is not read as cp437 instead.

    Returns a file object that shows the patched directory, and the local header offsets of the
    members whose names were patched (zipfile reports them as each ZipInfo's header_offset).
    """
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - 65557))
        tail = handle.read()
        end = tail.rfind(b"PK\x05\x06")
        if end < 0 or end + 22 > len(tail):
            raise zipfile.BadZipFile("no end of central directory")
        directory_size = int.from_bytes(tail[end + 12 : end + 16], "little")
        directory_at = int.from_bytes(tail[end + 16 : end + 20], "little")
        if directory_size > 64 * 1024**2:
            raise zipfile.BadZipFile("central directory too large")
        handle.seek(directory_at)
        directory = bytearray(handle.read(directory_size))
    patched: set[int] = set()
    at = 0
    while at + 46 <= len(directory) and directory[at : at + 4] == b"PK\x01\x02":
        flags = int.from_bytes(directory[at + 8 : at + 10], "little")
        lengths = [int.from_bytes(directory[at + i : at + i + 2], "little") for i in (28, 30, 32)]
        name = bytes(directory[at + 46 : at + 46 + lengths[0]])
        if flags & _UTF8_NAME:
            try:
                name.decode("utf-8")
            except UnicodeDecodeError:
                directory[at + 9] &= ~(_UTF8_NAME >> 8) & 0xFF
                patched.add(int.from_bytes(directory[at + 42 : at + 46], "little"))
        at += 46 + sum(lengths)
    return io.BufferedReader(_Patched(path, directory_at, bytes(directory))), patched


class _Patched(io.RawIOBase):
    """A file read as it is, except for one region shown with other bytes."""

    def __init__(self, path: Path, at: int, replacement: bytes) -> None:
        self._file = path.open("rb")
        self._at = at
        self._replacement = replacement
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self._position = self._file.seek(offset, whence)
        return self._position

    def tell(self) -> int:
        return self._position

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]  # io.RawIOBase takes any writable buffer
        self._file.seek(self._position)
        data = bytearray(self._file.read(len(buffer)))
        start, end = self._position, self._position + len(data)
        low, high = max(start, self._at), min(end, self._at + len(self._replacement))
        if low < high:
            data[low - start : high - start] = self._replacement[low - self._at : high - self._at]
        memoryview(buffer)[: len(data)] = data
        self._position = end
        return len(data)

    def close(self) -> None:
        self._file.close()
        super().close()
