"""Reads a hosts file into HostsEntry records; knows nothing about what is suspicious."""

from __future__ import annotations

import ipaddress
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checks.computer.records import HostsEntry

MAX_BYTES = 16 * 1024 * 1024


def system_hosts_path() -> Path:
    """Where this system keeps its hosts file."""
    if sys.platform == "win32":
        root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        return Path(root) / "System32" / "drivers" / "etc" / "hosts"
    return Path("/etc/hosts")


_IN_COPY = ("etc/hosts", "private/etc/hosts", "Windows/System32/drivers/etc/hosts")


def hosts_in_copy(root: Path) -> Path | None:
    """The hosts file of a copied disk (Linux and macOS etc/hosts, or Windows'), matching names in any case."""
    for relative in _IN_COPY:
        here = root
        for part in relative.split("/"):
            match = next((c for c in _children(here) if c.name.lower() == part.lower()), None)
            if match is None:
                break
            here = match
        else:
            return here
    return None


def _children(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


@dataclass
class HostsRead:
    """The entries of a hosts file, with how many lines could not be read."""

    entries: list[HostsEntry] = field(default_factory=list)
    lines: int = 0
    unreadable_lines: int = 0
    truncated: bool = False


def read_hosts(path: Path) -> HostsRead:
    """Every address-and-name pair in a hosts file; OSError when the file cannot be opened."""
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    read = HostsRead(truncated=len(data) > MAX_BYTES)
    for number, raw in enumerate(data[:MAX_BYTES].splitlines(), start=1):
        read.lines += 1
        entries = list(_parse_line(raw, number))
        names = [e for e in entries if _HOST_NAME.match(e.name)]
        if (
            (not entries and _is_junk(raw))
            or len(names) < len(entries)  # a name no resolver would accept
            or len(raw) > MAX_LINE  # longer than resolvers read a line: damage, though its names are kept
        ):
            read.unreadable_lines += 1
        entries = names
        read.entries.extend(entries)
    return read


# Labels of letters, digits, "-" and "_" (block lists use it), never starting or ending with "-".
_LABEL = r"[^\W-](?:[\w-]{0,61}[^\W-])?"
_HOST_NAME = re.compile(rf"\A(?=.{{1,253}}\Z){_LABEL}(?:\.{_LABEL})*\Z")
MAX_LINE = 4096


def _is_junk(raw: bytes) -> bool:
    text = raw.split(b"#", 1)[0].strip()
    return bool(text)


def _parse_line(raw: bytes, number: int) -> Iterator[HostsEntry]:
    if b"\x00" in raw:
        return
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    words = line.split("#", 1)[0].split()
    if len(words) < 2:
        return
    address = words[0].split("%", 1)[0]
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return
    shown = line.strip()[:MAX_LINE]  # one copy for every name on the line: damage can put 100,000 there
    for name in words[1:]:
        yield HostsEntry(
            address=words[0], name=name.removesuffix(".").lower(), line_number=number, line=shown
        )
