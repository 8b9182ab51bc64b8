"""Asking the person which apps are theirs: the apps they name (--input known-apps), then questions."""

from __future__ import annotations

from checks.ios.judge.privacy import bare_bundle, is_known
from cybercheck.pipeline.context import Context, Question
from cybercheck.pipeline.words import text

MAX_APP_QUESTIONS = 30


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
