"""Android 16's Intrusion Logging export, as AndroidQF saves it (intrusion-logs/ in an acquisition).

Each file holds one JSON object a line, keyed by the kind of event: {"dns_event": {...}},
{"connect_event": {...}} or {"security_event": {...}}. DNS events carry `hostname`,
`ip_addresses`, `package_name` and `event_time` (milliseconds since 1970); connection events
`ip_address`, `port`, `package_name` and `event_time`; addresses are written as Java prints them
("/192.0.2.1"). This is the format of MVT's sample export (tests/realworld/android/mvt-intrusion-logs). Lines that are not such objects are counted as damaged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import PurePosixPath

from checks.android.records import IntrusionLog, NetworkEvent
from cybercheck.archive import Export
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

FOLDERS = ("intrusion-logs", "intrusion_logs")


def intrusion_files(export: Export) -> list[str]:
    """The text files under an intrusion-logs folder, at the top or one folder down."""
    return [
        n
        for n in export.names()
        if n.lower().endswith(".txt") and set(PurePosixPath(n).parts[:-1][:2]) & set(FOLDERS)
    ]


def read_intrusion(export: Export) -> tuple[IntrusionLog | None, list[str]]:
    """The export's intrusion log, or None when it has none; the gaps say what could not be read."""
    names = intrusion_files(export)
    refused = [r.name for r in export.refused if set(PurePosixPath(r.name).parts) & set(FOLDERS)]
    if not names and not refused:
        return None, []
    gaps: list[str] = [text("android.intrusion-refused", name=name) for name in refused]
    events: list[NetworkEvent] = []
    seen: set[str] = set()
    other = damaged = 0
    for name in names:
        try:
            lines = list(export.text_lines(name))
        except DamagedInput as error:
            gaps.append(error.plain)
            continue
        found, more, bad = parse_lines(lines, seen)
        events += found
        other += more
        damaged += bad
    if damaged:
        gaps.append(text("android.intrusion-damaged", count=damaged))
    return IntrusionLog(tuple(events), other, len(names)), gaps


def parse_lines(lines: Iterable[str], seen: set[str]) -> tuple[list[NetworkEvent], int, int]:
    """(network events, count of other events, count of damaged lines); a line seen before is skipped."""
    events: list[NetworkEvent] = []
    other = damaged = 0
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if stripped in seen:
            continue  # daily files overlap
        seen.add(stripped)
        try:
            entry = json.loads(stripped)
        except (ValueError, RecursionError):
            damaged += 1
            continue
        if not isinstance(entry, dict) or not entry:
            damaged += 1
            continue
        for kind, data in entry.items():
            if not isinstance(data, dict):
                damaged += 1
            elif kind == "dns_event":
                events.append(_dns(data))
            elif kind == "connect_event":
                events.append(_connect(data))
            else:
                other += 1
    return events, other, damaged


def _dns(data: dict[str, object]) -> NetworkEvent:
    listed = data.get("ip_addresses")
    addresses = tuple(_address(a) for a in listed if isinstance(a, str)) if isinstance(listed, list) else ()
    return NetworkEvent("dns", _str(data, "package_name"), _str(data, "hostname"), addresses, _when(data))


def _connect(data: dict[str, object]) -> NetworkEvent:
    raw = _str(data, "ip_address")
    address = _address(raw) if raw else None
    return NetworkEvent(
        "connect", _str(data, "package_name"), None, (address,) if address else (), _when(data)
    )


def _address(value: str) -> str:
    """An address as Java prints an InetAddress ("/192.0.2.1", "host/192.0.2.1") without its name part."""
    return value.rsplit("/", 1)[-1].strip()


def _str(data: dict[str, object], key: str) -> str | None:
    value = data.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _when(data: dict[str, object]) -> datetime | None:
    value = data.get("event_time")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
