"""Every sentence a person reads is data: each area's words.yaml and advice.yaml, found by entry point.

An area registers its package under the entry-point group "cybercheck.words" with the area's
name ("mail" = "checks.mail"); a third-party area does the same in its own pyproject. The
package holds `words.yaml` (check titles and descriptions, input labels, and text templates for
coverage, gaps, errors and finding subjects) and `advice.yaml` (the words of each finding code).
Files are read only when a word of their area is first needed, so listing checks stays fast.
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from cybercheck.yamldata import load_yaml

GROUP = "cybercheck.words"
ENGINE_AREA = "cybercheck"
# Set while a check runs in the guide or the web app: a sentence with a `text_guided` form (no
# flags, no commands) is made in that form there.
_GUIDED: ContextVar[bool] = ContextVar("cybercheck_guided_words", default=False)


@contextmanager
def guided_words(guided: bool = True) -> Iterator[None]:
    """Within this block (in this thread), sentences are made in their guided form where they have one."""
    token = _GUIDED.set(guided)
    try:
        yield
    finally:
        _GUIDED.reset(token)


class Text(str):
    """A sentence made from a words template: it reads as the sentence and keeps its key and fields.

    Being a `str`, it goes wherever a sentence went (reports, errors, JSON); the key and the
    fields are what a translation would render again.
    """

    key: str
    fields: Mapping[str, str]

    def __new__(cls, key: str, fields: Mapping[str, str]) -> Text:
        made = super().__new__(cls, _render(key, fields))
        made.key = key
        made.fields = MappingProxyType(dict(fields))
        return made

    def __reduce__(self) -> tuple[object, tuple[str, Mapping[str, str]]]:
        return (Text, (self.key, dict(self.fields)))


def text(key: str, /, **fields: object) -> Text:
    """The sentence `key` ("area.name") with `fields` put in its template."""
    return Text(key, {name: str(value) for name, value in fields.items()})


@dataclass(frozen=True, slots=True)
class CheckWords:
    """What people read about one check."""

    title: str
    looks_at: str
    about: str
    blind_spots: tuple[str, ...]
    needs: Mapping[str, str]  # need name -> how to meet it (at the command line)
    # need name -> how to meet it in the guide and the web app, where no flags or commands are typed
    needs_guided: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class InputWords:
    """How an input is named to a person, and a hint on how to give it."""

    label: str
    hint: str


@lru_cache(maxsize=1)
def areas() -> Mapping[str, str]:
    """Every registered area's name and the package holding its words."""
    from cybercheck.pipeline.plugins import registered

    return MappingProxyType({ep.name: ep.value for ep in registered(GROUP)})


def _package_file(area: str, name: str) -> Any:
    package = areas().get(area)
    if package is None:
        return None
    try:
        resource = resources.files(package).joinpath(name)
        if not resource.is_file():
            return None
        return load_yaml(resource.read_text(encoding="utf-8"))
    except (ModuleNotFoundError, OSError):
        return None


@cache
def area_words(area: str) -> Mapping[str, Any]:
    """The parsed words.yaml of one area (empty when the area has none)."""
    return MappingProxyType(_package_file(area, "words.yaml") or {})


@cache
def area_advice(area: str) -> Mapping[str, Any]:
    """The parsed advice.yaml of one area: finding code -> its words."""
    return MappingProxyType(_package_file(area, "advice.yaml") or {})


def template(key: str) -> str | None:
    """The template for `key` ("area.name"), or None when no words file has it.

    In a guided run (`guided_words`), the area's `text_guided` form comes first.
    """
    area, _, name = key.partition(".")
    words = area_words(area)
    if _GUIDED.get():
        guided = (words.get("text_guided") or {}).get(name)
        if isinstance(guided, str):
            return guided.strip()
    found = words.get("text", {}).get(name)
    return found.strip() if isinstance(found, str) else None


class _Blank(dict[str, str]):
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def _render(key: str, fields: Mapping[str, str]) -> str:
    found = template(key)
    if found is None:  # never lose what a check said: the key and its values stand in for the sentence
        values = ", ".join(f"{k}: {v}" for k, v in fields.items())
        return f"{key} ({values})" if values else key
    return string.Formatter().vformat(found, (), _Blank(fields))


def check_words(check_id: str) -> CheckWords | None:
    """The words of the check `check_id`, from its area's words.yaml."""
    area, _, name = check_id.partition(".")
    raw = area_words(area).get("checks", {}).get(name)
    if not isinstance(raw, Mapping):
        return None
    return CheckWords(
        title=str(raw.get("title", check_id)).strip(),
        looks_at=str(raw.get("looks_at", "")).strip(),
        about=str(raw.get("about", "")).strip(),
        blind_spots=tuple(str(s).strip() for s in raw.get("blind_spots", ())),
        needs=MappingProxyType({str(k): str(v).strip() for k, v in (raw.get("needs") or {}).items()}),
        needs_guided=MappingProxyType({str(k): str(v).strip() for k, v in (raw.get("needs_guided") or {}).items()}),
    )


def input_words(area: str, name: str) -> InputWords | None:
    """The label and hint of the input `name`, from `area`'s words and then every other area's."""
    return _labelled("inputs", area, name)


def secret_words(area: str, name: str) -> InputWords | None:
    """The label of the secret `name` (a password, key or token), from the areas' words."""
    return _labelled("secrets", area, name)


def _labelled(section: str, area: str, name: str) -> InputWords | None:
    for where in (area, *(a for a in areas() if a != area)):
        raw = area_words(where).get(section, {}).get(name)
        if isinstance(raw, Mapping):
            return InputWords(
                label=str(raw.get("label", name)).strip(), hint=str(raw.get("hint", "")).strip()
            )
    return None
