"""Sign-ins and sessions against the person's baseline: devices, countries, networks, travel, bursts.

Knows no export format: it sees the tally of LoginEvents (tally.py) and the baseline. The words
of each finding code are in advice.yaml; its subject and evidence labels in words.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from checks.sessions.baseline import Baseline
from checks.sessions.judge.devices import active_sessions, new_devices
from checks.sessions.judge.rows import evidence_of
from checks.sessions.places import country_name, min_distance_km
from checks.sessions.tally import Seen, Tally
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

AIRLINER_KMH = 1000.0  # faster than any airliner flies, gate to gate
MIN_TRAVEL_KM = 500.0  # closer than this, approximate places cannot tell
FAILED_BURST = (5, timedelta(hours=1))
RESET_BURST = (3, timedelta(hours=24))
MAX_TRAVEL_FINDINGS = 5
MAX_NETWORK_ROWS = 20


def judge_sessions(tally: Tally, baseline: Baseline, *, source: str) -> Iterator[Finding]:
    """Findings about sessions and sign-ins: unknown devices, new countries and networks, travel, bursts."""
    reported: set[str] = set()
    yield from active_sessions(tally, baseline, source, reported)
    yield from new_devices(tally, baseline, source, reported)
    yield from _new_countries(tally, baseline, source)
    yield from _new_networks(tally, baseline, source)
    yield from _impossible_travel(tally, source)
    yield from _bursts(tally.failures, FAILED_BURST, "sessions.signin.failed-burst", source)
    yield from _bursts(tally.resets, RESET_BURST, "sessions.password.reset-burst", source)


# The subject of each burst finding, by its code.
_BURST_SUBJECTS = {
    "sessions.signin.failed-burst": "sessions.failed-burst-subject",
    "sessions.password.reset-burst": "sessions.reset-burst-subject",
}


def _new_countries(tally: Tally, baseline: Baseline, source: str) -> Iterator[Finding]:
    for code, stats in sorted(tally.countries.items(), key=lambda kv: -kv[1].count):
        rows = stats.rows()
        if any(baseline.knows_country(code, r.event.place) for r in rows) or baseline.knows_country(code):
            continue
        yield Finding(
            code="sessions.signin.new-country",
            severity=Severity.MEDIUM,
            subject=text(
                "sessions.new-country-subject-one" if stats.count == 1 else "sessions.new-country-subject",
                provider=rows[0].event.provider,
                count=stats.count,
                country=country_name(code),
            ),
            evidence=tuple(evidence_of(r, source) for r in rows),
        )


def _new_networks(tally: Tally, baseline: Baseline, source: str) -> Iterator[Finding]:
    new = [(name, s) for name, s in tally.networks.items() if not baseline.knows_network(name)]
    if not new:
        return
    new.sort(key=lambda kv: -kv[1].count)
    rows = [stats.rows()[0] for _, stats in new[:MAX_NETWORK_ROWS]]
    yield Finding(
        code="sessions.signin.new-network",
        severity=Severity.LOW,
        subject=text(
            "sessions.new-network-subject-one" if len(new) == 1 else "sessions.new-network-subject",
            provider=rows[0].event.provider,
            count=len(new),
        ),
        evidence=tuple(evidence_of(r, source) for r in rows),
    )


def _impossible_travel(tally: Tally, source: str) -> Iterator[Finding]:
    trips: dict[tuple[str, str], tuple[float, Seen, Seen, float]] = {}
    last_by_country: dict[str, Seen] = {}
    for seen in tally.travel_ends():
        for country, before in last_by_country.items():
            if country == seen.country or before.event.ip == seen.event.ip:
                continue
            distance = min_distance_km(before.country, seen.country)
            if distance is None or distance < MIN_TRAVEL_KM:
                continue
            speed = distance / max(_seconds_between(before, seen) / 3600, 1 / 60)
            if speed <= AIRLINER_KMH:
                continue
            first, second = sorted((before.country, seen.country))
            key = (first, second)
            if key not in trips or speed > trips[key][0]:
                trips[key] = (speed, before, seen, distance)
        last_by_country[seen.country] = seen
    for speed, before, after, distance in sorted(trips.values(), key=lambda t: -t[0])[:MAX_TRAVEL_FINDINGS]:
        minutes = max(1, round(_seconds_between(before, after) / 60))
        note = Evidence(
            source=source,
            when=after.event.when,
            fields={
                text("sessions.field-distance"): text(
                    "sessions.distance-km", km=f"{round(distance, -1):.0f}"
                ),
                text("sessions.field-time-between"): text("sessions.minutes", minutes=minutes),
                text("sessions.field-speed"): text("sessions.speed-over", kmh=f"{round(speed, -2):.0f}"),
            },
        )
        yield Finding(
            code="sessions.signin.impossible-travel",
            severity=Severity.HIGH,
            subject=text(
                "sessions.travel-subject",
                provider=before.event.provider,
                first=country_name(before.country),
                second=country_name(after.country),
                minutes=minutes,
            ),
            evidence=(evidence_of(before, source), evidence_of(after, source), note),
        )


def _seconds_between(before: Seen, after: Seen) -> float:
    """Seconds from one dated row to a later one (travel ends are always dated)."""
    start, end = before.event.when, after.event.when
    return (end - start).total_seconds() if start is not None and end is not None else 0.0


def _bursts(rows: Sequence[Seen], rule: tuple[int, timedelta], code: str, source: str) -> Iterator[Finding]:
    count, window = rule
    dated: list[tuple[datetime, Seen]] = sorted(
        ((r.event.when, r) for r in rows if r.event.when), key=lambda pair: pair[0]
    )
    start = 0
    best: tuple[int, int] | None = None
    for end in range(len(dated)):
        while dated[end][0] - dated[start][0] > window:
            start += 1
        if end - start + 1 >= count and (best is None or end - start > best[1] - best[0]):
            best = (start, end)
    if best is None:
        return
    burst = [row for _, row in dated[best[0] : best[1] + 1]]
    shown = burst[:5] + burst[-5:] if len(burst) > 10 else burst
    hours = window.total_seconds() / 3600
    within = (
        text("sessions.window-hour") if hours == 1 else text("sessions.window-hours", hours=f"{hours:.0f}")
    )
    yield Finding(
        code=code,
        severity=Severity.HIGH,
        subject=text(
            _BURST_SUBJECTS[code], provider=burst[0].event.provider, count=len(burst), window=within
        ),
        evidence=tuple(evidence_of(r, source) for r in shown),
    )
