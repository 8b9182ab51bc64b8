"""An AndroidQF acquisition (a folder, or the zip AndroidQF writes), read in place into RawArtifacts.

Files used, at the top of the acquisition or one folder down (`<UUID>/...`): packages.json,
settings_{global,secure,system}.txt, getprop.txt, dumpsys.txt (the services package,
accessibility, device_policy, notification, appops and account), processes.json (or ps.txt /
processes.txt), root_binaries.json and acquisition.json. A damaged file becomes a gap; the
rest is still read.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path, PurePosixPath

from checks.android.artifacts import RawArtifacts
from checks.android.parsers.dumpsys import split_sections
from checks.android.parsers.packages import parse_packages_json
from checks.android.parsers.processes import parse_processes_json
from cybercheck.archive import Export, open_export
from cybercheck.errors import DamagedInput

DUMPSYS_SERVICES = {"package", "accessibility", "device_policy", "notification", "appops", "account"}
KNOWN = ("packages.json", "getprop.txt", "dumpsys.txt", "settings_secure.txt", "settings_global.txt")
_SKIP_FOLDERS = {"apks", "tmp", "logs", "intrusion_logs"}


def read_androidqf(path: Path) -> RawArtifacts:
    """Read an acquisition; DamagedInput when it is not one (or is still encrypted)."""
    if path.name.lower().endswith(".age"):
        raise DamagedInput(
            f"{path.name} is an encrypted AndroidQF acquisition. Whoever holds its key can decrypt it "
            f"(age --decrypt -i KEY -o acquisition.zip {path.name}); then give the zip file."
        )
    with open_export(path) as export:
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
    if not any(member(export, name) for name in KNOWN):
        raise DamagedInput(
            f"{export.path.name} does not look like an AndroidQF acquisition: it has no packages.json, "
            "getprop.txt or dumpsys.txt. Give the folder or zip file AndroidQF made."
        )
    gaps = [f"{r.name} was not read because {r.reason}." for r in export.refused if _matters(r.name)]
    texts: dict[str, str] = {}

    def text(name: str) -> str | None:
        found = member(export, name)
        if found is None:
            return None
        try:
            return export.read_text(found)
        except DamagedInput as error:
            gaps.append(error.plain)
            return None

    def json_file(name: str) -> object | None:
        raw = text(name)
        if raw is None:
            return None
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            gaps.append(f"{name} in the acquisition is damaged (it is not readable JSON), so it was not used.")
            return None

    for name, file in (("getprop", "getprop.txt"), ("settings_global", "settings_global.txt"),
                       ("settings_secure", "settings_secure.txt"), ("settings_system", "settings_system.txt")):
        value = text(file)
        if value is not None:
            texts[name] = value
    dumpsys = member(export, "dumpsys.txt")
    if dumpsys is not None:
        try:
            sections = split_sections(export.text_lines(dumpsys), DUMPSYS_SERVICES)
        except DamagedInput as error:
            gaps.append(error.plain)
            sections = {}
        for service, body in sections.items():
            texts[f"dumpsys_{service}"] = body
    ps = text("ps.txt") or text("processes.txt")
    if ps is not None:
        texts["ps"] = ps

    packages = json_file("packages.json")
    qf_packages = tuple(parse_packages_json(packages)) if packages is not None else None
    if packages is not None and not isinstance(packages, list):
        gaps.append("packages.json in the acquisition is not a list of apps, so it was not used.")
        qf_packages = None
    processes = json_file("processes.json")
    roots = json_file("root_binaries.json")
    root_binaries = tuple(p.strip() for p in roots if isinstance(p, str) and p.strip()) if isinstance(roots, list) else None
    info = json_file("acquisition.json")
    return RawArtifacts(
        source=f"AndroidQF acquisition {export.path.name}",
        texts=texts,
        qf_packages=qf_packages,
        processes=tuple(parse_processes_json(processes)) if isinstance(processes, list) else None,
        root_binaries=root_binaries,
        user_certificates=None,
        gaps=tuple(gaps),
        collected=_when(info),
    )


def _matters(name: str) -> bool:
    return PurePosixPath(name).name in (*KNOWN, "processes.json", "root_binaries.json", "settings_system.txt")


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
