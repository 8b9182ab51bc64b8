"""Judges the person's answer about a setting no app can read."""

from __future__ import annotations

from datetime import datetime

from checks.mail.records import ManualStep
from cybercheck.pipeline.model import Evidence, Finding
from cybercheck.pipeline.words import text


def judge_answer(step: ManualStep, answer: str, when: datetime) -> Finding | None:
    """A "yes" to a manual step's question is its finding; any other answer is none."""
    if answer != "yes":
        return None
    fields: dict[str, str] = {
        text("mail.label-question"): step.question,
        text("mail.label-answer"): text("mail.yes"),
    }
    return Finding(step.code, step.severity, step.subject, (Evidence(step.source, when, fields),))
