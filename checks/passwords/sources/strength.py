"""Password strength from the zxcvbn estimator: a score from 0 to 4 and its plain-language hint."""

from __future__ import annotations

from collections.abc import Sequence

from checks.passwords.records import PasswordEntry, StrengthRating

MAX_LENGTH = 72  # zxcvbn refuses longer input; the first 72 characters decide how guessable it is


def estimator_name() -> str:
    """The estimator and its version, for the evidence."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"zxcvbn {version('zxcvbn')}"
    except PackageNotFoundError:
        return "zxcvbn"


def rate(group: Sequence[PasswordEntry]) -> StrengthRating:
    """The estimator's rating of a group's shared password (its sites and names count as guessable words)."""
    from zxcvbn import zxcvbn

    hints = sorted({w for e in group for w in (e.site, e.username, e.title) if w})
    result = zxcvbn(group[0].password.reveal()[:MAX_LENGTH], user_inputs=hints)
    feedback = result.get("feedback") or {}
    times = result.get("crack_times_display") or {}
    return StrengthRating(
        entries=tuple(group),
        score=int(result.get("score", 0)),
        warning=str(feedback.get("warning") or ""),
        suggestions=tuple(str(s) for s in feedback.get("suggestions") or ()),
        online_time=str(times.get("online_throttling_100_per_hour", "")),
        estimator=estimator_name(),
    )
