"""`text(key, **fields)`: the engine's words lookup once this area is registered with it, this area's
words.yaml read directly until then (the engine is being regrouped while this area is built)."""

from __future__ import annotations

import string
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=1)
def _engine() -> Callable[..., str] | None:
    try:
        from cybercheck.pipeline.words import areas
        from cybercheck.pipeline.words import text as engine_text
    except ImportError:
        return None
    return engine_text if "timeline" in areas() else None


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    from cybercheck.yamldata import load_yaml

    data = load_yaml(Path(__file__).with_name("words.yaml").read_text(encoding="utf-8")) or {}
    return dict(data.get("text") or {})


class _Blank(dict[str, str]):
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def text(key: str, /, **fields: object) -> str:
    """The sentence `key` ("timeline.name") with `fields` put in its template."""
    engine = _engine()
    if engine is not None:
        return engine(key, **fields)
    values = _Blank({k: str(v) for k, v in fields.items()})
    found = _words().get(key.partition(".")[2])
    if not isinstance(found, str):
        return f"{key} ({', '.join(f'{k}: {v}' for k, v in values.items())})" if values else key
    return string.Formatter().vformat(found.strip(), (), values)
