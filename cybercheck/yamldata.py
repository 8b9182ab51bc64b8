"""Reads the YAML data files cybercheck ships (advice, helplines, indicators, lists)."""

from __future__ import annotations

from typing import Any


def load_yaml(text: str) -> Any:
    """Parse YAML safely, with the C loader when PyYAML has it."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)
