"""Which baseline a check judges against (the known file, the previous report, answers or the history),
and the coverage sentence that tells the person which it was."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from checks.sessions.asking import ask_baseline
from checks.sessions.baseline import Baseline, from_history, from_previous
from checks.sessions.places import country_name
from checks.sessions.sources.known_file import read_known
from checks.sessions.tally import Tally
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.words import text

SHOWN_IN_COVERAGE = 5


def choose_baseline(ctx: Context, tally: Tally, provider: str) -> tuple[Baseline, Baseline | None]:
    """The baseline to judge against, and the previous check's (for "new since"); says which in coverage."""
    previous = from_previous(ctx.previous())
    known_path = ctx.input_path("known")
    if known_path is not None:
        known = read_known(known_path)
        if previous:
            known = replace(
                known,
                devices=known.devices + previous.devices,
                places=known.places + previous.places,
                networks=known.networks + previous.networks,
                methods=known.methods + previous.methods,
            )
        ctx.looked_at(
            text(
                "sessions.known-and-previous-used" if previous else "sessions.known-used",
                name=known_path.name,
            )
        )
        return known, previous
    if previous is not None:
        ctx.looked_at(said_previous(previous))
        return previous, previous
    answered = ask_baseline(ctx, tally, provider)
    if answered is not None:
        ctx.looked_at(text("sessions.answers-used"))
        return answered, None
    assumed = from_history(tally.own_devices, tally.countries, tally.networks, tally.app_devices)
    ctx.looked_at(said_assumed(assumed))
    return assumed, None


def said_previous(previous: Baseline) -> str:
    """The coverage sentence for a baseline taken from the previous check's saved report."""
    if previous.since:
        return text("sessions.previous-used-on", date=previous.since.date().isoformat())
    return text("sessions.previous-used")


def said_assumed(assumed: Baseline) -> str:
    """The coverage sentence for a baseline assumed from the history, naming what was taken as the person's."""
    parts = [
        _some(assumed.devices, "sessions.more-device", "sessions.more-devices"),
        _some([country_name(c) for c in assumed.places], "sessions.more-country", "sessions.more-countries"),
    ]
    if assumed.networks:
        count = len(assumed.networks)
        parts.append(text("sessions.providers-one" if count == 1 else "sessions.providers", count=count))
    named = "; ".join(p for p in parts if p)
    return text("sessions.history-used-named", named=named) if named else text("sessions.history-used")


def _some(values: Sequence[str], one_more: str, more: str) -> str:
    if len(values) <= SHOWN_IN_COVERAGE:
        return ", ".join(values)
    rest = len(values) - SHOWN_IN_COVERAGE
    return text(one_more if rest == 1 else more, shown=", ".join(values[:SHOWN_IN_COVERAGE]), count=rest)
