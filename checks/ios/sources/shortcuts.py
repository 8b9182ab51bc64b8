"""Reads the Shortcuts app's database in a backup: HomeDomain/Library/Shortcuts/Shortcuts.sqlite.

Tables as MVT reads them (mvt/ios/modules/mixed/shortcuts.py): ZSHORTCUT (Z_PK, ZNAME,
ZCREATIONDATE and ZMODIFICATIONDATE in Mac absolute seconds) and ZSHORTCUTACTIONS (ZSHORTCUT, ZDATA: a
binary plist list of {WFWorkflowActionIdentifier, WFWorkflowActionParameters}). Web addresses, e-mail
addresses and phone numbers are picked out of the parameters as text, as MVT picks out links.
"""

from __future__ import annotations

import plistlib
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from typing import Any

from checks.ios.records import Shortcut
from checks.ios.sources.permissions import memory_database
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

SHORTCUTS_DOMAIN, SHORTCUTS_PATH = "HomeDomain", "Library/Shortcuts/Shortcuts.sqlite"
_MAC_EPOCH = datetime(2001, 1, 1, tzinfo=timezone.utc)
_DESTINATION = re.compile(r"https?://[^\s'\"<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d ()-]{6,}\d")


def parse_shortcuts(data: bytes, where: str) -> tuple[list[Shortcut], int]:
    """The shortcuts in a Shortcuts.sqlite, and how many could not be read."""
    connection = memory_database(data, text("ios.shortcuts-damaged", where=where))
    try:
        rows = connection.execute(
            "SELECT ZSHORTCUT.Z_PK, ZSHORTCUT.ZNAME, ZSHORTCUT.ZCREATIONDATE, ZSHORTCUT.ZMODIFICATIONDATE,"
            " ZSHORTCUTACTIONS.ZDATA FROM ZSHORTCUT"
            " LEFT JOIN ZSHORTCUTACTIONS ON ZSHORTCUTACTIONS.ZSHORTCUT = ZSHORTCUT.Z_PK"
        ).fetchall()
    except (sqlite3.Error, MemoryError) as error:
        raise DamagedInput(
            text("ios.shortcuts-damaged", where=where), detail=f"{type(error).__name__}: {error}"
        ) from None
    finally:
        connection.close()
    shortcuts: list[Shortcut] = []
    damaged = 0
    for _, name, created, modified, actions in rows:
        try:
            shortcuts.append(_shortcut(name, created, modified, actions))
        except (plistlib.InvalidFileException, ValueError, TypeError, OverflowError, KeyError):
            damaged += 1
    return shortcuts, damaged


def _shortcut(name: object, created: object, modified: object, data: object) -> Shortcut:
    label = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name or "")
    identifiers: list[str] = []
    destinations: list[str] = []
    if data is not None:
        if not isinstance(data, bytes):
            raise TypeError(label)
        actions: Any = plistlib.loads(data)
        if not isinstance(actions, list):
            raise ValueError(label)
        for action in actions:
            if not isinstance(action, dict):
                raise ValueError(label)
            identifiers.append(str(action.get("WFWorkflowActionIdentifier", "")))
            found = _DESTINATION.findall(str(action.get("WFWorkflowActionParameters", "")))
            destinations += [value.rstrip("',") for value in found]
    return Shortcut(
        name=label,
        actions=tuple(identifiers),
        destinations=tuple(dict.fromkeys(destinations)),
        created=_mac_time(created),
        modified=_mac_time(modified),
    )


def _mac_time(value: object) -> datetime | None:
    if not isinstance(value, (int, float)):
        return None
    return _MAC_EPOCH + timedelta(seconds=float(value))
