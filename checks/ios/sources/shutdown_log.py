"""Reads shutdown.log, the plain-text record an iPhone keeps of each shutdown and restart: the programs
it was still waiting for, and how long it waited. A sysdiagnose holds it as
system_logs.logarchive/Extra/shutdown.log (iOS 26 also keeps rotated shutdown.N.log files).

The lines read (as Kaspersky's iShutdown, MVT and the EC-DIGIT-CSIRC sysdiagnose parser read them):
``After 1.26s, these clients are still here:`` (a wait), then tab-indented
``remaining client pid: 155 (/usr/libexec/nfcd)`` lines (iOS 26 appends the program's build UUID
as a last path part), and ``SIGTERM: [1700000000]`` (Unix seconds) where the shutdown went ahead.
Other lines are ignored; a client or SIGTERM line that cannot be read is counted as damaged.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from checks.ios.records import Shutdown, ShutdownClient

_CLIENT = re.compile(r"remaining client pid:\s*(-?\d+)\s*\((.*)\)\s*$")
_SIGTERM = re.compile(r"SIGTERM:\s*\[(\d{1,12})\]")
_UUID = re.compile(r"/[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
_WAIT = re.compile(r"these\s+clients\s+are\s+still\s+here")  # the line a wait starts with


def parse_shutdown_log(content: str, name: str = "shutdown.log") -> tuple[tuple[Shutdown, ...], int]:
    """The shutdowns the log records, oldest first, and how many of its lines could not be read."""
    shutdowns: list[Shutdown] = []
    clients: dict[tuple[int, str], ShutdownClient] = {}
    notices = 0
    damaged = 0
    for line in content.splitlines():
        if _WAIT.search(line):
            notices += 1
        if "remaining client pid" in line:
            found = _CLIENT.search(line)
            if found is None or not found.group(2).strip():
                damaged += 1
                continue
            path = _UUID.sub("", found.group(2).strip())
            clients.setdefault((int(found.group(1)), path), ShutdownClient(int(found.group(1)), path))
        elif "SIGTERM" in line:
            stamp = _SIGTERM.search(line)
            when = _when(stamp.group(1)) if stamp else None
            if when is None:
                damaged += 1
            shutdowns.append(Shutdown(when, notices, tuple(clients.values()), name))
            clients, notices = {}, 0
    if clients or notices:
        shutdowns.append(Shutdown(None, notices, tuple(clients.values()), name))
    return tuple(shutdowns), damaged


def _when(seconds: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(seconds), timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
