"""Recognises which data exports are in a folder of downloads, without unpacking anything."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from checks.sessions.sources.facebook import facebook_files, html_only
from checks.sessions.sources.instagram import instagram_files
from checks.sessions.sources.x_archive import x_files
from cybercheck.archive import Export, open_export
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

_EXPORT_NAMES = {
    "google": "sessions.export-google",
    "facebook": "sessions.export-facebook",
    "instagram": "sessions.export-instagram",
    "x": "sessions.export-x",
}
MAX_CANDIDATES = 200


def kinds_of(export: Export) -> frozenset[str]:
    """Which providers' data an open export holds ("google", "facebook", "instagram", "x")."""
    names = [n.lower() for n in export.names()]
    found = set()
    if any(
        n.startswith("takeout/") or "access log activity/" in n or n.endswith("subscriberinfo.html")
        for n in names
    ):
        found.add("google")
    facebook = facebook_files(export)
    if facebook or html_only(export, facebook):
        found.add("facebook")
    if instagram_files(export) or any("your_instagram_activity/" in n for n in names):
        found.add("instagram")
    if x_files(export) and any(
        n.endswith(".js") and ("ip-audit" in n or "device-token" in n or "account" in n) for n in names
    ):
        found.add("x")
    if {"facebook", "instagram"} <= found:
        # NOTE: both put their files under security_and_login_information/; the export's own name tells them apart.
        lowered = export.path.name.lower()
        if "instagram" in lowered:
            found.discard("facebook")
        elif "facebook" in lowered:
            found.discard("instagram")
    return frozenset(found)


@lru_cache(maxsize=256)
def _recognised(path: str, stamp: float) -> frozenset[str] | str:
    try:
        with open_export(Path(path)) as export:
            return kinds_of(export)
    except DamagedInput as error:
        return error.plain


def export_name(kind: str) -> str:
    """What a person calls a provider's export: "Google Takeout", "X archive"."""
    return text(_EXPORT_NAMES[kind])


def recognise(path: Path) -> frozenset[str] | str:
    """What `path` (a zip or a folder) holds, or a sentence saying why it could not be opened."""
    try:
        stamp = path.stat().st_mtime
    except OSError as error:
        return text("sessions.export-unreadable", name=path.name, why=error.strerror)
    return _recognised(str(path), stamp)


def _said(name: str, kinds: frozenset[str]) -> str:
    return text(
        "sessions.export-recognised", name=name, kinds=", ".join(export_name(k) for k in sorted(kinds))
    )


def candidates(folder: Path) -> list[Path]:
    """The folder itself when it is one export, else the zips and folders directly inside it."""
    if folder.is_file():
        return [folder]
    inside = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False) or entry.name.lower().endswith(".zip"):
            inside.append(Path(entry.path))
    return inside[:MAX_CANDIDATES]


def exports_for(folder: Path, kind: str) -> tuple[list[Path], list[str], list[str]]:
    """(exports holding `kind`, what was recognised in words, sentences about unreadable ones)."""
    own = recognise(folder) if folder.is_dir() else frozenset()
    if isinstance(own, frozenset) and own:
        return ([folder] if kind in own else []), [_said(folder.name, own)], []
    chosen: list[Path] = []
    said: list[str] = []
    problems: list[str] = []
    for path in candidates(folder):
        found = recognise(path)
        if isinstance(found, str):
            problems.append(found)
        elif found:
            said.append(_said(path.name, found))
            if kind in found:
                chosen.append(path)
    return chosen, said, problems
