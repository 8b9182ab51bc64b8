"""Asks the person which devices, places and sign-in methods are theirs, when someone can answer."""

from __future__ import annotations

from collections.abc import Sequence

from checks.sessions.baseline import Baseline
from checks.sessions.places import country_name
from checks.sessions.records import AccountMethod
from checks.sessions.tally import Tally
from cybercheck.pipeline.context import Context, Question

MAX_DEVICE_QUESTIONS = 8
MAX_PLACE_QUESTIONS = 6


def device_question(label: str, provider: str, count: int, last: str) -> Question:
    """The question asked about one device."""
    return Question(
        text=f"Do you recognise this device: {label}? {provider} saw it {count} time{'s' if count != 1 else ''}"
        + (f", last on {last}." if last else "."),
        help="Answer yes if it is yours or someone's you trust, such as a work computer you use.",
    )


def place_question(code: str, provider: str, count: int) -> Question:
    """The question asked about one country."""
    return Question(
        text=f"Have you, or a device you use, been in {country_name(code)}? {provider} saw "
        f"{count} sign-in{'s' if count != 1 else ''} from there.",
        help="Phone networks and VPNs can make a sign-in look as if it came from another country.",
    )


def method_question(method: AccountMethod) -> Question:
    """The question asked about one sign-in or recovery method."""
    return Question(text=f"Did you set up {method.value} as a {method.kind.value} on your {method.provider} account?")


def ask_baseline(ctx: Context, tally: Tally, provider: str) -> Baseline | None:
    """The devices and countries the person says are theirs; None when nobody answered."""
    devices: list[str] = []
    refused: list[str] = []
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
        (devices if answer == "yes" else refused).append(label)
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
    return Baseline(origin="answers", devices=tuple(devices), places=tuple(places), refused=tuple(refused))


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
