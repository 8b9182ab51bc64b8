"""Words keys the iPhone code picks from a table (not written as a literal `text("...")` call) all exist."""

from __future__ import annotations

from checks.ios.judge.profiles import CONCERNS
from cybercheck.pipeline.words import template


def test_every_place_to_look_has_words() -> None:
    missing = sorted({path for _, _, path in CONCERNS.values() if template(path) is None})
    assert not missing, missing
