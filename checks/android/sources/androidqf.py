"""An AndroidQF acquisition (a folder, or the zip AndroidQF writes), read in place into RawArtifacts.

Files used, at the top of the acquisition or one folder down (`<UUID>/...`): packages.json,
settings_{global,secure,system}.txt, getprop.txt, dumpsys.txt (the services package,
accessibility, device_policy, notification, appops and account), processes.json (or ps.txt /
processes.txt), root_binaries.json and acquisition.json. A damaged file becomes a gap; the
rest is still read.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path, PurePosixPath

from checks.android.records import ApkScan, RawArtifacts
from checks.android.sources.damage import not_text
from checks.android.sources.dumpsys import split_text
from checks.android.sources.intrusion import intrusion_files, read_intrusion
from checks.android.sources.packages import parse_packages_json
from checks.android.sources.processes import parse_processes_json
from checks.common.json_escapes import LoneEscapes
from cybercheck.archive import Export, open_export
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

DUMPSYS_SERVICES = {
    "package",
    "accessibility",
    "device_policy",
    "notification",
    "appops",
    "account",
    "adb",
    "user",
    "dropbox",
}
KNOWN = ("packages.json", "getprop.txt", "dumpsys.txt", "settings_secure.txt", "settings_global.txt")
_SKIP_FOLDERS = {"apks", "tmp", "logs", "intrusion_logs", "intrusion-logs"}


def read_androidqf(path: Path) -> RawArtifacts:
    """Read an acquisition; DamagedInput when it is not one (or is still encrypted)."""
    if path.name.lower().endswith(".age"):
        raise DamagedInput(text("android.qf-encrypted", name=path.name))
    with open_export(path, nested=(".apk",)) as export:
        return read_export(export)


def member(export: Export, name: str) -> str | None:
    """The acquisition file `name`, at the top or one folder down; the shallowest if several."""
    found = []
    for candidate in export.names():
        parts = PurePosixPath(candidate).parts
        if parts[-1] == name and len(parts) <= 2 and not (set(parts[:-1]) & _SKIP_FOLDERS):
            found.append(candidate)
    return min(found, key=len) if found else None


def read_export(export: Export) -> RawArtifacts:
    """Read the acquisition files of an opened export."""
    if not any(member(export, name) for name in KNOWN) and not intrusion_files(export):
        raise DamagedInput(text("android.qf-not-acquisition", name=export.path.name))
    unreadable = str(text("cybercheck.archive-name-unreadable"))
    gaps: list[str] = [
        text("android.qf-refused", name=r.name, reason=r.reason)
        for r in export.refused
        if _matters(r.name) or r.reason == unreadable  # a name that cannot be read may be any file
    ]
    texts: dict[str, str] = {}

    def read(name: str) -> str | None:
        found = member(export, name)
        if found is None:
            return None
        try:
            body = export.read_text(found)
        except DamagedInput as error:
            gaps.append(error.plain)
            return None
        if not_text(body):
            gaps.append(text("android.qf-file-damaged", name=name))
        return body

    def json_file(name: str) -> object | None:
        raw = read(name)
        if raw is None:
            return None
        try:
            # A key named twice is a copy run into the text (json keeps the last value: a file's hash,
            # a package's name); the check costs about 1 ms for 400 apps.
            found: object = json.loads(raw, object_pairs_hook=_no_repeats)
            if _SURROGATE_ESCAPE.search(raw) and lone_escape(raw):
                raise ValueError(name)
        except (ValueError, RecursionError):
            gaps.append(text("android.qf-damaged-json", name=name))
            return None
        return found

    for name, file in (
        ("getprop", "getprop.txt"),
        ("settings_global", "settings_global.txt"),
        ("settings_secure", "settings_secure.txt"),
        ("settings_system", "settings_system.txt"),
    ):
        value = read(file)
        if value is not None:
            texts[name] = value
    dumpsys = read("dumpsys.txt")
    sections = split_text(dumpsys, DUMPSYS_SERVICES) if dumpsys is not None else {}
    for service, body in sections.items():
        texts[f"dumpsys_{service}"] = body
    ps = read("ps.txt") or read("processes.txt")
    if ps is not None:
        texts["ps"] = ps

    packages = json_file("packages.json")
    qf_packages = tuple(parse_packages_json(packages)) if packages is not None else None
    if packages is not None and not isinstance(packages, list):
        gaps.append(text("android.qf-packages-not-list"))
        qf_packages = None
    processes = json_file("processes.json")
    roots = json_file("root_binaries.json")
    root_binaries = (
        tuple(p.strip() for p in roots if isinstance(p, str) and p.strip())
        if isinstance(roots, list)
        else None
    )
    apks: tuple[ApkScan, ...] = ()
    if qf_packages and any(p.saved_files for p in qf_packages):
        from checks.android.sources.apks import scan_apks

        apks, apk_gaps = scan_apks(export, qf_packages)
        gaps += apk_gaps
    intrusion, intrusion_gaps = read_intrusion(export)
    gaps += intrusion_gaps
    info = json_file("acquisition.json")
    return RawArtifacts(
        source=text("android.from-androidqf", name=export.path.name),
        texts=texts,
        qf_packages=qf_packages,
        processes=tuple(parse_processes_json(processes)) if isinstance(processes, list) else None,
        root_binaries=root_binaries,
        user_certificates=None,
        apks=apks,
        intrusion=intrusion,
        gaps=tuple(gaps),
        collected=_when(info),
    )


def _matters(name: str) -> bool:
    return PurePosixPath(name).name in (
        *KNOWN,
        "processes.json",
        "root_binaries.json",
        "settings_system.txt",
        "acquisition.json",  # when the phone was read, which dates what was found
    )


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # rare: an emoji escaped as a pair, or damage


def lone_escape(raw: str) -> bool:
    """Whether JSON text holds a lone surrogate escape (json.loads takes one as text)."""
    data = raw.encode("utf-8", "surrogatepass")
    lone = LoneEscapes()
    return lone.feed(data) or lone.feed(b"")


def _no_repeats(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """An object naming each key once; a key named twice (two copies run together) is damage."""
    if len({key for key, _ in pairs}) != len(pairs):
        raise ValueError(pairs[0][0])  # caught where the file is read, and named there
    return dict(pairs)


def _when(info: object) -> datetime | None:
    if not isinstance(info, dict):
        return None
    for key in ("completed", "started"):
        value = info.get(key)
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
    return None
