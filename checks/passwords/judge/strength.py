"""Judges strength ratings: passwords the estimator calls very easy to guess."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checks.passwords.judge.entries import accounts, entry_evidence, protects_email
from checks.passwords.records import StrengthRating
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

WEAK_SCORE = 1  # zxcvbn 0 and 1: "too guessable" and "very guessable"


def judge_weak(ratings: Iterable[StrengthRating]) -> Iterator[Finding]:
    """A finding for each password the estimator rates as very easy to guess."""
    for rating in ratings:
        if rating.score > WEAK_SCORE:
            continue
        severity = Severity.MEDIUM if rating.score == 0 else Severity.LOW
        if protects_email(rating.entries):
            severity = Severity(severity + 1)
        none = text("passwords.none-given")
        fields: dict[str, str] = {
            text("passwords.field-estimator"): rating.estimator,
            text("passwords.field-score"): text("passwords.score-of-4", score=rating.score),
            text("passwords.field-hint"): rating.warning or none,
            text("passwords.field-suggestions"): " ".join(rating.suggestions) or none,
            text("passwords.field-online-time"): rating.online_time,
        }
        source = text("passwords.strength-source", estimator=rating.estimator)
        yield Finding(
            code="passwords.reuse.weak",
            severity=severity,
            subject=text("passwords.weak-subject", accounts=accounts(rating.entries)),
            evidence=(Evidence(source=source, fields=fields), *entry_evidence(rating.entries)),
        )
