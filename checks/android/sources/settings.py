"""Android settings: `settings list NAMESPACE` ("name=value" lines) and the `dumpsys settings` dump."""

from __future__ import annotations

import re

NAMESPACES = ("global", "secure", "system")
_NAME = re.compile(r"^[A-Za-z0-9_.:\-]+$")
_DUMP_HEADING = re.compile(r"^\s*(GLOBAL|SECURE|SYSTEM) SETTINGS \(user (\d+)\)\s*$")
_HISTORY = re.compile(r"^\s+History \((\S+)\)\s*$")
_HISTORY_ROW = re.compile(r"^\s+time:.*\bnewValue:(.*?) package:(\S+)\s*$")
_DUMP_ROW = re.compile(r"^\s*_id:\S+ name:(\S+) pkg:\S* value:(.*?)(?: default:.*| tag:.*)?$")


def parse_settings_list(text: str) -> dict[str, str]:
    """name -> value for each "name=value" line; other lines are skipped."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        name, equals, value = line.strip().partition("=")
        if equals and _NAME.match(name):
            values[name] = value.strip()
    return values


def parse_dumpsys_settings(text: str) -> dict[str, dict[str, str]]:
    """namespace -> name -> value from `dumpsys settings` (user 0 only), as a bug report holds it."""
    found: dict[str, dict[str, str]] = {}
    namespace: str | None = None
    for line in text.splitlines():
        heading = _DUMP_HEADING.match(line)
        if heading:
            namespace = heading.group(1).lower() if heading.group(2) == "0" else None
            continue
        if namespace is None:
            continue
        row = _DUMP_ROW.match(line)
        if row:
            value = row.group(2)
            found.setdefault(namespace, {})[row.group(1)] = "" if value == "null" else value
        elif not line.strip():
            namespace = None
    return found


def parse_settings_history(text: str) -> dict[tuple[str, str], str]:
    """(namespace, name) -> the package that last set each setting to its value (user 0 of `dumpsys settings`).

    A bug report keeps a short history under some settings ("History (name)", then lines
    "time:... newValue:V package:P"); the last line that set today's value names who set it.
    """
    values = parse_dumpsys_settings(text)
    changed: dict[tuple[str, str], str] = {}
    namespace: str | None = None
    name: str | None = None
    for line in text.splitlines():
        heading = _DUMP_HEADING.match(line)
        if heading:
            namespace = heading.group(1).lower() if heading.group(2) == "0" else None
            name = None
            continue
        if namespace is None:
            continue
        history = _HISTORY.match(line)
        if history:
            name = history.group(1)
            continue
        row = _HISTORY_ROW.match(line)
        if row and name is not None and values.get(namespace, {}).get(name) == row.group(1).strip():
            changed[(namespace, name)] = row.group(2)
        elif not row:
            name = None
    return changed
