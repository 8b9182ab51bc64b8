"""The steps of each guided check, read from data/steps.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from checks.guided.records import Choice, Step
from cybercheck.pipeline.model import Severity
from cybercheck.pipeline.words import text
from cybercheck.yamldata import load_yaml

PLATFORMS = ("android", "iphone", "web")


@lru_cache(maxsize=1)
def all_steps() -> Mapping[str, Any]:
    """Every guided check's raw steps, by check id."""
    data = resources.files("checks.guided").joinpath("data", "steps.yaml").read_text(encoding="utf-8")
    steps: Mapping[str, Any] = load_yaml(data)
    return steps


def steps_for(check_id: str) -> tuple[Step, ...]:
    """The steps of one guided check."""
    out = []
    for raw in all_steps()[check_id]:
        places = raw.get("where", {})
        where = tuple(
            (text(f"guided.platform-{name}"), places[name]) for name in PLATFORMS if places.get(name)
        )
        out.append(
            Step(
                key=raw["key"],
                thing=raw["thing"],
                ask=raw["ask"].strip(),
                where=where,
                code=raw["code"],
                severity=Severity.parse(raw["severity"]),
                subject=raw["subject"],
                uses=raw.get("uses"),
                note=(raw.get("note") or "").strip() or None,
                yes=raw.get("yes") or Choice.YES.words,
                no=raw.get("no") or Choice.NO.words,
                unused=raw.get("unused", Choice.UNUSED.words),
            )
        )
    return tuple(out)
