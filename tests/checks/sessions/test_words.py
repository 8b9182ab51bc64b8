"""The words keys the sessions code builds or keeps in tables exist in words.yaml, as test_shape checks for direct calls."""

from __future__ import annotations

import ast
from importlib.metadata import entry_points
from pathlib import Path

from checks.sessions.records import EventKind, MethodKind
from cybercheck.pipeline.words import template

AREA = Path(__file__).parents[3] / "checks" / "sessions"


def test_every_record_kind_has_its_words():
    missing = [f"event-{k.value}" for k in EventKind if template(f"sessions.event-{k.value}") is None]
    missing += [f"method-{k.value}" for k in MethodKind if template(f"sessions.method-{k.value}") is None]
    assert not missing


def test_every_words_key_written_in_the_code_exists():
    keys = {
        node.value
        for path in AREA.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith("sessions.")
        and node.value.count(".") == 1
        and not node.value.endswith("-")  # the start of a key built from a record kind (tested above)
    }
    keys -= {ep.name for ep in entry_points(group="cybercheck.checks")}
    assert "sessions.failed-burst-subject" in keys and "sessions.field-device" in keys
    assert not [key for key in sorted(keys) if template(key) is None]
