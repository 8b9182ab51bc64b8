"""Reads the Shortcuts app's database in a backup: HomeDomain/Library/Shortcuts/Shortcuts.sqlite.

Tables as MVT reads them (mvt/ios/modules/mixed/shortcuts.py): ZSHORTCUT (Z_PK, ZNAME,
ZCREATIONDATE and ZMODIFICATIONDATE in Mac absolute seconds) and ZSHORTCUTACTIONS (ZSHORTCUT, ZDATA: a
binary plist list of {WFWorkflowActionIdentifier, WFWorkflowActionParameters}). Web addresses, e-mail
addresses and phone numbers are picked out of the parameters as text, as MVT picks out links.

Personal automations are rows of ZTRIGGER: ZSHORTCUT (the Z_PK of the shortcut it runs), ZENABLED,
ZSHOULDPROMPT ("Ask Before Running") and ZDATA, the trigger kept as an NSKeyedArchiver plist whose
root object's class names the kind of trigger (WFLeaveLocationTrigger, WFMessageTrigger, ...). The
columns are the ones public tools that check automations read (see tests/realworld/ios/SOURCES.md);
Core Data renames columns between versions, so each is looked up and a missing one is not recorded.
"""

from __future__ import annotations

import plistlib
import re
import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

from checks.ios.records import Automation, Shortcut
from checks.ios.sources.permissions import memory_database
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

SHORTCUTS_DOMAIN, SHORTCUTS_PATH = "HomeDomain", "Library/Shortcuts/Shortcuts.sqlite"
_T = TypeVar("_T")
_MAC_EPOCH = datetime(2001, 1, 1, tzinfo=timezone.utc)
_DESTINATION = re.compile(r"https?://[^\s'\"<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d ()-]{6,}\d")


def parse_shortcuts(data: bytes, where: str) -> tuple[list[Shortcut], int]:
    """The shortcuts in a Shortcuts.sqlite, and how many could not be read."""
    rows = _query(
        data,
        where,
        lambda connection: connection.execute(
            "SELECT ZSHORTCUT.Z_PK, ZSHORTCUT.ZNAME, ZSHORTCUT.ZCREATIONDATE, ZSHORTCUT.ZMODIFICATIONDATE,"
            " ZSHORTCUTACTIONS.ZDATA FROM ZSHORTCUT"
            " LEFT JOIN ZSHORTCUTACTIONS ON ZSHORTCUTACTIONS.ZSHORTCUT = ZSHORTCUT.Z_PK"
        ).fetchall(),
    )
    shortcuts: list[Shortcut] = []
    damaged = 0
    for key, name, created, modified, actions in rows:
        try:
            shortcuts.append(_shortcut(key, name, created, modified, actions))
        except (plistlib.InvalidFileException, ValueError, TypeError, OverflowError, KeyError):
            damaged += 1
    return shortcuts, damaged


def _shortcut(key: object, name: object, created: object, modified: object, data: object) -> Shortcut:
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
        key=key if isinstance(key, int) else None,
    )


def parse_automations(data: bytes, where: str) -> tuple[list[Automation], int] | None:
    """The personal automations in a Shortcuts.sqlite, and how many triggers could not be read.

    None when the database has no automations table (or one without the column naming the
    shortcut it runs), so that automations could not be looked at.
    """
    rows = _query(data, where, _triggers)
    if rows is None:
        return None
    automations: list[Automation] = []
    unreadable = 0
    for shortcut, enabled, prompt, trigger in rows:
        kind = trigger_kind(trigger)
        unreadable += kind is None
        automations.append(
            Automation(
                shortcut_key=shortcut if isinstance(shortcut, int) else None,
                trigger=kind,
                enabled=_flag(enabled),
                asks_first=_flag(prompt),
            )
        )
    return automations, unreadable


def _triggers(connection: sqlite3.Connection) -> list[Any] | None:
    """ZTRIGGER's rows with the columns this version has; None without the column naming the shortcut."""
    columns = {str(row[1]).upper() for row in connection.execute("PRAGMA table_info(ZTRIGGER)")}
    if "ZSHORTCUT" not in columns:
        return None
    wanted = [name if name in columns else "NULL" for name in ("ZENABLED", "ZSHOULDPROMPT", "ZDATA")]
    return connection.execute(
        f"SELECT ZSHORTCUT, {', '.join(wanted)} FROM ZTRIGGER"
    ).fetchall()  # fixed names


def _query(data: bytes, where: str, read: Callable[[sqlite3.Connection], _T]) -> _T:
    """What `read` gets from the database in `data`; DamagedInput when SQLite cannot read it."""
    connection = memory_database(data, text("ios.shortcuts-damaged", where=where))
    try:
        return read(connection)
    except (sqlite3.Error, MemoryError) as error:
        raise DamagedInput(
            text("ios.shortcuts-damaged", where=where), detail=f"{type(error).__name__}: {error}"
        ) from None
    finally:
        connection.close()


def trigger_kind(data: object) -> str | None:
    """The class name of the trigger kept in ZTRIGGER.ZDATA (an NSKeyedArchiver plist); None if unreadable."""
    if not isinstance(data, bytes):
        return None
    try:
        archive: Any = plistlib.loads(data)
        objects = archive["$objects"]
        root = objects[int(archive["$top"]["root"])]
        name = objects[int(root["$class"])]["$classname"]
    except Exception:  # noqa: BLE001 - an archive from outside can be damaged in any way
        return None
    return name[:100] if isinstance(name, str) and name else None


def _flag(value: object) -> bool | None:
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return None


def _mac_time(value: object) -> datetime | None:
    if not isinstance(value, (int, float)):
        return None
    return _MAC_EPOCH + timedelta(seconds=float(value))
