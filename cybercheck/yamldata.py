"""Reads the YAML data files cybercheck ships (advice, helplines, indicators, lists)."""

from __future__ import annotations

import json
from contextlib import suppress
from importlib import resources
from typing import Any

COMPILED = ".json"  # the build (setup.py) writes `NAME.yaml.json` beside each YAML file JSON holds exactly


def load_yaml(text: str) -> Any:
    """Parse YAML safely, with the C loader when PyYAML has it."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


def load_packaged(package: str, *path: str) -> Any:
    """A YAML file shipped in `package` (`path` below it), parsed.

    An installed copy reads the JSON its build wrote beside the file (the standard library reads
    it several times faster, without importing PyYAML); a source checkout, or a damaged JSON
    copy, reads the YAML, which stays the source.
    """
    *folders, name = path
    base = resources.files(package)
    compiled = base.joinpath(*folders, name + COMPILED)
    if compiled.is_file():
        with suppress(ValueError, OSError):
            return json.loads(compiled.read_text(encoding="utf-8"))
    return load_yaml(base.joinpath(*folders, name).read_text(encoding="utf-8"))
