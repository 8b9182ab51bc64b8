"""The timeline report's words, from checks/timeline/report-words.yaml, looked up by dotted key with fields."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from cybercheck.yamldata import load_yaml


@lru_cache(maxsize=1)
def _table() -> Mapping[str, Any]:
    text = resources.files("checks.timeline").joinpath("report-words.yaml").read_text(encoding="utf-8")
    loaded: Mapping[str, Any] = load_yaml(text)
    return loaded


def say(key: str, /, **fields: object) -> str:
    """The sentence at `key` ("summary.contacts"), with its {fields} filled in; KeyError for a missing key."""
    node: Any = _table()
    for part in key.split("."):
        node = node[part]
    if not isinstance(node, str):
        raise KeyError(key)
    return node.strip().format_map({name: str(value) for name, value in fields.items()}) if fields else node.strip()


def number(value: int) -> str:
    """A count as people read it: 12,345."""
    return f"{value:,}"


@lru_cache(maxsize=1)
def check_title() -> str:
    """The timeline check's title, from the area's own words.yaml (checks: contact: title)."""
    text = resources.files("checks.timeline").joinpath("words.yaml").read_text(encoding="utf-8")
    return str(load_yaml(text)["checks"]["contact"]["title"]).strip()


@lru_cache(maxsize=1)
def area_advice() -> Mapping[str, Any]:
    """The timeline findings' advice by code, from checks/timeline/advice.yaml (until the engine loads area advice)."""
    from cybercheck.advice import _advice

    text = resources.files("checks.timeline").joinpath("advice.yaml").read_text(encoding="utf-8")
    return {code: _advice(code, raw) for code, raw in (load_yaml(text) or {}).items()}
