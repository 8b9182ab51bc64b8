"""Reads the privacy permissions an iPhone backup holds: TCC.db (what each app may use: microphone,
camera, contacts, photos, ...) and locationd's clients.plist (the apps the location service knows).

TCC.db is HomeDomain/Library/TCC/TCC.db, an SQLite database with a table `access`. Three layouts
are read, as MVT reads them (mvt/ios/modules/mixed/tcc.py): iOS 14 and later (`auth_value`
0 denied, 1 unknown, 2 allowed, 3 limited; `auth_reason`; `last_modified` in Unix seconds), and
older ones with `allowed` 0/1 (with or without `last_modified`). clients.plist is
RootDomain/Library/Caches/locationd/clients.plist: a dictionary keyed by client (a bundle id,
sometimes with a trailing colon or a one-letter prefix for other kinds), each a dictionary with
`Authorization` or `Authorized`, `Executable`, `BundleId` and times in Mac absolute seconds.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from typing import Any

from checks.ios.records import LocationClient, Permission
from checks.ios.sources.plists import load_dict
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

TCC_DOMAIN, TCC_PATH = "HomeDomain", "Library/TCC/TCC.db"
LOCATIOND_DOMAIN, LOCATIOND_PATH = "RootDomain", "Library/Caches/locationd/clients.plist"
_REASONS = {
    1: "error",
    2: "user_consent",
    3: "user_set",
    4: "system_set",
    5: "service_policy",
    6: "mdm_policy",
    7: "override_policy",
    8: "missing_usage_string",
    9: "prompt_timeout",
    10: "preflight_unknown",
    11: "entitled",
    12: "app_type_policy",
}
_MAC_EPOCH = datetime(2001, 1, 1, tzinfo=timezone.utc)
_STOPPED = (
    "LocationTimeStopped",
    "BackgroundLocationTimeStopped",
    "SignificantTimeStopped",
    "VisitTimeStopped",
    "FenceTimeStopped",
    "ReceivingLocationInformationTimeStopped",
)


def parse_tcc(data: bytes, where: str) -> tuple[list[Permission], int]:
    """The permissions in a TCC.db, and how many rows could not be read."""
    connection = memory_database(data, text("ios.tcc-damaged", where=where))
    try:
        rows, layout = _rows(connection)
        permissions: list[Permission] = []
        damaged = 0
        for row in rows:
            try:
                permissions.append(_permission(row, layout))
            except (TypeError, ValueError, OverflowError):
                damaged += 1
        return permissions, damaged
    except sqlite3.Error as error:
        raise DamagedInput(
            text("ios.tcc-damaged", where=where), detail=f"{type(error).__name__}: {error}"
        ) from None
    finally:
        connection.close()


def memory_database(data: bytes, damaged: str) -> sqlite3.Connection:
    """An SQLite database from a file's bytes, in memory only; DamagedInput (with `damaged`) if it is not one."""
    if len(data) < 512 or not data.startswith(b"SQLite format 3\x00"):
        raise DamagedInput(damaged)
    if data[18:20] == b"\x02\x02":
        # Write-ahead-log mode, as iOS keeps it: SQLite opens such a file from memory only when it
        # is marked as an ordinary journal (a backup holds no -wal file to merge).
        data = data[:18] + b"\x01\x01" + data[20:]
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
    except (sqlite3.Error, MemoryError, OverflowError) as error:
        connection.close()
        raise DamagedInput(damaged, detail=type(error).__name__) from None
    return connection


def _rows(connection: sqlite3.Connection) -> tuple[list[tuple[Any, ...]], str]:
    queries = (
        ("v3", "SELECT service, client, client_type, auth_value, auth_reason, last_modified FROM access"),
        ("v2", "SELECT service, client, client_type, allowed, NULL, last_modified FROM access"),
        ("v1", "SELECT service, client, client_type, allowed, NULL, NULL FROM access"),
    )
    error: sqlite3.Error | None = None
    for layout, query in queries:
        try:
            return connection.execute(query).fetchall(), layout
        except sqlite3.OperationalError as failed:
            error = failed
    assert error is not None
    raise error


def _permission(row: tuple[Any, ...], layout: str) -> Permission:
    service, client, client_type, value, reason, modified = row
    if not isinstance(service, str) or not isinstance(client, str) or not client:
        raise ValueError(row)
    value = int(value)
    allowed = {0: False, 2: True, 3: True}.get(value) if layout == "v3" else bool(value)
    return Permission(
        service=service,
        app=client,
        allowed=allowed,
        is_path=int(client_type or 0) != 0,
        limited=layout == "v3" and value == 3,
        reason=_REASONS.get(int(reason)) if reason is not None else None,
        changed=datetime.fromtimestamp(int(modified), timezone.utc) if modified else None,
    )


def parse_location_clients(data: bytes, where: str) -> tuple[list[LocationClient], int]:
    """The clients locationd keeps, and how many entries could not be read."""
    plist = load_dict(data, where)
    clients: list[LocationClient] = []
    damaged = 0
    for key, entry in plist.items():
        if not isinstance(entry, dict):
            continue  # migration markers and counters sit beside the clients
        try:
            clients.append(_client(str(key), entry))
        except (TypeError, ValueError, OverflowError):
            damaged += 1
    return clients, damaged


def _client(key: str, entry: dict[str, Any]) -> LocationClient:
    bundle = entry.get("BundleId")
    executable = entry.get("Executable") if isinstance(entry.get("Executable"), str) else None
    app = bundle if isinstance(bundle, str) and bundle else key.rstrip(":")
    if not app:
        raise ValueError(key)
    authorization = entry.get("Authorization", entry.get("Authorized"))
    times = [float(entry[name]) for name in _STOPPED if isinstance(entry.get(name), (int, float))]
    last = _MAC_EPOCH + timedelta(seconds=max(times)) if times else None
    return LocationClient(
        app=app,
        authorization=None if authorization is None else str(authorization),
        last_used=last,
        executable=executable,
    )
