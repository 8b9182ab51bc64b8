"""Words keys the iPhone code picks from a table (not written as a literal `text("...")` call) all exist."""

from __future__ import annotations

from checks.ios.judge.profiles import CONCERNS
from cybercheck.pipeline.words import template


def test_every_place_to_look_has_words() -> None:
    missing = sorted({path for _, _, path in CONCERNS.values() if template(path) is None})
    assert not missing, missing


def test_every_kind_of_shortcut_action_has_words() -> None:
    from checks.ios.known import shortcut_actions

    kinds = {kind for group in shortcut_actions().values() for kind in group.values()}
    missing = sorted(kind for kind in kinds if template(f"ios.shortcut-what-{kind}") is None)
    assert not missing, missing
