"""Answers files from outside: a plain message for anything unusable, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cybercheck.errors import ConfigError
from cybercheck.guide.answers import example_answers, load_answers

from guided_helpers import run_cli


def test_the_shipped_example_is_a_valid_answers_file() -> None:
    loaded = load_answers(example_answers())
    assert loaded.offline and loaded.answers["concerns"] == ("location", "messages")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.decode("latin-1"))))
def test_garbage_gives_a_config_error_or_an_answers_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_answers(path)
    except ConfigError as error:
        assert error.plain


@pytest.mark.parametrize("content, words", [
    ("answers: {safe-to-talk: 'yes', device-access: 'no'}\n", "concerns"),
    ("answers: {safe-to-talk: 'perhaps'}\n", "safe-to-talk"),
    ("[1, 2]\n", "YAML mapping"),
    ("answers: [\n", "not valid YAML"),
])
def test_an_unusable_answers_file_is_a_usage_error(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(content, encoding="utf-8")
    code, _, err = run_cli("guide", "--answers", str(path), "--offline")
    assert code == 2 and words in err and "Traceback" not in err


def test_guide_without_a_terminal_or_answers_says_how(tmp_path: Path) -> None:
    code, _, err = run_cli("guide")
    assert code == 2 and "--answers" in err
