"""Opens an iPhone backup folder (Finder, iTunes or idevicebackup2) and reads its files in place.

Layout (the same from all three tools): Info.plist, Manifest.plist, Status.plist and the
SQLite index Manifest.db (table Files: fileID, domain, relativePath, flags, file) at the
top; each backed-up file stored as <fileID[:2]>/<fileID>, where fileID is the SHA-1 of
"domain-relativePath". In an encrypted backup Manifest.db and every stored file are
encrypted; Info.plist, Manifest.plist and Status.plist are not. Nothing is written to disk.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from checks.ios.records import BackupFile
from checks.ios.sources.plists import load_dict
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

MAX_FILE_BYTES = 64 * 1024**2  # one file read from inside the backup (profiles are a few kB)
MAX_MANIFEST_BYTES = 1024**3  # an encrypted Manifest.db is decrypted in memory
_FILE_ID = re.compile(r"^[0-9a-f]{40}$")
_TOP_FILES = ("Manifest.plist", "Manifest.db", "Info.plist")


class WrongPassword(DamagedInput):
    """The password given does not open this backup."""


def find_root(path: Path) -> Path:
    """The backup folder itself, or the single backup one level down (the MobileSync/Backup folder)."""
    if not path.is_dir():
        raise DamagedInput(text("ios.not-a-folder", name=path.name))
    if any((path / name).is_file() for name in _TOP_FILES):
        return path
    try:
        inner = [
            p for p in sorted(path.iterdir()) if p.is_dir() and any((p / n).is_file() for n in _TOP_FILES)
        ]
    except OSError as error:
        raise DamagedInput(text("ios.folder-unreadable", path=path), detail=str(error)) from None
    if len(inner) == 1:
        return inner[0]
    if len(inner) > 1:
        raise DamagedInput(
            text(
                "ios.several-backups", path=path, count=len(inner), names=", ".join(p.name for p in inner[:5])
            )
        )
    raise DamagedInput(text("ios.not-a-backup", path=path))


def check_regular(path: Path, limit: int, name: str) -> None:
    """DamagedInput unless `path` is an ordinary file (not a link, device or pipe) up to `limit` bytes."""
    try:
        info = path.lstat()
    except OSError as error:
        raise DamagedInput(text("ios.file-unreadable", name=name), detail=str(error)) from None
    if stat.S_ISLNK(info.st_mode):
        raise DamagedInput(text("ios.file-is-link", name=name))
    if not stat.S_ISREG(info.st_mode):
        raise DamagedInput(text("ios.file-not-ordinary", name=name))
    if info.st_size > limit:
        raise DamagedInput(text("ios.file-too-large-mb", name=name, mb=info.st_size // 1024**2))


def read_regular(path: Path, limit: int, name: str) -> bytes:
    """A regular file's bytes, refusing links, devices, pipes and anything past `limit`."""
    check_regular(path, limit, name)
    try:
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as error:
        raise DamagedInput(
            text("ios.file-unreadable", name=name), detail=f"{type(error).__name__}: {error}"
        ) from None


class IosBackup:
    """One backup folder. Plists are read on demand; Manifest.db is opened read-only."""

    def __init__(self, folder: Path) -> None:
        self.root = find_root(folder)
        self._keys: Any = None  # the unlocked keybag of an encrypted backup
        self._db: sqlite3.Connection | None = None

    # --- the plain plists ------------------------------------------------------------------
    def plist(self, name: str) -> dict[str, Any] | None:
        """A top-level plist (Info, Manifest, Status) as a dict; None when absent."""
        path = self.root / name
        if not os.path.lexists(path):
            return None
        return load_dict(read_regular(path, 256 * 1024**2, name), name)

    @property
    def encrypted(self) -> bool:
        """Whether Manifest.plist says the backup is encrypted."""
        manifest = self.plist("Manifest.plist") or {}
        return bool(manifest.get("IsEncrypted"))

    # --- unlocking ---------------------------------------------------------------------------
    def unlock(self, password: Secret) -> None:
        """Unlock an encrypted backup; WrongPassword or DamagedInput if it cannot be."""
        from iphone_backup_decrypt import utils

        manifest = self.plist("Manifest.plist") or {}
        keybag_bytes = manifest.get("BackupKeyBag")
        if not isinstance(keybag_bytes, bytes):
            raise DamagedInput(text("ios.no-keybag"))
        try:
            keybag = utils.BackupKeyBag(keybag_bytes)
            unlocked = keybag.unlock_with_passphrase(password.reveal().encode("utf-8"))
        except Exception as error:  # noqa: BLE001 - a damaged key bag raises many kinds
            raise DamagedInput(text("ios.keybag-damaged"), detail=type(error).__name__) from None
        if not unlocked or not keybag.unlocked:
            raise WrongPassword(text("ios.wrong-password"))
        self._keys = keybag

    # --- Manifest.db -------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if self._db is not None:
            return self._db
        path = self.root / "Manifest.db"
        if not os.path.lexists(path):
            if (self.root / "Manifest.mbdb").exists():
                raise DamagedInput(text("ios.old-format"))
            raise DamagedInput(text("ios.no-manifest-db"))
        if self._keys is None and self.encrypted:
            raise DamagedInput(text("ios.needs-password"))
        try:
            if self._keys is not None:
                self._db = self._decrypted_db(read_regular(path, MAX_MANIFEST_BYTES, "Manifest.db"))
            else:
                check_regular(path, 1 << 40, "Manifest.db")  # read in place by SQLite, so any size
                uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
                self._db = sqlite3.connect(uri, uri=True)
            self._db.execute("SELECT fileID, domain, relativePath, flags FROM Files LIMIT 1").fetchall()
            damage = self._db.execute("PRAGMA quick_check(1)").fetchone()  # pages SQLite would read past
            if damage != ("ok",):
                raise sqlite3.DatabaseError(f"quick_check: {damage}")
        except sqlite3.Error as error:
            self._db = None
            raise DamagedInput(
                text("ios.manifest-db-damaged"), detail=f"{type(error).__name__}: {error}"
            ) from None
        return self._db

    def _decrypted_db(self, data: bytes) -> sqlite3.Connection:
        import struct

        from iphone_backup_decrypt import utils

        manifest = self.plist("Manifest.plist") or {}
        wrapped = manifest.get("ManifestKey")
        if not isinstance(wrapped, bytes) or len(wrapped) < 8:
            raise DamagedInput(text("ios.no-manifest-key"))
        try:
            key = self._keys.unwrap_key_for_class(struct.unpack("<l", wrapped[:4])[0], wrapped[4:])
            plain = utils.remove_cbc_padding(utils.aes_decrypt_cbc(data=data, key=key))
        except Exception as error:  # noqa: BLE001 - a damaged key or database raises many kinds
            raise DamagedInput(text("ios.manifest-db-undecryptable"), detail=type(error).__name__) from None
        connection = sqlite3.connect(":memory:")
        if hasattr(connection, "deserialize"):
            connection.deserialize(plain)  # NOTE: kept in memory only (Python 3.11+)
            return connection
        return _via_private_file(plain)  # pragma: no cover - Python 3.10

    def files(self, *, domain: str | None = None, path_like: str | None = None) -> Iterator[BackupFile]:
        """Rows of Manifest.db, optionally only one domain or paths matching a LIKE pattern."""
        query = "SELECT fileID, domain, relativePath, flags FROM Files"
        clauses, arguments = [], []
        if domain is not None:
            clauses.append("domain = ?")
            arguments.append(domain)
        if path_like is not None:
            clauses.append("relativePath LIKE ?")
            arguments.append(path_like)
        if clauses:
            query += " WHERE " + " AND ".join(clauses)
        try:
            for file_id, row_domain, relative, flags in self._connect().execute(query, arguments):
                yield BackupFile(str(file_id), str(row_domain or ""), str(relative or ""), _int(flags))
        except sqlite3.Error as error:
            raise DamagedInput(text("ios.manifest-db-damaged-part-way"), detail=str(error)) from None

    def read(self, file: BackupFile, limit: int = MAX_FILE_BYTES) -> bytes:
        """The content of one backed-up file (decrypted when the backup is encrypted)."""
        if not _FILE_ID.match(file.file_id):
            raise DamagedInput(text("ios.impossible-name", where=file.where))
        stored = self.root / file.file_id[:2] / file.file_id
        if not os.path.lexists(stored):
            raise DamagedInput(text("ios.copy-missing", where=file.where))
        data = read_regular(stored, limit, file.where)
        if self._keys is None:
            return data
        return self._decrypt(file, data)

    def _decrypt(self, file: BackupFile, data: bytes) -> bytes:
        from iphone_backup_decrypt import utils

        try:
            row = (
                self._connect().execute("SELECT file FROM Files WHERE fileID = ?", (file.file_id,)).fetchone()
            )
            record = utils.FilePlist(row[0])
            if record.encryption_key is None:
                return data
            key = self._keys.unwrap_key_for_class(record.protection_class, record.encryption_key)
            return bytes(utils.remove_cbc_padding(utils.aes_decrypt_cbc(data=data, key=key)))
        except Exception as error:  # noqa: BLE001 - damaged records raise many kinds
            raise DamagedInput(
                text("ios.file-undecryptable", where=file.where), detail=type(error).__name__
            ) from None

    def close(self) -> None:
        """Close Manifest.db and forget the keys."""
        if self._db is not None:
            self._db.close()
            self._db = None
        self._keys = None


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload, no-any-return]
    except (TypeError, ValueError):
        return 0


def _via_private_file(plain: bytes) -> sqlite3.Connection:  # pragma: no cover - Python 3.10 only
    """Python 3.10 cannot load a database from memory: copy it into memory through a private temp file."""
    import tempfile

    folder = tempfile.mkdtemp(prefix="cybercheck-")
    path = Path(folder) / "m.db"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(plain)
        disk = sqlite3.connect(path)
        memory = sqlite3.connect(":memory:")
        disk.backup(memory)
        disk.close()
        return memory
    finally:
        path.unlink(missing_ok=True)
        os.rmdir(folder)
