"""`text(key, **fields)`: the engine's words lookup when it is there, this area's words.yaml until then."""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any

try:
    from cybercheck.pipeline.words import text as text  # noqa: PLC0414 - the engine's own, re-exported
except ImportError:  # the engine before the regroup: render from this area's words.yaml directly

    @lru_cache(maxsize=1)
    def _words() -> dict[str, Any]:
        from cybercheck.yamldata import load_yaml

        data = load_yaml((Path(__file__).with_name("words.yaml")).read_text(encoding="utf-8")) or {}
        return dict(data.get("text") or {})

    class _Blank(dict[str, str]):
        def __missing__(self, name: str) -> str:
            return "{" + name + "}"

    def text(key: str, /, **fields: object) -> str:  # type: ignore[misc]  # same call shape as the engine's
        """The sentence `key` ("timeline.name") with `fields` put in its template."""
        found = _words().get(key.partition(".")[2])
        values = _Blank({k: str(v) for k, v in fields.items()})
        if not isinstance(found, str):
            return f"{key} ({', '.join(f'{k}: {v}' for k, v in values.items())})" if values else key
        return string.Formatter().vformat(found.strip(), (), values)
