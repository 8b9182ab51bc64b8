"""The X (Twitter) archive: login addresses, device tokens and connected applications.

Each file is JavaScript, `window.YTD.ip_audit.part0 = [...]`; the prefix is stripped and the
rest streamed as JSON. Large archives split a file into parts (`ip-audit-part1.js`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from checks.sessions.records import ConnectedApp, EventKind, LoginEvent
from checks.sessions.sources.json_stream import json_records, strip_js_prefix
from checks.sessions.sources.notes import Notes
from checks.sessions.sources.times import parse_time
from cybercheck.archive import Export
from cybercheck.errors import DamagedInput

PROVIDER = "X"
_PART = re.compile(r"^(ip-audit|device-token|connected-application|account)(-part\d+)?\.js$")


def x_files(export: Export) -> dict[str, str]:
    """Members of an X archive this reader understands: name -> "ip-audit", "device-token", ..."""
    found = {}
    for name in export.names():
        matched = _PART.match(name.rsplit("/", 1)[-1].lower())
        if matched:
            found[name] = matched.group(1)
    return found


def _items(export: Export, name: str, notes: Notes) -> Iterator[Mapping[str, Any]]:
    try:
        with export.open(name) as stream:
            for _, item in json_records(strip_js_prefix(stream, name, notes.gaps), name):
                if isinstance(item, Mapping) and len(item) == 1:
                    inner = next(iter(item.values()))
                    if isinstance(inner, Mapping):
                        yield inner
                        continue
                notes.skip(name)
    except DamagedInput as error:
        notes.gaps.append(error.plain)


def x_account(export: Export, notes: Notes) -> str:
    """The archive's account as "@username", or ""."""
    for name, kind in x_files(export).items():
        if kind == "account":
            for item in _items(export, name, notes):
                if item.get("username"):
                    return f"@{item['username']}"
    return ""


def x_records(export: Export, notes: Notes) -> Iterator[LoginEvent | ConnectedApp]:
    """Login addresses, device tokens (signed-in apps) and connected applications of an X archive."""
    account = x_account(export, notes)
    for name, kind in sorted(x_files(export).items()):
        if kind == "account":
            continue
        source = f"{export.path.name}: {name}"
        for item in _items(export, name, notes):
            made = _record(kind, item, account, source)
            if made is None:
                notes.skip(name)
            else:
                yield made


def _record(
    kind: str, item: Mapping[str, Any], account: str, source: str
) -> LoginEvent | ConnectedApp | None:
    if kind == "ip-audit":
        ip, when = str(item.get("loginIp") or ""), parse_time(item.get("createdAt"))
        if not ip and when is None:
            return None
        return LoginEvent(PROVIDER, account, when, EventKind.SIGN_IN, ip=ip, source=source)
    if kind == "device-token":
        # NOTE: the token itself is a live credential; it is never copied into a record.
        app = str(item.get("clientApplicationName") or item.get("clientApplicationId") or "")
        when = parse_time(item.get("lastSeenAt")) or parse_time(item.get("createdAt"))
        if not app and when is None:
            return None
        return LoginEvent(
            PROVIDER, account, when, EventKind.SESSION, device=app, app=app, active=True, source=source
        )
    name = str(item.get("name") or "")
    if not name:
        return None
    permissions = item.get("permissions") or ()
    return ConnectedApp(
        PROVIDER,
        account,
        name,
        tuple(str(p) for p in permissions) if isinstance(permissions, list) else (str(permissions),),
        approved=parse_time(item.get("approvedAt")),
        source=source,
    )
