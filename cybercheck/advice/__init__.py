"""The words for every finding, kept as data: each area's advice.yaml (found by its words entry point), shared cautions."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

from cybercheck.pipeline.model import Advice, Step
from cybercheck.pipeline.words import area_advice, areas, text
from cybercheck.yamldata import load_packaged

_CAUTION_REF = "@"


@lru_cache(maxsize=1)
def cautions() -> Mapping[str, str]:
    """Cautions shared by many steps, by name (a step writes `caution: "@name"`)."""
    return dict(load_packaged("cybercheck.advice", "cautions.yaml"))


def all_advice() -> Mapping[str, Advice]:
    """Every finding code's advice, from every registered area's advice.yaml."""
    table: dict[str, Advice] = {}
    for area in sorted(areas()):
        for code in area_advice(area):
            advice = _cached_advice(code)
            if advice is not None:
                table[code] = advice
    return table


@cache
def _cached_advice(code: str) -> Advice | None:
    raw = area_advice(code.partition(".")[0]).get(code)
    return _advice(code, raw) if isinstance(raw, Mapping) else None


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


def advice_for(code: str) -> Advice:
    """The advice for `code`; a plain fallback when a third-party check has none."""
    return _cached_advice(code) or Advice(
        title=text("cybercheck.advice-unknown-title"),
        explanation=text("cybercheck.advice-unknown-explanation"),
    )
