"""Judgements about the privacy permissions a backup holds: apps the person does not recognise that
may use the microphone, camera, location, contacts or photos. Apple's own apps are not judged."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checks.ios.judge.privacy import is_apple
from checks.ios.records import LocationClient, Permission
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import Text, text

SERVICES = {
    "kTCCServiceMicrophone": "microphone",
    "kTCCServiceCamera": "camera",
    "kTCCServiceAddressBook": "contacts",
    "kTCCServiceContactsFull": "contacts",
    "kTCCServiceContactsLimited": "contacts",
    "kTCCServicePhotos": "photos",
    "kTCCServicePhotosAdd": "photos",
}
_CLOSE = frozenset({"microphone", "camera", "location"})


def permitted_apps(
    permissions: Iterable[Permission], clients: Iterable[LocationClient]
) -> dict[str, tuple[str, ...]]:
    """The apps, other than Apple's, allowed something watched, each with what (location: known to locationd)."""
    found: dict[str, set[str]] = {}
    for permission in permissions:
        category = SERVICES.get(permission.service)
        if category and permission.allowed and not permission.is_path and not is_apple(permission.app):
            found.setdefault(permission.app, set()).add(category)
    for client in clients:
        if not client.app.startswith("/") and "." in client.app and not is_apple(client.app):
            found.setdefault(client.app, set()).add("location")
    return {app: tuple(sorted(what)) for app, what in sorted(found.items())}


def judge_permissions(
    permissions: Iterable[Permission],
    clients: Iterable[LocationClient],
    *,
    unrecognised: Iterable[str],
    source: Text,
) -> Iterator[Finding]:
    """One finding per app the person does not recognise that may use something watched."""
    permissions = list(permissions)
    clients = list(clients)
    apps = permitted_apps(permissions, clients)
    for app in sorted(set(unrecognised)):
        what = apps.get(app)
        if not what:
            continue
        rows = [p for p in permissions if p.app == app and SERVICES.get(p.service) and p.allowed]
        fields: dict[str, str] = {
            text("ios.label-bundle-id"): app,
            text("ios.label-allowed"): ", ".join(what),
            text("ios.label-look-on-phone"): text("ios.path-privacy"),
        }
        how = sorted({f"{SERVICES[p.service]}: {p.reason}" for p in rows if p.reason})
        if how:
            fields[text("ios.label-how-allowed")] = "; ".join(how)
        located = [c for c in clients if c.app == app]
        if located and located[0].last_used:
            fields[text("ios.label-location-last-used")] = f"{located[0].last_used:%Y-%m-%d %H:%M} UTC"
        changed = max((p.changed for p in rows if p.changed), default=None)
        yield Finding(
            code="ios.permission.unknown-app",
            severity=Severity.HIGH if _CLOSE & set(what) else Severity.MEDIUM,
            subject=text("ios.subject-permission-app", app=app, what=", ".join(what)),
            evidence=(Evidence(source=source, when=changed, fields=fields),),
        )
