"""The person's own list of devices, places, networks, methods and apps (--input known=FILE).

One item a line ("iPhone", "device: Windows", "place: Norway"), or YAML with lists under
devices:, places:, networks:, methods: and apps:. A line that does not say what it is may be any.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from checks.sessions.baseline import Baseline
from cybercheck.errors import ConfigError
from cybercheck.pipeline.words import text
from cybercheck.yamldata import load_yaml

KINDS = ("device", "place", "network", "method", "app")


def read_known(path: Path) -> Baseline:
    """A baseline from a known-devices file: one device or place per line, or YAML with lists."""
    try:
        content = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as error:
        raise ConfigError(text("sessions.known-unreadable", path=path, why=error.strerror)) from None
    lists: dict[str, list[str]] = {kind: [] for kind in (*KINDS, "")}
    parsed = _yaml_mapping(content)
    if parsed is not None:
        for key, values in parsed.items():
            kind = str(key).lower().rstrip("s")
            kind = "place" if kind in ("countrie", "countr", "place", "location") else kind
            for value in values if isinstance(values, list) else [values]:
                lists[kind if kind in KINDS else ""].append(str(value))
    else:
        for line in content.splitlines():
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            kind, _, rest = line.partition(":")
            if kind.strip().lower() in KINDS and rest.strip():
                lists[kind.strip().lower()].append(rest.strip())
            else:
                lists[""].append(line)
    return Baseline(
        origin="known",
        devices=tuple(lists["device"]),
        places=tuple(lists["place"]),
        networks=tuple(lists["network"]),
        methods=tuple(lists["method"]),
        apps=tuple(lists["app"]),
        anything=tuple(lists[""]),
    )


def _yaml_mapping(content: str) -> Mapping[str, object] | None:
    if not re.search(r"^\s*[A-Za-z]+\s*:\s*$", content, re.MULTILINE):
        return None
    try:
        data = load_yaml(content)
    except Exception:  # noqa: BLE001 - not YAML after all: read it line by line
        return None
    return data if isinstance(data, dict) else None
