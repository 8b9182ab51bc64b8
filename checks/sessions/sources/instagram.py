"""Instagram "Download your information" (JSON): logins, logouts and password changes.

The labels inside each record are localised ("Time", "Zeit", "시간", "IP-Adresse"), so the
values are recognised by shape: an address, a user agent, a time stamp.
"""

from __future__ import annotations

from collections.abc import Iterator

from checks.sessions.records import EventKind, LoginEvent
from checks.sessions.sources.meta import mistyped, records, shaped
from checks.sessions.sources.notes import Notes
from cybercheck.archive import Export

PROVIDER = "Instagram"
FILES = {
    "login_activity.json": EventKind.SIGN_IN,
    "logout_activity.json": EventKind.SIGN_OUT,
    "password_change_activity.json": EventKind.PASSWORD_RESET,
}


def instagram_files(export: Export) -> dict[str, EventKind]:
    """The members of an Instagram export this reader understands."""
    found = {}
    for name in export.names():
        kind = FILES.get(name.rsplit("/", 1)[-1].lower())
        if kind is not None:
            found[name] = kind
    return found


def instagram_events(export: Export, notes: Notes) -> Iterator[LoginEvent]:
    """Every login, logout and password change an Instagram export lists."""
    for name, kind in instagram_files(export).items():
        source = f"{export.path.name}: {name}"
        for _, item in records(export, name, notes):
            found = shaped(item)
            if mistyped(item):
                notes.mistyped(name)
            if found.when is None and not found.ip:
                notes.skip(name)
                continue
            yield LoginEvent(
                provider=PROVIDER,
                account="",
                when=found.when,
                kind=kind,
                ip=found.ip,
                device=found.agent,
                source=source,
            )
