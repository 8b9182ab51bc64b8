"""Asks the person which devices, places and sign-in methods are theirs, when someone can answer."""

from __future__ import annotations

from collections.abc import Sequence

from checks.sessions.baseline import Baseline
from checks.sessions.judge.methods import method_kind
from checks.sessions.places import country_name
from checks.sessions.records import AccountMethod
from checks.sessions.tally import Tally
from cybercheck.pipeline.context import Context, Question
from cybercheck.pipeline.words import text

MAX_DEVICE_QUESTIONS = 8
MAX_PLACE_QUESTIONS = 6


def device_question(label: str, provider: str, count: int, last: str) -> Question:
    """The question asked about one device."""
    times = text("sessions.times-one" if count == 1 else "sessions.times", count=count)
    return Question(
        text=text(
            "sessions.device-question" if last else "sessions.device-question-undated",
            device=label,
            provider=provider,
            times=times,
            last=last,
        ),
        help=text("sessions.device-question-help"),
    )


def place_question(code: str, provider: str, count: int) -> Question:
    """The question asked about one country."""
    return Question(
        text=text(
            "sessions.place-question-one" if count == 1 else "sessions.place-question",
            country=country_name(code),
            provider=provider,
            count=count,
        ),
        help=text("sessions.place-question-help"),
    )


def method_question(method: AccountMethod) -> Question:
    """The question asked about one sign-in or recovery method."""
    return Question(
        text=text(
            "sessions.method-question",
            value=method.value,
            kind=method_kind(method.kind),
            provider=method.provider,
        )
    )


def ask_baseline(ctx: Context, tally: Tally, provider: str) -> Baseline | None:
    """The devices and countries the person says are theirs; None when nobody answered."""
    devices: list[str] = []
    active = {s.label for s in tally.active if s.label}
    order = sorted(tally.devices.items(), key=lambda kv: (kv[0] not in active, -kv[1].count))
    answered = False
    for label, stats in order[:MAX_DEVICE_QUESTIONS]:
        last = stats.last.event.when.date().isoformat() if stats.last and stats.last.event.when else ""
        answer = ctx.ask(device_question(label, provider, stats.count, last))
        if answer is None:
            if not answered:
                return None
            continue
        answered = True
        if answer == "yes":
            devices.append(label)
    places: list[str] = []
    for code, stats in sorted(tally.countries.items(), key=lambda kv: -kv[1].count)[:MAX_PLACE_QUESTIONS]:
        answer = ctx.ask(place_question(code, provider, stats.count))
        if answer is None and not answered:
            return None
        answered = answered or answer is not None
        if answer == "yes":
            places.append(code)
    if not answered:
        return None
    return Baseline(origin="answers", devices=tuple(devices), places=tuple(places))


def ask_methods(ctx: Context, methods: Sequence[AccountMethod], baseline: Baseline) -> dict[str, str]:
    """Answers ("yes"/"no") about methods the baseline does not already hold, by method value."""
    answers: dict[str, str] = {}
    for method in methods:
        if method.value in answers or baseline.knows_method(method.value, ctx.owner):
            continue
        answer = ctx.ask(method_question(method))
        if answer is None:
            break
        answers[method.value] = answer
    return answers
