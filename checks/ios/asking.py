"""Asking the person which apps are theirs: the apps they name (--input known-apps), then questions."""

from __future__ import annotations

from checks.ios.judge.automations import SendingAutomation
from checks.ios.judge.privacy import bare_bundle, is_known
from cybercheck.pipeline.context import Context, Question
from cybercheck.pipeline.words import text

MAX_APP_QUESTIONS = 30
MAX_AUTOMATION_QUESTIONS = 20
ANSWERS = ("yes", "no", "not sure")


def unrecognised_apps(ctx: Context, apps: dict[str, tuple[str, ...]], question: str) -> list[str]:
    """The apps the person says, or their list of apps shows, are not theirs; unanswered ones are a gap."""
    known = ctx.inputs("known-apps")
    unrecognised: list[str] = []
    unanswered: list[str] = []
    asked = 0
    for bundle, what in apps.items():
        if is_known(bundle, known) or ctx.indicators.ios_bundle(bare_bundle(bundle)) is not None:
            continue  # a listed app is judged by the indicator set, not by asking
        answer = None
        if asked < MAX_APP_QUESTIONS:
            asked += 1
            answer = ctx.ask(
                Question(
                    text(question, app=bundle, what=", ".join(what)),
                    choices=("yes", "no", "not sure"),
                    help=text("ios.ask-privacy-app-help"),
                    key=f"ios.apps:{bundle}",
                )
            )
        if answer == "yes":
            continue
        if answer in ("no", "not sure") or known:
            unrecognised.append(bundle)
        else:
            unanswered.append(bundle)
    ctx.looked_at(
        text("ios.apps-checked", count=len(apps), known=len(apps) - len(unrecognised) - len(unanswered))
    )
    if unanswered:
        ctx.partial(text("ios.apps-unconfirmed", count=len(unanswered), apps=", ".join(unanswered[:15])))
    return unrecognised


def automation_answers(ctx: Context, automations: list[SendingAutomation]) -> dict[str, str | None]:
    """Whether the person set up each automation that sends by itself, by shortcut name (None: unanswered).

    Unanswered ones that pass nothing on are a gap; those that do are judged all the same.
    """
    answers: dict[str, str | None] = {}
    for item in automations:
        name = item.shortcut.name
        if name in answers:
            continue
        answer = None
        if len(answers) < MAX_AUTOMATION_QUESTIONS:
            answer = ctx.ask(
                Question(
                    text(
                        "ios.ask-automation",
                        name=name,
                        when=text(f"ios.trigger-{item.trigger}"),
                        sends=", ".join(text(f"ios.shortcut-what-{k}") for k in item.sends),
                    ),
                    choices=ANSWERS,
                    help=text("ios.ask-automation-help"),
                    key=f"ios.automations:{name}",
                )
            )
        answers[name] = answer if answer in ANSWERS else None
    unanswered = sorted(
        {i.shortcut.name for i in automations if answers[i.shortcut.name] is None and not i.passes_on}
    )
    if unanswered:
        ctx.partial(
            text("ios.automations-unconfirmed", count=len(unanswered), names=", ".join(unanswered[:15]))
        )
    return answers
