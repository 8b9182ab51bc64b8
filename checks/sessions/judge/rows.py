"""The evidence of one sign-in, session or access row, as a person reads it in the report."""

from __future__ import annotations

from checks.sessions.places import country_name
from checks.sessions.tally import Seen
from cybercheck.pipeline.model import Evidence
from cybercheck.pipeline.words import text


def kept(fields: dict[str, str]) -> dict[str, str]:
    """The fields that hold something."""
    return {name: value for name, value in fields.items() if value}


def evidence_of(seen: Seen, source: str) -> Evidence:
    """The exact row: time, address, place, network, device and where it was read."""
    event = seen.event
    fields: dict[str, str] = {
        text("sessions.field-provider"): event.provider,
        text("sessions.field-kind"): text(f"sessions.event-{event.kind.value}"),
        text("sessions.field-ip"): event.ip,
        text("sessions.field-place"): event.place or (country_name(seen.country) if seen.country else ""),
        text("sessions.field-country-code"): seen.country,
        text("sessions.field-network"): seen.network,
        text("sessions.field-device"): seen.label,
        text("sessions.field-user-agent"): event.device if event.device != seen.label else "",
        text("sessions.field-app"): event.app,
        text("sessions.field-still-signed-in"): text("sessions.signed-in-yes") if event.active else "",
        text("sessions.field-account"): event.account,
        text("sessions.field-file"): event.source,
    }
    return Evidence(source=source, when=event.when, fields=kept(fields))
