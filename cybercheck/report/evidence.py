"""SHA-256 of the files a report refers to, so that `report verify` can tell if one changed."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from cybercheck import digests
from cybercheck.pipeline.model import EvidenceFile

_CHUNK = 1024 * 1024


def file_sha256(path: Path) -> str:
    """The SHA-256 of one file, read in chunks, or as a reader worked it out for this very version of it."""
    noted = digests.known(path)
    if noted is not None:
        return noted
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def folder_sha256(path: Path) -> tuple[str, int]:
    """One SHA-256 over every file below `path` (relative path and content hash), and the total size."""
    digest = hashlib.sha256()
    total = 0
    for folder, dirs, files in os.walk(path, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            full = Path(folder) / name
            if full.is_symlink() or not full.is_file():
                continue
            relative = full.relative_to(path).as_posix()
            digest.update(relative.encode("utf-8", "surrogateescape") + b"\0")
            try:
                digest.update(file_sha256(full).encode() + b"\n")
                total += full.stat().st_size
            except OSError:
                digest.update(b"unreadable\n")
    return digest.hexdigest(), total


def describe(input_name: str, path: Path) -> EvidenceFile:
    """An EvidenceFile for a file or folder, hashed now."""
    if path.is_dir():
        sha, size = folder_sha256(path)
        return EvidenceFile(input_name, str(path), sha, size, kind="folder")
    return EvidenceFile(input_name, str(path), file_sha256(path), path.stat().st_size)


def hash_inputs(used: Mapping[str, Iterable[Path]]) -> tuple[EvidenceFile, ...]:
    """An EvidenceFile for every input path the checks read."""
    described = []
    for name in sorted(used):
        for path in sorted(used[name]):
            try:
                described.append(describe(name, path))
            except OSError:
                continue
    return tuple(described)


def verify(files: Iterable[EvidenceFile]) -> list[tuple[EvidenceFile, str]]:
    """Each evidence file with "unchanged", "changed" or "missing"."""
    outcome = []
    for item in files:
        path = Path(item.path)
        if not path.exists():
            outcome.append((item, "missing"))
            continue
        try:
            now = describe(item.input_name, path)
        except OSError:
            outcome.append((item, "missing"))
            continue
        outcome.append((item, "unchanged" if now.sha256 == item.sha256 else "changed"))
    return outcome
