"""Going through a guided check: each step asked, each answer recorded as coverage or a gap, and judged.

- "yes" (something there they do not recognise) -> the step's finding;
- "no" (everything there is theirs) -> what was looked at;
- "not sure" -> a gap, so the result is incomplete rather than clean;
- "does not use this" -> looked at, as not used;
- no answer -> a gap; when no step is answered at all, the check is not run.
"""

from __future__ import annotations

from collections.abc import Iterator

from checks.guided.judge import judge_answer
from checks.guided.records import Answer, Choice
from checks.guided.sources.steps import steps_for
from cybercheck.errors import NeedUnmet
from cybercheck.pipeline.context import Context, Question
from cybercheck.pipeline.model import Finding
from cybercheck.pipeline.words import text


def go_through(check_id: str, ctx: Context) -> Iterator[Finding]:
    """Ask every step of `check_id` and yield the findings its answers give."""
    uses = {u.strip().lower() for u in ctx.inputs("uses")}
    answered = 0
    for step in steps_for(check_id):
        if uses and step.uses and step.uses not in uses:
            ctx.looked_at(text("guided.step-not-used-by-session", thing=step.thing))
            answered += 1
            continue
        question = Question(
            text=step.ask, choices=step.choices, help=step.help_text(), key=f"{check_id}:{step.key}"
        )
        choice = step.choice_of(ctx.ask(question))
        if choice is None:
            ctx.partial(text("guided.step-unanswered", thing=step.thing))
            continue
        answered += 1
        if choice is Choice.YES:
            ctx.looked_at(text("guided.step-yes", thing=step.thing, answer=step.yes))
        elif choice is Choice.UNSURE:
            ctx.partial(text("guided.step-unsure", thing=step.thing))
        else:
            ctx.looked_at(text(f"guided.step-{choice.value}", thing=step.thing))
        finding = judge_answer(Answer(check_id, step, choice, ctx.now()))
        if finding is not None:
            yield finding
    if not answered:
        raise NeedUnmet(text("guided.nothing-answered"))
