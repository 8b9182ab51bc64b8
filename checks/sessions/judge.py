"""One judgement for every provider's sign-ins, sessions, sign-in methods and connected apps.

Knows no export format. It compares what the tally saw with the person's baseline and
returns findings with the exact rows as evidence; the words live in advice/findings/sessions.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import timedelta

from checks.sessions.baseline import Baseline
from checks.sessions.places import country_name, min_distance_km
from checks.sessions.records import AccountMethod, ConnectedApp, MethodKind
from checks.sessions.tally import Seen, Tally
from cybercheck.pipeline.model import Evidence, Finding, Severity

AIRLINER_KMH = 1000.0  # faster than any airliner flies, gate to gate
MIN_TRAVEL_KM = 500.0  # closer than this, approximate places cannot tell
FAILED_BURST = (5, timedelta(hours=1))
RESET_BURST = (3, timedelta(hours=24))
MAX_TRAVEL_FINDINGS = 5
SENSITIVE = {
    "mail": ("mail", "gmail", "email", "inbox"),
    "contacts": ("contact", "people", "address book", "addressbook"),
    "location": ("location", "geo"),
    "direct messages": ("directmessage", "direct message", "dm", "messages"),
}


def evidence_of(seen: Seen, source: str) -> Evidence:
    """The exact row: time, address, place, network, device and where it was read."""
    event = seen.event
    fields = {
        "provider": event.provider,
        "kind": event.kind.value,
        "ip": event.ip,
        "place": event.place or (country_name(seen.country) if seen.country else ""),
        "country code": seen.country,
        "network": seen.network,
        "device": seen.label,
        "user agent": event.device if event.device != seen.label else "",
        "app": event.app,
        "still signed in": "yes" if event.active else "",
        "account": event.account,
        "file": event.source,
    }
    return Evidence(source=source, when=event.when, fields={k: v for k, v in fields.items() if v})


def judge_sessions(tally: Tally, baseline: Baseline, *, source: str) -> Iterator[Finding]:
    """Findings about sessions and sign-ins: unknown devices, new countries and networks, travel, bursts."""
    reported: set[str] = set()
    yield from _active_sessions(tally, baseline, source, reported)
    yield from _new_devices(tally, baseline, source, reported)
    yield from _new_countries(tally, baseline, source)
    yield from _new_networks(tally, baseline, source)
    yield from _impossible_travel(tally, source)
    yield from _bursts(tally.failures, FAILED_BURST, "sessions.signin.failed-burst", "failed sign-ins", source)
    yield from _bursts(tally.resets, RESET_BURST, "sessions.password.reset-burst", "password resets or changes", source)


def _active_sessions(tally: Tally, baseline: Baseline, source: str, reported: set[str]) -> Iterator[Finding]:
    by_device: dict[str, list[Seen]] = {}
    for seen in tally.active:
        label = seen.label or "an unnamed device"
        if not baseline.knows_device(seen.label, seen.event.device):
            by_device.setdefault(label, []).append(seen)
    for label, rows in sorted(by_device.items()):
        reported.add(label)
        place = next((r.event.place for r in rows if "," in r.event.place), "")
        country = next((country_name(r.country) for r in rows if r.country), "")
        where = f", near {place}" if place else (f", in {country}" if country else "")
        subject = f"{rows[0].event.provider}: still signed in on {label}{where}"
        yield Finding(
            code="sessions.active.unknown-device",
            severity=Severity.HIGH,
            subject=subject,
            evidence=tuple(evidence_of(r, source) for r in rows[:10]),
        )


def _new_devices(tally: Tally, baseline: Baseline, source: str, reported: set[str]) -> Iterator[Finding]:
    for label, stats in sorted(tally.devices.items(), key=lambda kv: -kv[1].count):
        if label in reported:
            continue
        raw = stats.rows()[0].event.device if stats.rows() else ""
        if baseline.knows_device(label, raw):
            continue
        rows = stats.rows()
        yield Finding(
            code="sessions.signin.new-device",
            severity=Severity.MEDIUM,
            subject=f"{rows[0].event.provider}: {label}, used {stats.count} time{'s' if stats.count != 1 else ''}",
            evidence=tuple(evidence_of(r, source) for r in rows),
        )


def _new_countries(tally: Tally, baseline: Baseline, source: str) -> Iterator[Finding]:
    for code, stats in sorted(tally.countries.items(), key=lambda kv: -kv[1].count):
        rows = stats.rows()
        if any(baseline.knows_country(code, r.event.place) for r in rows) or baseline.knows_country(code):
            continue
        yield Finding(
            code="sessions.signin.new-country",
            severity=Severity.MEDIUM,
            subject=f"{rows[0].event.provider}: {stats.count} sign-in{'s' if stats.count != 1 else ''} "
            f"from {country_name(code)}, a country not seen before",
            evidence=tuple(evidence_of(r, source) for r in rows),
        )


def _new_networks(tally: Tally, baseline: Baseline, source: str) -> Iterator[Finding]:
    new = [(name, s) for name, s in tally.networks.items() if not baseline.knows_network(name)]
    if not new:
        return
    new.sort(key=lambda kv: -kv[1].count)
    rows = [stats.rows()[0] for _, stats in new[:20]]
    yield Finding(
        code="sessions.signin.new-network",
        severity=Severity.LOW,
        subject=f"{rows[0].event.provider}: sign-ins through {len(new)} network{'s' if len(new) != 1 else ''} "
        "not seen before",
        evidence=tuple(evidence_of(r, source) for r in rows),
    )


def _impossible_travel(tally: Tally, source: str) -> Iterator[Finding]:
    ends = tally.travel_ends()
    trips: dict[tuple[str, str], tuple[float, Seen, Seen, float]] = {}
    last_by_country: dict[str, Seen] = {}
    for seen in ends:
        for country, before in last_by_country.items():
            if country == seen.country or before.event.ip == seen.event.ip:
                continue
            distance = min_distance_km(before.country, seen.country)
            if distance is None or distance < MIN_TRAVEL_KM:
                continue
            hours = (seen.event.when - before.event.when).total_seconds() / 3600  # type: ignore[operator]
            speed = distance / max(hours, 1 / 60)
            if speed <= AIRLINER_KMH:
                continue
            key = tuple(sorted((before.country, seen.country)))
            if key not in trips or speed > trips[key][0]:
                trips[key] = (speed, before, seen, distance)  # type: ignore[index]
        last_by_country[seen.country] = seen
    for speed, before, after, distance in sorted(trips.values(), key=lambda t: -t[0])[:MAX_TRAVEL_FINDINGS]:
        minutes = max(1, round((after.event.when - before.event.when).total_seconds() / 60))  # type: ignore[operator]
        first = evidence_of(before, source)
        second = evidence_of(after, source)
        note = Evidence(
            source=source,
            when=after.event.when,
            fields={
                "at least this far apart": f"{round(distance, -1):.0f} km",
                "time between": f"{minutes} minutes",
                "speed needed": f"over {round(speed, -2):.0f} km/h",
            },
        )
        yield Finding(
            code="sessions.signin.impossible-travel",
            severity=Severity.HIGH,
            subject=f"{before.event.provider}: activity from {country_name(before.country)} and "
            f"{country_name(after.country)} {minutes} minutes apart",
            evidence=(first, second, note),
        )


def _bursts(rows: Sequence[Seen], rule: tuple[int, timedelta], code: str, what: str, source: str) -> Iterator[Finding]:
    count, window = rule
    dated = sorted((r for r in rows if r.event.when), key=lambda r: r.event.when)  # type: ignore[arg-type, return-value]
    start = 0
    best: tuple[int, int] | None = None
    for end in range(len(dated)):
        while dated[end].event.when - dated[start].event.when > window:  # type: ignore[operator]
            start += 1
        if end - start + 1 >= count and (best is None or end - start > best[1] - best[0]):
            best = (start, end)
    if best is None:
        return
    burst = dated[best[0] : best[1] + 1]
    shown = burst[:5] + burst[-5:] if len(burst) > 10 else burst
    yield Finding(
        code=code,
        severity=Severity.HIGH,
        subject=f"{burst[0].event.provider}: {len(burst)} {what} within {_plain(window)}",
        evidence=tuple(evidence_of(r, source) for r in shown),
    )


def _plain(window: timedelta) -> str:
    hours = window.total_seconds() / 3600
    return "an hour" if hours == 1 else f"{hours:.0f} hours"


def judge_methods(
    methods: Iterable[AccountMethod], baseline: Baseline, *, answers: dict[str, str], owner: Sequence[str],
    previous: Baseline | None, source: str,
) -> Iterator[Finding]:
    """Recovery addresses, two-step methods, app passwords and trusted devices the person may not know."""
    for method in methods:
        if method.kind is MethodKind.PASSWORD:
            continue
        answer = answers.get(method.value)
        known = answer == "yes" or baseline.knows_method(method.value, owner)
        if method.kind is MethodKind.TRUSTED_DEVICE:
            known = known or baseline.knows_device(method.value, method.value)
        if known and answer != "no":
            continue
        new_since = previous is not None and not previous.knows_method(method.value)
        if answer == "no":
            code, severity = "sessions.method.unknown", Severity.URGENT
        elif new_since:
            code, severity = "sessions.method.new", Severity.HIGH
        elif method.kind is MethodKind.APP_PASSWORD:
            code, severity = "sessions.method.app-password", Severity.MEDIUM
        else:
            code, severity = "sessions.method.unconfirmed", Severity.MEDIUM
        fields = {
            "provider": method.provider, "account": method.account, "method": method.value,
            "type": method.kind.value, "provider's name for it": method.detail, "file": method.source,
        }
        yield Finding(
            code=code,
            severity=severity,
            subject=f"{method.provider}: {method.kind.value} {method.value}",
            evidence=(Evidence(source=source, when=method.added, fields={k: v for k, v in fields.items() if v}),),
        )


def sensitive_access(app: ConnectedApp) -> tuple[str, ...]:
    """Which of mail, contacts, location and direct messages an app's permissions reach."""
    words = " ".join(app.permissions).lower()
    return tuple(kind for kind, markers in SENSITIVE.items() if any(m in words for m in markers))


def judge_apps(apps: Iterable[ConnectedApp], baseline: Baseline, *, source: str) -> Iterator[Finding]:
    """Connected apps that can read mail, contacts, location or private messages."""
    for app in apps:
        reach = sensitive_access(app)
        if not reach or baseline.knows_app(app.name):
            continue
        fields = {
            "provider": app.provider, "account": app.account, "app": app.name,
            "can reach": ", ".join(reach), "permissions": ", ".join(app.permissions), "file": app.source,
        }
        yield Finding(
            code="sessions.app.sensitive-access",
            severity=Severity.MEDIUM,
            subject=f"{app.provider}: the app {app.name} can reach your {', '.join(reach)}",
            evidence=(Evidence(source=source, when=app.approved, fields={k: v for k, v in fields.items() if v}),),
        )
