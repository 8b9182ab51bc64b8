"""`getprop` output ("[name]: [value]" lines), as adb prints it and AndroidQF saves it in getprop.txt."""

from __future__ import annotations

import re

_LINE = re.compile(r"^\s*\[([^\[\]]+)\]\s*:\s*\[(.*)\]\s*$")


def parse_getprop(text: str) -> dict[str, str]:
    """Every property; lines that are not "[name]: [value]" are skipped."""
    properties: dict[str, str] = {}
    for line in text.splitlines():
        match = _LINE.match(line)
        if match:
            properties[match.group(1).strip()] = match.group(2).strip()
    return properties
