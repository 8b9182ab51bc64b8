"""A plain `adb bugreport` zip: its main dumpstate text holds getprop, settings and dumpsys services."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from checks.android.records import RawArtifacts
from checks.android.sources.dumpsys import split_sections
from checks.android.sources.settings import parse_dumpsys_settings, parse_settings_history
from cybercheck.archive import Export
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

SERVICES = {
    "package",
    "accessibility",
    "device_policy",
    "notification",
    "appops",
    "account",
    "settings",
    "adb",
}
_PROPERTIES = "------ SYSTEM PROPERTIES"


def is_bugreport(export: Export) -> bool:
    """Whether an export looks like a bug report (main_entry.txt, or a bugreport-*.txt at the top)."""
    return main_file(export) is not None


def main_file(export: Export) -> str | None:
    """The dumpstate text a bug report is built around."""
    names = export.names()
    if "main_entry.txt" in names:
        try:
            named = export.read_text("main_entry.txt", limit=4096).strip()
        except DamagedInput:
            named = ""
        if named in names:
            return named
    top = [
        n
        for n in names
        if "/" not in n
        and PurePosixPath(n).name.startswith(("bugreport", "dumpstate"))
        and n.endswith(".txt")
    ]
    return max(top, key=export.size) if top else None


def read_bugreport(export: Export) -> RawArtifacts:
    """Read a bug report's getprop, settings and dumpsys services."""
    name = main_file(export)
    if name is None:
        raise DamagedInput(text("android.not-bugreport", name=export.path.name))
    gaps: list[str] = []
    properties: list[str] = []

    def lines() -> Iterator[str]:
        in_properties = False
        for line in export.text_lines(name):
            if line.startswith("------ "):
                in_properties = line.startswith(_PROPERTIES)
            elif in_properties:
                properties.append(line)
            yield line

    try:
        sections = split_sections(lines(), SERVICES)
    except DamagedInput as error:
        gaps.append(error.plain)
        sections = {}
    texts = {f"dumpsys_{k}": v for k, v in sections.items() if k != "settings"}
    if properties:
        texts["getprop"] = "".join(properties)
    for namespace, values in parse_dumpsys_settings(sections.get("settings", "")).items():
        texts[f"settings_{namespace}"] = "\n".join(f"{k}={v}" for k, v in values.items())
    return RawArtifacts(
        source=text("android.from-bugreport", name=export.path.name),
        texts=texts,
        settings_changed_by=parse_settings_history(sections.get("settings", "")),
        gaps=tuple(gaps),
    )
