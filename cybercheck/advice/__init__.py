"""The words for every finding, kept as data: one YAML file per area in findings/, shared cautions."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from cybercheck.pipeline.model import Advice, Step
from cybercheck.yamldata import load_yaml

_CAUTION_REF = "@"


@lru_cache(maxsize=1)
def cautions() -> Mapping[str, str]:
    """Cautions shared by many steps, by name (a step writes `caution: "@name"`)."""
    text = resources.files(__package__).joinpath("cautions.yaml").read_text(encoding="utf-8")
    return dict(load_yaml(text))


@lru_cache(maxsize=1)
def all_advice() -> Mapping[str, Advice]:
    """Every finding code's advice, from every file in findings/."""
    table: dict[str, Advice] = {}
    folder = resources.files(__package__).joinpath("findings")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        for code, raw in (load_yaml(entry.read_text(encoding="utf-8")) or {}).items():
            if code in table:
                raise ValueError(f"advice for {code} is written twice (again in {entry.name})")
            table[code] = _advice(code, raw)
    return table


def _advice(code: str, raw: Mapping[str, Any]) -> Advice:
    steps = tuple(
        Step(text=s["text"].strip(), caution=_caution(code, s.get("caution")), link=s.get("link"))
        for s in raw.get("steps", ())
    )
    return Advice(title=raw["title"].strip(), explanation=raw["explanation"].strip(), steps=steps)


def _caution(code: str, value: str | list[str] | None) -> str | None:
    """One caution's text; a list of cautions (each text or "@name") is read as one, in order."""
    if value is None:
        return None
    if isinstance(value, list):
        return " ".join(filter(None, (_caution(code, item) for item in value))) or None
    if value.startswith(_CAUTION_REF):
        name = value[len(_CAUTION_REF) :]
        if name not in cautions():
            raise ValueError(f"advice for {code} names an unknown caution {value}")
        return cautions()[name].strip()
    return value.strip()


UNKNOWN = Advice(
    title="Something was found that cybercheck has no words for yet",
    explanation=(
        "A check reported something, but this copy of cybercheck has no explanation for it. "
        "The details are in the evidence below. A helpline or support worker can help you "
        "look at it."
    ),
)


def advice_for(code: str) -> Advice:
    """The advice for `code`; a plain fallback when a third-party check has none."""
    return all_advice().get(code, UNKNOWN)
