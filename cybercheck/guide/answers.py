"""Running a guided session from an answers file (`cybercheck guide --answers FILE.yaml`), with the same result.

The file gives the session's answers by question id, what to do at each proposed check
("skip", or the answers to its questions by key), inputs for checks that read files, and
optionally where to stop and how to save. `example_answers()` is the file shipped for the
README's demonstration.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from cybercheck.errors import ConfigError
from cybercheck.guide.session import Answer, AskQuestion, Finished, GuideError, GuideSession, OfferCheck
from cybercheck.pipeline.context import Question
from cybercheck.pipeline.model import CheckResult
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret
from cybercheck.yamldata import load_yaml

EXAMPLE = "example"


@dataclass(frozen=True)
class AnswersFile:
    """What an answers file says."""

    answers: Mapping[str, Answer] = field(default_factory=dict)
    checks: Mapping[str, Any] = field(default_factory=dict)  # check id -> "skip" | {question key: answer}
    inputs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    country: str | None = None
    operator: str | None = None
    case: str | None = None
    offline: bool = False
    stop_after: str | None = None
    save_output: str | None = None
    save_seal: bool = False


def example_answers() -> Path:
    """The example answers file shipped in the package."""
    return Path(str(resources.files(__package__).joinpath("examples", "answers.yaml")))


def load_answers(path: Path) -> AnswersFile:
    """Read an answers file; ConfigError in plain words when it cannot be used."""
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(text("cybercheck.answers-unreadable", path=path), detail=str(error)) from None
    except Exception as error:  # noqa: BLE001 - yaml raises many kinds for a malformed file
        raise ConfigError(text("cybercheck.answers-not-yaml", path=path), detail=str(error)) from None
    if not isinstance(raw, dict):
        raise ConfigError(text("cybercheck.answers-not-a-mapping", path=path))
    try:
        return _parse(raw, path.parent)
    except (TypeError, ValueError, AttributeError) as error:
        raise ConfigError(text("cybercheck.answers-not-laid-out", path=path), detail=str(error)) from None


def _answer(value: Any) -> Answer:
    if isinstance(value, bool):  # YAML reads a bare yes/no as a boolean
        return "yes" if value else "no"
    if isinstance(value, list):
        return tuple(_answer(v) for v in value)  # type: ignore[misc]  # one level of nesting: a list of choices
    return str(value)


def _parse(raw: Mapping[str, Any], base: Path) -> AnswersFile:
    answers = {str(k): _answer(v) for k, v in (raw.get("answers") or {}).items()}
    checks: dict[str, Any] = {}
    for check_id, value in (raw.get("checks") or {}).items():
        if isinstance(value, (str, bool)):
            checks[str(check_id)] = _answer(value)
        else:
            checks[str(check_id)] = {str(k): _answer(v) for k, v in (value or {}).items()}
    inputs: dict[str, tuple[str, ...]] = {}
    for name, value in (raw.get("inputs") or {}).items():
        values = value if isinstance(value, list) else [value]
        inputs[str(name)] = tuple(_resolve(str(v), base) for v in values)
    save = raw.get("save") or {}
    return AnswersFile(
        answers=answers,
        checks=checks,
        inputs=inputs,
        country=raw.get("country"),
        operator=raw.get("operator"),
        case=raw.get("case"),
        offline=bool(raw.get("offline", False)),
        stop_after=raw.get("stop_after"),
        save_output=str(save["output"]) if save.get("output") else None,
        save_seal=bool(save.get("seal", False)),
    )


def _resolve(value: str, base: Path) -> str:
    """A relative path that exists beside the answers file is read from there; anything else as written."""
    path = Path(value).expanduser()
    if path.is_absolute():
        return str(path)
    beside = base / path
    return str(beside.resolve()) if beside.exists() else value


class AnswersAsker:
    """Answers checks' questions from the file: by "CHECK:KEY" (guided checks), else by question text."""

    def __init__(self, checks: Mapping[str, Any]) -> None:
        self.checks = checks
        self.asked: list[str] = []

    def ask(self, question: Question) -> str | None:
        """The file's answer, or None (unanswered)."""
        self.asked.append(question.key or question.text)
        if question.key and ":" in question.key:
            check_id, key = question.key.split(":", 1)
            table = self.checks.get(check_id)
            if isinstance(table, Mapping) and key in table:
                return _text(table[key])
        for table in self.checks.values():
            if isinstance(table, Mapping) and question.text in table:
                return _text(table[question.text])
        return None

    def ask_hidden(self, prompt: str) -> Secret | None:
        """Secrets never come from an answers file (use CYBERCHECK_SECRET_NAME)."""
        return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def drive(
    session: GuideSession,
    answers: AnswersFile,
    *,
    on_result: Callable[[OfferCheck, CheckResult], None] | None = None,
) -> Finished:
    """Go through the whole session with the file's answers; returns how it finished."""
    for name, values in answers.inputs.items():
        session.give_input(name, *values)
    while True:
        prompt = session.current()
        if isinstance(prompt, Finished):
            return prompt
        if isinstance(prompt, AskQuestion):
            try:
                session.answer(answers.answers.get(prompt.question.id))
            except GuideError as error:
                raise ConfigError(
                    text(
                        "cybercheck.answers-answer-unusable", question=prompt.question.id, reason=error.plain
                    )
                ) from None
            continue
        what = answers.checks.get(prompt.proposed.check_id)
        if what == "skip":
            session.skip()
        else:
            result = session.run()
            if on_result:
                on_result(prompt, result)
        if answers.stop_after == prompt.proposed.check_id:
            session.stop()
