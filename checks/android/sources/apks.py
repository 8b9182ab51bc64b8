"""App files (APKs) saved in an AndroidQF acquisition: hashed, and their code scanned with Echap's YARA rules.

Echap's rules look at an app's code: its DEX files and native libraries, inside the APK (a
zip). Without `yara-python` the files are still hashed, and the gap says the code was not scanned.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
import zipfile
from collections import deque
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from pathlib import PurePosixPath
from queue import SimpleQueue
from typing import Any

from checks.android.records import ApkScan, QfPackage
from cybercheck.archive import Export
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

CODE_SUFFIXES = (".dex", ".so")
MEMBER_LIMIT = 128 * 1024**2  # one DEX or library inside an APK
APK_LIMIT = 512 * 1024**2


@cache
def _rules() -> Any | None:
    """Echap's rules compiled, or None when yara-python is not installed."""
    try:
        import yara  # type: ignore[import-not-found,unused-ignore]  # yara-python ships no type hints
    except ImportError:
        return None
    from cybercheck.indicators.load import companion_file

    shipped = (
        resources.files("checks.android").joinpath("data", "echap-rules.yar").read_text(encoding="utf-8")
    )
    updated = companion_file("rules.yar")
    if updated is not None:
        try:
            return yara.compile(source=updated[0].read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yara.Error):
            pass  # a damaged update never hides the shipped rules
    return yara.compile(source=shipped)


def saved_file(export: Export, local_name: str) -> str | None:
    """The member an AndroidQF "local_name" names, at the top or one folder down."""
    names = export.names()
    wanted = local_name.replace("\\", "/").lstrip("/")
    if wanted in names:
        return wanted
    found = [n for n in names if n.endswith("/" + wanted) and n.count("/") <= wanted.count("/") + 1]
    return min(found, key=len) if found else None


def scan_apks(export: Export, packages: Iterable[QfPackage]) -> tuple[tuple[ApkScan, ...], list[str]]:
    """Each saved app file, hashed and scanned; the gaps say what could not be read or scanned.

    Files are read one at a time and scanned on every core (zlib, hashlib and YARA let go of
    the interpreter while they work), with at most two files per core held in memory.
    """
    rules = _rules()
    scans: list[ApkScan] = []
    gaps: list[str] = []
    workers = os.cpu_count() or 1
    pending: deque[tuple[str, str, Callable[[str], None], _Job]] = deque()

    def settle() -> None:
        package, name, remember, job = pending.popleft()
        digest, matched, readable = job.outcome()
        remember(digest)  # the report's evidence takes it rather than hashing the file again
        if not readable:
            gaps.append(text("android.apk-not-zip", package=package, name=PurePosixPath(name).name))
        scans.append(ApkScan(package, name, digest, matched, scanned=rules is not None))

    with _Workers(workers, rules) as pool:
        for package in packages:
            for local in package.saved_files:
                name = saved_file(export, local)
                if name is None:
                    gaps.append(text("android.apk-missing", package=package.name, name=local))
                    continue
                try:
                    data, remember = export.read_noted(name, limit=APK_LIMIT)
                except DamagedInput as error:
                    gaps.append(error.plain)
                    continue
                pending.append((package.name, name, remember, pool.submit(data)))
                while len(pending) > 2 * workers:
                    settle()
        while pending:
            settle()
    if scans and rules is None:
        gaps.append(text("android.apks-no-yara", count=len(scans)))
    return tuple(scans), gaps


class _Job:
    """One app file to hash and scan, and what came of it."""

    __slots__ = ("data", "done", "error", "result")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.done = threading.Event()
        self.result: tuple[str, tuple[str, ...], bool] | None = None
        self.error: BaseException | None = None

    def outcome(self) -> tuple[str, tuple[str, ...], bool]:
        """Wait for the job; what it raised is raised here."""
        self.done.wait()
        if self.error is not None:
            raise self.error
        assert self.result is not None
        return self.result


class _Workers:
    """Threads that hash and scan app files handed to them, in the order given.

    Plain threads rather than concurrent.futures, whose import (with logging) costs every run
    that reads app files 7 ms.
    """

    def __init__(self, count: int, rules: Any | None) -> None:
        self._jobs: SimpleQueue[_Job | None] = SimpleQueue()
        self._rules = rules
        self._threads = [
            threading.Thread(target=self._work, name="apk scan", daemon=True) for _ in range(count)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, data: bytes) -> _Job:
        job = _Job(data)
        self._jobs.put(job)
        return job

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job.result = _hash_and_scan(job.data, self._rules)
            except BaseException as error:  # noqa: BLE001 - raised in the reading thread, by outcome()
                job.error = error
            finally:
                job.data = b""
                job.done.set()

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, *_exc: object) -> None:
        for _ in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()


def _hash_and_scan(data: bytes, rules: Any | None) -> tuple[str, tuple[str, ...], bool]:
    """(SHA-256 of the file, the rules its code matched, whether it could be opened as an app)."""
    matched, readable = _scan(data, rules)
    return hashlib.sha256(data).hexdigest(), matched, readable


def _scan(data: bytes, rules: Any | None) -> tuple[tuple[str, ...], bool]:
    """(names of the rules matched by any DEX or library inside, whether the APK could be opened)."""
    if rules is None:
        return (), True
    matched: set[str] = set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as apk:
            for item in apk.infolist():
                if item.filename.lower().endswith(CODE_SUFFIXES) and item.file_size <= MEMBER_LIMIT:
                    matched |= {m.rule for m in rules.match(data=apk.read(item))}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
        return tuple(sorted(matched)), False
    return tuple(sorted(matched)), True
