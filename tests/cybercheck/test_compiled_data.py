"""The build writes JSON beside each YAML data file JSON holds exactly, and an installed copy reads it first."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from cybercheck.yamldata import load_packaged

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "shipped_data"
    (folder / "data").mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "data" / "list.yaml").write_text("names: [from YAML]\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield folder
    sys.modules.pop("shipped_data", None)


def test_the_json_beside_a_yaml_file_is_read_first(package: Path) -> None:
    (package / "data" / "list.yaml.json").write_text(json.dumps({"names": ["from JSON"]}), encoding="utf-8")
    assert load_packaged("shipped_data", "data", "list.yaml") == {"names": ["from JSON"]}


def test_without_json_the_yaml_is_read(package: Path) -> None:
    assert load_packaged("shipped_data", "data", "list.yaml") == {"names": ["from YAML"]}


def test_a_damaged_json_copy_falls_back_to_the_yaml(package: Path) -> None:
    (package / "data" / "list.yaml.json").write_text("{not json", encoding="utf-8")
    assert load_packaged("shipped_data", "data", "list.yaml") == {"names": ["from YAML"]}


def _setup_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cybercheck_setup", ROOT / "setup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # without running setup(): it runs only as setuptools runs the file
    return module


def test_the_build_writes_json_only_where_it_reads_back_the_same(tmp_path: Path) -> None:
    (tmp_path / "words.yaml").write_text("text:\n  hello: Hello {name}\n", encoding="utf-8")
    (tmp_path / "dated.yaml").write_text("checked: 2026-12-01\n", encoding="utf-8")
    (tmp_path / "numbered.yaml").write_text("1: one\n", encoding="utf-8")
    written = _setup_module().compile_data(tmp_path)
    assert written == [tmp_path / "words.yaml.json"]
    assert json.loads(written[0].read_text(encoding="utf-8")) == {"text": {"hello": "Hello {name}"}}


def test_every_file_an_android_scan_reads_is_compiled(tmp_path: Path) -> None:
    for name in (
        "cybercheck/indicators/data/ioc.yaml",
        "cybercheck/indicators/data/watchware.yaml",
        "checks/android/data/known.yaml",
        "cybercheck/advice/helplines.yaml",
        "cybercheck/advice/safety.yaml",
        "cybercheck/advice/cautions.yaml",
        "checks/android/words.yaml",
        "checks/android/advice.yaml",
    ):
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((ROOT / name).read_bytes())
    written = {p.relative_to(tmp_path).as_posix() for p in _setup_module().compile_data(tmp_path)}
    assert len(written) == 8, written


def test_the_build_writes_the_packaged_indicator_set_as_cybercheck_makes_it(tmp_path: Path) -> None:
    from cybercheck.indicators.load import COMPILED_SET, from_compiled, packaged_set_from_files
    from cybercheck.indicators.sets import INDEXES

    shutil.copytree(
        ROOT / "cybercheck", tmp_path / "cybercheck", ignore=shutil.ignore_patterns("__pycache__")
    )
    _setup_module().compile_indicator_set(tmp_path)
    written = tmp_path / "cybercheck" / "indicators" / "data" / COMPILED_SET
    built, made = from_compiled(json.loads(written.read_text(encoding="utf-8"))), packaged_set_from_files()
    assert built.threats == made.threats
    assert all(getattr(built, name) == getattr(made, name) for name in INDEXES)
