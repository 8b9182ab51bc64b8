"""The script of a guided session, read from questions.yaml and concerns.yaml: questions, concerns, suggestions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from cybercheck.yamldata import load_yaml

Kind = Literal["choice", "multi", "text"]


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer a question offers."""

    id: str
    label: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GuideQuestion:
    """A question of the session itself (checks ask their own through ctx.ask)."""

    id: str
    stage: str
    kind: Kind
    text: str
    help: str | None = None
    choices: tuple[Choice, ...] = ()
    sensitive: bool = False  # kept out of every file that is not sealed
    optional: bool = False
    stop_if: tuple[str, ...] = ()
    ask_if: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (question id, any of these choices)

    def choice(self, choice_id: str) -> Choice | None:
        """The choice with this id, or None."""
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True, slots=True)
class Concern:
    """Something the client may be experiencing."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class WayIn:
    """A kind of explanation; ways in are proposed in the order they are listed."""

    id: str
    label: str
    rank: int


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A check that could explain some concerns, and why."""

    check_id: str
    way_in: WayIn
    explains: tuple[tuple[str, str], ...]  # (concern id, why)
    order: int
    only_for: tuple[str, ...] = ()  # device or app tags; empty means everyone
    unless: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (question id, any of these choices) leaves it out

    def why(self, concern_id: str) -> str | None:
        """Why this check could explain one concern, or None."""
        return dict(self.explains).get(concern_id)


@dataclass(frozen=True, slots=True)
class Script:
    """Everything a session asks and proposes."""

    questions: tuple[GuideQuestion, ...]
    concerns: tuple[Concern, ...]
    ways_in: tuple[WayIn, ...]
    suggestions: tuple[Suggestion, ...]

    def question(self, question_id: str) -> GuideQuestion:
        """The question with this id."""
        return next(q for q in self.questions if q.id == question_id)

    def concern(self, concern_id: str) -> Concern | None:
        """The concern with this id, or None."""
        return next((c for c in self.concerns if c.id == concern_id), None)


def _text(package: str, name: str) -> Any:
    return load_yaml(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


def _choices(raw: list[Mapping[str, Any]]) -> tuple[Choice, ...]:
    return tuple(Choice(str(c["id"]), c["label"], tuple(c.get("tags", ()))) for c in raw)


def parse_script(questions: list[Mapping[str, Any]], concerns: Mapping[str, Any]) -> Script:
    """A Script from the two data files' contents; ValueError when they do not fit together."""
    concern_list = tuple(Concern(str(c["id"]), c["label"]) for c in concerns["concerns"])
    ways = tuple(WayIn(w["id"], w["label"], rank) for rank, w in enumerate(concerns["ways_in"]))
    by_id = {w.id: w for w in ways}
    known = {c.id for c in concern_list}
    choice_ids = {str(q["id"]): {str(c["id"]) for c in q.get("choices", ())} for q in questions}
    suggestions = []
    for order, raw in enumerate(concerns["suggestions"]):
        if raw["way_in"] not in by_id:
            raise ValueError(f"suggestion {raw['check']} names an unknown way in {raw['way_in']}")
        unknown = set(raw["explains"]) - known
        if unknown:
            raise ValueError(f"suggestion {raw['check']} explains unknown concerns {sorted(unknown)}")
        unless = tuple((str(k), tuple(str(x) for x in v)) for k, v in (raw.get("unless") or {}).items())
        for question_id, wanted in unless:
            if not set(wanted) <= choice_ids.get(question_id, set()):
                raise ValueError(
                    f"suggestion {raw['check']} is left out by unknown answers {question_id}: {wanted}"
                )
        suggestions.append(
            Suggestion(
                check_id=raw["check"],
                way_in=by_id[raw["way_in"]],
                explains=tuple((str(k), " ".join(str(v).split())) for k, v in raw["explains"].items()),
                order=order,
                only_for=tuple(raw.get("for", ())),
                unless=unless,
            )
        )
    parsed = []
    for raw in questions:
        choices = _choices(raw.get("choices", ()))
        if raw.get("choices_from") == "concerns":
            choices = tuple(Choice(c.id, c.label) for c in concern_list)
        parsed.append(
            GuideQuestion(
                id=raw["id"],
                stage=raw["stage"],
                kind=raw["kind"],
                text=raw["text"].strip(),
                help=" ".join(raw["help"].split()) if raw.get("help") else None,
                choices=choices,
                sensitive=bool(raw.get("sensitive")),
                optional=bool(raw.get("optional")),
                stop_if=tuple(str(s) for s in raw.get("stop_if", ())),
                ask_if=tuple((k, tuple(str(x) for x in v)) for k, v in (raw.get("ask_if") or {}).items()),
            )
        )
    return Script(tuple(parsed), concern_list, ways, tuple(suggestions))


@lru_cache(maxsize=1)
def default_script() -> Script:
    """The script cybercheck ships."""
    return parse_script(_text(__package__, "questions.yaml"), _text(__package__, "concerns.yaml"))
