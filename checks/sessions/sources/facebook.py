"""Facebook "Download your information" (JSON): sessions, logins, account activity, devices.

Files are found by name anywhere in the export, since their folders moved between
generations; keys are read with or without Meta's "_v2" suffix, and records Meta wrote in
its newer label/value form are read by value shape.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from checks.sessions.places import country_code
from checks.sessions.records import AccountMethod, EventKind, LoginEvent, MethodKind
from checks.sessions.sources.meta import meta_text, records, shaped
from checks.sessions.sources.notes import Notes
from checks.sessions.sources.times import parse_time
from cybercheck.archive import Export
from cybercheck.pipeline.words import text

PROVIDER = "Facebook"
FILES = {
    "where_you're_logged_in.json": "active",
    "active_sessions.json": "active",
    "account_activity.json": "activity",
    "logins_and_logouts.json": "accesses",
    "authorized_logins.json": "recognised",
    "recognized_devices.json": "recognised",
    "login_protection_data.json": "protection",
    "record_details.json": "admin",
    "administrative_records.json": "admin",
    "ip_address_activity.json": "ips",
    "used_ip_addresses.json": "ips",
}
_OUT = ("log out", "logout", "logged out", "abmelden", "déconnexion", "cerrar sesión", "esci", "uitloggen")
_IN = ("login", "log in", "logged in", "anmelden", "connexion", "iniciar", "accedi", "inloggen", "session")


def facebook_files(export: Export) -> dict[str, str]:
    """The members of a Facebook export this reader understands, with what each holds."""
    found = {}
    for name in export.names():
        kind = FILES.get(name.rsplit("/", 1)[-1].lower())
        if kind:
            found[name] = kind
    return found


def html_only(export: Export, understood: Mapping[str, str]) -> bool:
    """Whether the export was downloaded in HTML form (which has no data to read) instead of JSON."""
    if understood:
        return False
    html_names = {n.rsplit("/", 1)[-1][: -len(".html")] + ".json" for n in export.find(".html")}
    return any(name in FILES for name in html_names)


def facebook_records(export: Export, notes: Notes) -> Iterator[LoginEvent | AccountMethod]:
    """Every record of a Facebook export; an export downloaded as HTML, which holds none, is a gap."""
    if html_only(export, facebook_files(export)):
        notes.gaps.append(text("sessions.facebook-html", name=export.path.name))
    yield from facebook_events(export, notes)


def facebook_events(export: Export, notes: Notes) -> Iterator[LoginEvent | AccountMethod]:
    """Every session, login, activity record and recognised device of a Facebook export."""
    for name, kind in facebook_files(export).items():
        source = f"{export.path.name}: {name}"
        for _, item in records(export, name, notes):
            if not isinstance(item, Mapping):
                notes.skip(name)
                continue
            made = _event(kind, item, source)
            if made is None:
                notes.skip(name)
                continue
            yield made
            if kind == "recognised":
                yield AccountMethod(
                    PROVIDER,
                    "",
                    MethodKind.TRUSTED_DEVICE,
                    made.device or made.ip or text("sessions.a-device"),
                    detail=text("sessions.recognised-device"),
                    added=made.when,
                    source=source,
                )


def _get(item: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        value = item.get(key)
        if value not in (None, ""):
            return value
    session = item.get("session")
    if isinstance(session, Mapping):
        return _get(session, *keys)
    return None


def _event(kind: str, item: Mapping[str, Any], source: str) -> LoginEvent | None:
    when = parse_time(_get(item, "updated_timestamp", "timestamp", "created_timestamp"))
    ip = meta_text(_get(item, "ip_address", "ip") or "")
    agent = meta_text(_get(item, "user_agent") or "")
    device = meta_text(_get(item, "device") or "")
    action = meta_text(_get(item, "action", "event", "name") or "")
    if when is None and not ip:
        return _shaped_event(kind, item, source)
    location = meta_text(_get(item, "location") or "")
    city, region, country = (meta_text(_get(item, k) or "") for k in ("city", "region", "country"))
    place = location or ", ".join(dict.fromkeys(p for p in (city, region, country) if p))
    code = (
        country_code(country) if country else (country_code(location.rsplit(",", 1)[-1]) if location else "")
    )
    app = ", ".join(
        p
        for p in (
            meta_text(_get(item, "app", "site_name", "site") or ""),
            meta_text(_get(item, "session_type") or ""),
        )
        if p
    )
    return LoginEvent(
        provider=PROVIDER,
        account="",
        when=when,
        kind=EventKind.SESSION if kind in ("active", "protection", "recognised") else _kind(action),
        ip=ip,
        place=place,
        country=code,
        device=agent or device,
        app=app or action,
        active=kind == "active",
        source=source,
    )


def _shaped_event(kind: str, item: Mapping[str, Any], source: str) -> LoginEvent | None:
    found = shaped(item)
    if found.when is None and not found.ip:
        return None
    return LoginEvent(
        provider=PROVIDER,
        account="",
        when=found.when,
        kind=EventKind.SESSION if kind == "active" else _kind(" ".join(found.texts[:2])),
        ip=found.ip,
        device=found.agent,
        active=kind == "active",
        source=source,
    )


def _kind(action: str) -> EventKind:
    lowered = action.lower()
    if "fail" in lowered or "incorrect" in lowered or "fehlgeschlagen" in lowered:
        return EventKind.FAILED
    if "password" in lowered or "passwort" in lowered or "mot de passe" in lowered:
        return EventKind.PASSWORD_RESET
    if any(word in lowered for word in _OUT):
        return EventKind.SIGN_OUT
    if any(word in lowered for word in _IN):
        return EventKind.SIGN_IN
    return EventKind.ACCESS
