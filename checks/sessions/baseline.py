"""What counts as the person's own: known devices, places, networks, sign-in methods and apps.

A baseline comes from the person (a file given with --input known=FILE, read by sources/known_file.py,
or their answers), from the previous report (what the check remembered then, less what it flagged), or
— when there is neither — from the export's own history: the devices, countries and networks behind
most of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from checks.sessions.devices import matches
from checks.sessions.places import country_code
from checks.sessions.records import AccountMethod, ConnectedApp
from checks.sessions.tally import KeyStats, Tally
from cybercheck.pipeline.model import CheckResult
from cybercheck.pipeline.words import text

USUAL_SHARE = 0.8  # with no other baseline, what covers 80% of the history counts as usual
# Which findings flag a remembered value, and the evidence field that names it: a value flagged then
# does not count as known now. (The other end of an impossible trip, say, is shown but not flagged.)
_FLAGGED_BY: dict[str, tuple[str, tuple[str, ...]]] = {
    "devices": ("sessions.field-device", ("sessions.active.unknown-device", "sessions.signin.new-device")),
    "countries": ("sessions.field-country-code", ("sessions.signin.new-country",)),
    "networks": ("sessions.field-network", ("sessions.signin.new-network",)),
    "methods": (
        "sessions.field-method",
        (
            "sessions.method.unknown",
            "sessions.method.new",
            "sessions.method.app-password",
            "sessions.method.unconfirmed",
        ),
    ),
    "apps": ("sessions.field-app", ("sessions.app.sensitive-access",)),
}


@dataclass(frozen=True, slots=True)
class Baseline:
    """The person's own devices, places, networks, methods and apps, and where that came from."""

    origin: str  # "known" (a file), "answers", "previous", "history"
    devices: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    apps: tuple[str, ...] = ()
    anything: tuple[str, ...] = ()  # lines of a known file that did not say what they are
    since: datetime | None = None  # when the previous check ran, for "new since"

    def knows_device(self, label: str, raw: str = "") -> bool:
        """Whether a device is the person's own."""
        if label.lower() in (d.lower() for d in self.devices):
            return True
        if self.origin == "history" and label == raw:
            # NOTE: a provider's own device list names the device ("iPhone 15 (iOS)") where the history has
            # user agents ("Safari on iPhone"); with only an assumed baseline, the same kind of device counts.
            return bool(platform(label)) and platform(label) in {platform(d) for d in self.devices}
        return any(
            matches(p, label, raw) for p in (*self.devices, *self.anything) if self.origin != "history"
        )

    def knows_country(self, code: str, place: str = "") -> bool:
        """Whether a country (or a place in it) is one of the person's usual places."""
        for pattern in (*self.places, *self.anything):
            if country_code(pattern) == code or (place and matches(pattern, place)):
                return True
        return False

    def knows_network(self, name: str) -> bool:
        """Whether a network is one the person uses."""
        return any(
            p.lower() == name.lower() or (self.origin != "history" and matches(p, name))
            for p in (*self.networks, *self.anything)
        )

    def knows_method(self, value: str, owner: Iterable[str] = ()) -> bool:
        """Whether a recovery address, phone or other method is the person's own."""
        return any(same_method(value, p) for p in (*self.methods, *self.anything, *owner))

    def knows_app(self, name: str) -> bool:
        """Whether the person recognises a connected app."""
        return any(matches(p, name) for p in (*self.apps, *self.anything))


def platform(label: str) -> str:
    """The kind of system a device label names: "iphone", "ipad", "android", "windows", "mac", "linux", ""."""
    lowered = label.lower()
    for word, kind in (
        ("ipad", "ipad"),
        ("iphone", "iphone"),
        ("ios", "iphone"),
        ("android", "android"),
        ("windows", "windows"),
        ("mac", "mac"),
        ("chromeos", "chromeos"),
        ("linux", "linux"),
    ):
        if word in lowered:
            return kind
    return ""


def same_method(value: str, pattern: str) -> bool:
    """An email by address, a phone by its digits (the last six are enough), anything else by words."""
    value, pattern = value.strip().lower(), pattern.strip().lower()
    if "@" in value or "@" in pattern:
        return value == pattern
    digits, wanted = re.sub(r"\D", "", value), re.sub(r"\D", "", pattern)
    if len(digits) >= 6 and len(wanted) >= 6:
        return digits.endswith(wanted[-6:]) or wanted.endswith(digits[-6:])
    return bool(pattern) and matches(pattern, value)


def from_history(
    devices: Mapping[str, KeyStats],
    countries: Mapping[str, KeyStats],
    networks: Mapping[str, KeyStats],
    app_devices: Mapping[str, KeyStats] | None = None,
) -> Baseline:
    """The devices, countries and networks behind most of the export's own history.

    `devices` are then the person's own, and `app_devices` the apps that accessed the account from
    their cloud servers: each is weighed on its own, so that an app syncing every few minutes does
    not make the person's own phone look new. Countries and networks are the person's own only.
    """
    usual_devices = _usual(devices) + tuple(d for d in _usual(app_devices or {}) if d not in devices)
    return Baseline(
        origin="history",
        devices=usual_devices,
        places=_usual(countries),
        networks=_usual(networks),
    )


def _usual(table: Mapping[str, KeyStats]) -> tuple[str, ...]:
    total = sum(s.count for s in table.values())
    chosen: list[str] = []
    covered = 0
    for key, stats in sorted(table.items(), key=lambda kv: -kv[1].count):
        if total and covered / total >= USUAL_SHARE:
            break
        chosen.append(key)
        covered += stats.count
    return tuple(chosen)


def seen_memory(
    tally: Tally, methods: Iterable[AccountMethod] = (), apps: Iterable[ConnectedApp] = ()
) -> dict[str, tuple[str, ...]]:
    """What a check saw, to keep in the report's memory (ctx.remember) for the next check to compare with."""
    return {
        "devices": tuple(sorted(tally.devices)),
        "countries": tuple(sorted(tally.countries)),
        "networks": tuple(sorted(tally.networks)),
        "methods": tuple(sorted({m.value for m in methods})),
        "apps": tuple(sorted({a.name for a in apps})),
    }


def from_previous(result: CheckResult | None) -> Baseline | None:
    """The baseline a previous result holds (ctx.previous()): what it remembered, less what it flagged."""
    if result is None or result.problem is not None or not result.memory:
        return None
    flagged: dict[str, set[str]] = {key: set() for key in _FLAGGED_BY}
    for finding in result.findings:
        for key, (field_key, codes) in _FLAGGED_BY.items():
            if finding.code not in codes:
                continue
            field_name = text(field_key)
            flagged[key].update(e.fields[field_name] for e in finding.evidence if field_name in e.fields)

    def kept(key: str) -> tuple[str, ...]:
        return tuple(v for v in result.memory.get(key, ()) if v not in flagged[key])

    return Baseline(
        origin="previous",
        devices=kept("devices"),
        places=kept("countries"),
        networks=kept("networks"),
        methods=kept("methods"),
        apps=kept("apps"),
        since=result.finished,
    )
