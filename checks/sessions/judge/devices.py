"""Sessions still signed in on a device the person does not know, and devices not seen before."""

from __future__ import annotations

from collections.abc import Iterator

from checks.sessions.baseline import Baseline
from checks.sessions.judge.rows import evidence_of
from checks.sessions.places import country_name
from checks.sessions.tally import Seen, Tally
from cybercheck.pipeline.model import Finding, Severity
from cybercheck.pipeline.words import text

MAX_ROWS = 10


def active_sessions(tally: Tally, baseline: Baseline, source: str, reported: set[str]) -> Iterator[Finding]:
    """Sessions still signed in on a device the baseline does not hold, one finding per device."""
    by_device: dict[str, list[Seen]] = {}
    for seen in tally.active:
        if not (seen.label or seen.event.ip or seen.event.place or seen.country):
            continue  # a placeholder row ("-1", dated 1970): it names no device, place or address at all
        label = seen.label or text("sessions.unnamed-device")
        if not baseline.knows_device(seen.label, seen.event.device):
            by_device.setdefault(label, []).append(seen)
    for label, rows in sorted(by_device.items()):
        reported.add(label)
        place = next((r.event.place for r in rows if "," in r.event.place), "")
        country = next((country_name(r.country) for r in rows if r.country), "")
        provider = rows[0].event.provider
        if place:
            subject = text("sessions.active-subject-near", provider=provider, device=label, place=place)
        elif country:
            subject = text("sessions.active-subject-in", provider=provider, device=label, country=country)
        else:
            subject = text("sessions.active-subject", provider=provider, device=label)
        yield Finding(
            code="sessions.active.unknown-device",
            severity=Severity.HIGH,
            subject=subject,
            evidence=tuple(evidence_of(r, source) for r in rows[:MAX_ROWS]),
        )


def new_devices(tally: Tally, baseline: Baseline, source: str, reported: set[str]) -> Iterator[Finding]:
    """Devices the baseline does not hold that were not already reported as still signed in."""
    for label, stats in sorted(tally.devices.items(), key=lambda kv: -kv[1].count):
        if label in reported:
            continue
        rows = stats.rows()
        raw = rows[0].event.device if rows else ""
        if baseline.knows_device(label, raw):
            continue
        yield Finding(
            code="sessions.signin.new-device",
            severity=Severity.MEDIUM,
            subject=text(
                "sessions.new-device-subject-one" if stats.count == 1 else "sessions.new-device-subject",
                provider=rows[0].event.provider,
                device=label,
                count=stats.count,
            ),
            evidence=tuple(evidence_of(r, source) for r in rows),
        )
