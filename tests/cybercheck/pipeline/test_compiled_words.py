"""An installed copy reads each area's words from the JSON the build wrote beside the YAML, and the YAML when that is missing or damaged."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cybercheck.pipeline import words


@pytest.fixture
def area(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    package = tmp_path / "compiled_area"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "words.yaml").write_text("text:\n  hello: From YAML {name}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    registered = {**words.areas(), "compiled": "compiled_area"}
    monkeypatch.setattr(words, "areas", lambda: registered)
    words.area_words.cache_clear()
    yield package
    words.area_words.cache_clear()
    sys.modules.pop("compiled_area", None)


def test_the_compiled_json_is_read_first(area: Path) -> None:
    (area / "words.yaml.json").write_text(json.dumps({"text": {"hello": "From JSON {name}"}}), encoding="utf-8")
    assert str(words.text("compiled.hello", name="x")) == "From JSON x"


def test_without_json_the_yaml_is_read(area: Path) -> None:
    assert str(words.text("compiled.hello", name="x")) == "From YAML x"


def test_a_damaged_json_copy_falls_back_to_the_yaml(area: Path) -> None:
    (area / "words.yaml.json").write_text("{not json", encoding="utf-8")
    assert str(words.text("compiled.hello", name="x")) == "From YAML x"
