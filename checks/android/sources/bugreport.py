"""A plain `adb bugreport` zip: its main dumpstate text holds getprop, settings and dumpsys services."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from checks.android.records import Crash, RawArtifacts
from checks.android.sources.crashes import CrashReader, tombstone
from checks.android.sources.damage import not_text
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
    "user",
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
    unreadable = str(text("cybercheck.archive-name-unreadable"))
    gaps: list[str] = [  # a name that cannot be read may be any file, a tombstone or the dumpstate text
        text("android.qf-refused", name=r.name, reason=r.reason)
        for r in export.refused
        if r.name == name or r.reason == unreadable
    ]
    properties: list[str] = []
    crashes = CrashReader()

    def lines() -> Iterator[str]:
        in_properties = False
        take = crashes.take
        for line in export.text_lines(name):
            if line.startswith("------ "):
                in_properties = line.startswith(_PROPERTIES)
            elif in_properties:
                properties.append(line)
            take(line)
            yield line

    try:
        sections = split_sections(lines(), SERVICES)
    except DamagedInput as error:
        gaps.append(error.plain)
        sections = {}
    texts = {f"dumpsys_{k}": v for k, v in sections.items() if k != "settings"}
    if properties:
        texts["getprop"] = "".join(properties)
    damaged = [n for n, body in (("getprop", "".join(properties)), *sections.items()) if not_text(body)]
    if damaged:
        gaps.append(text("android.bugreport-damaged", name=name, sections=", ".join(damaged)))
    for namespace, values in parse_dumpsys_settings(sections.get("settings", "")).items():
        texts[f"settings_{namespace}"] = "\n".join(f"{k}={v}" for k, v in values.items())
    found, tombstone_gaps = tombstones(export)
    return RawArtifacts(
        source=text("android.from-bugreport", name=export.path.name),
        texts=texts,
        settings_changed_by=parse_settings_history(sections.get("settings", "")),
        crashes=(*crashes.crashes, *found),
        gaps=(*gaps, *tombstone_gaps),
    )


TOMBSTONE_HEAD = 64 * 1024  # a tombstone names its process in its first lines


def tombstones(export: Export) -> tuple[list[Crash], list[str]]:
    """The native crashes of the tombstone files in a bug report zip (FS/data/tombstones/tombstone_NN)."""
    names = [n for n in export.names() if PurePosixPath(n).parent.name == "tombstones"]
    texts = [n for n in names if PurePosixPath(n).name.startswith("tombstone_") and not n.endswith(".pb")]
    binary_only = [n for n in names if n.endswith(".pb") and n[: -len(".pb")] not in texts]
    found: list[Crash] = []
    gaps: list[str] = []
    if binary_only:
        gaps.append(text("android.tombstones-binary", count=len(binary_only)))
    unread = 0
    for member in texts:
        try:
            with export.open(member) as stream:
                head = stream.read(TOMBSTONE_HEAD).decode("utf-8", errors="replace")
        except (DamagedInput, OSError, ValueError, EOFError):
            unread += 1
            continue
        crash = tombstone(head)
        if crash is None:
            unread += 1
        else:
            found.append(crash)
    if unread:
        gaps.append(text("android.tombstones-unread", count=unread))
    return found, gaps
