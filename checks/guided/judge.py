"""The judgement of a guided check's answers: "yes" to a step is that step's finding, with the answer as evidence."""

from __future__ import annotations

from checks.guided.records import Answer, Choice
from cybercheck.pipeline.model import Evidence, Finding
from cybercheck.pipeline.words import text


def judge_answer(answer: Answer) -> Finding | None:
    """The finding an answer gives: only "yes, I see something I don't recognise" is one."""
    if answer.choice is not Choice.YES:
        return None
    step = answer.step
    return Finding(
        code=step.code,
        severity=step.severity,
        subject=text("guided.step-subject", subject=step.subject),
        evidence=(
            Evidence(
                source=text("guided.answer-source", check=answer.check_id),
                when=answer.when,
                fields={
                    "looked at": step.thing,
                    "question": step.ask,
                    "answer": step.yes,
                    "where": "; ".join(f"{label}: {path}" for label, path in step.where),
                },
            ),
        ),
    )
