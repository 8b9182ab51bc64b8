"""Every area has one shape, and every sentence a person reads is data.

The shape (docs/design.md): checks/<area>/checks.py holds the check classes, records.py the
records, judge.py or judge/ the judgements (the only place a Finding is made), sources/ one
module per provider or artifact (importing no judgement), data/ the data, words.yaml and
advice.yaml the words.

The engine (cybercheck/) keeps its sentences in cybercheck/words.yaml, with the same exemptions
as the areas (docstrings, `detail=`, log messages) and two more: click's help texts (`help=`,
`short_help=`, `epilog=` and constants named `..._HELP`), which are each command's
documentation and are shown without reading any words file; and the message of a standard
exception (TypeError, ValueError, zipfile.BadZipFile ...), which only a developer reads: what a
person reads is a CybercheckError's sentence.
"""

from __future__ import annotations

import ast
import builtins
import re
import string
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from cybercheck.pipeline.words import area_words, template

ROOT = Path(__file__).parents[1]
CHECKS = ROOT / "checks"
AREAS = sorted(p.name for p in CHECKS.iterdir() if p.is_dir() and (p / "__init__.py").exists())
# A sentence: a capital word and two small ones ("The registry file"); or four plain words in a row.
# Names ("Program Files (x86)", "Remote Desktop") are not sentences.
SENTENCE = re.compile(r"^[A-Z][a-z’']*,?\s+[a-z]\S*\s+[a-z(]|(?:\b[a-z’']+,?\s+){3}[a-z’']+\b")
WORDS_CALLS = {"text"}


def python_files(area: str) -> Iterator[Path]:
    yield from sorted((CHECKS / area).rglob("*.py"))


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def technical(tree: ast.Module) -> set[int]:
    """Strings that only developers read: `detail=` of errors, and log messages."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "detail":
            found.update(id(n) for n in ast.walk(node.value))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in {"debug", "info", "warning", "error"}:
            found.update(id(n) for a in node.args for n in ast.walk(a))
    return found


def sentence_literals(path: Path, exempt: Callable[[ast.Module], set[int]] = lambda tree: set()) -> list[str]:
    tree = parsed(path)
    skip = docstrings(tree) | technical(tree) | exempt(tree)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if SENTENCE.search(node.value.strip()):
                out.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:70]!r}")
    return out


@pytest.mark.parametrize("area", AREAS)
def test_no_sentence_is_written_in_python(area: str) -> None:
    found = [line for path in python_files(area) for line in sentence_literals(path)]
    assert not found, "sentences belong in words.yaml or advice.yaml:\n" + "\n".join(found)


def test_every_check_is_in_its_areas_checks_module() -> None:
    for ep in entry_points(group="cybercheck.checks"):
        if ep.dist is None or ep.dist.metadata["Name"] != "cybercheck":
            continue
        area = ep.name.partition(".")[0]
        assert ep.value.split(":")[0] == f"checks.{area}.checks", f"{ep.name} is registered from {ep.value}"


def test_every_area_registers_its_words() -> None:
    registered = {ep.name: ep.value for ep in entry_points(group="cybercheck.words")}
    for area in AREAS:
        if area == "common":
            continue
        assert registered.get(area) == f"checks.{area}", f"checks/{area} has no words entry point"
        assert (CHECKS / area / "words.yaml").is_file() and (CHECKS / area / "advice.yaml").is_file()


def in_judge(path: Path) -> bool:
    parts = path.relative_to(CHECKS).parts
    return parts[1] in {"judge.py", "judge"}


@pytest.mark.parametrize("area", AREAS)
def test_findings_are_made_only_in_judgements(area: str) -> None:
    makers = []
    for path in python_files(area):
        if in_judge(path):
            continue
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Finding":
                makers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not makers, "a Finding is made outside judge modules:\n" + "\n".join(makers)


def imported_modules(path: Path) -> Iterator[str]:
    for node in ast.walk(parsed(path)):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names)


@pytest.mark.parametrize("area", AREAS)
def test_sources_import_no_judgement(area: str) -> None:
    sources = CHECKS / area / "sources"
    bad = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in sorted(sources.rglob("*.py")) if sources.is_dir()
        for module in imported_modules(path)
        if re.match(rf"checks\.\w+\.judge\b", module)
    ]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("area", AREAS)
def test_judgements_name_no_provider_module(area: str) -> None:
    judge = [CHECKS / area / "judge.py", *sorted((CHECKS / area / "judge").rglob("*.py"))]
    bad = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in judge if path.is_file()
        for module in imported_modules(path)
        if re.match(r"checks\.\w+\.sources\b", module)
    ]
    assert not bad, "\n".join(bad)


def used_keys(area: str) -> Iterator[tuple[str, str]]:
    yield from keys_used_in(python_files(area))


def keys_used_in(paths: Iterable[Path]) -> Iterator[tuple[str, str]]:
    for path in paths:
        for node in ast.walk(parsed(path)):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) in WORDS_CALLS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.args[0].value


@pytest.mark.parametrize("area", AREAS)
def test_every_words_key_used_exists(area: str) -> None:
    missing = [f"{where}: {key}" for where, key in used_keys(area) if template(key) is None]
    assert not missing, "words keys with no template:\n" + "\n".join(missing)


@pytest.mark.parametrize("area", [a for a in AREAS if a != "common"])
def test_every_check_has_its_words(area: str) -> None:
    checks = area_words(area).get("checks", {})
    for ep in entry_points(group="cybercheck.checks"):
        if ep.name.partition(".")[0] == area:
            entry = checks.get(ep.name.partition(".")[2])
            assert entry and entry.get("title") and entry.get("looks_at"), f"{ep.name} has no title or looks_at in words.yaml"


@pytest.mark.parametrize("area", [a for a in AREAS if a != "common"])
def test_words_keys_are_names(area: str) -> None:
    # YAML reads a bare yes, no, on or off as a boolean: such a key would never be found.
    for section, entries in area_words(area).items():
        bad = [k for k in (entries or {}) if not isinstance(k, str)]
        assert not bad, f"checks/{area}/words.yaml {section}: keys {bad} are not names (quote them)"


ENGINE = ROOT / "cybercheck"
HELP_KEYWORDS = {"help", "short_help", "epilog"}
STANDARD_ERRORS = {
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
} | {"BadZipFile"}


def engine_files() -> list[Path]:
    return sorted(ENGINE.rglob("*.py"))


def for_developers_or_help(tree: ast.Module) -> set[int]:
    """Click's help texts, and the messages of standard exceptions (see the module's docstring)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in HELP_KEYWORDS:
            found.update(id(n) for n in ast.walk(node.value))
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value and any(isinstance(t, ast.Name) and t.id.endswith("_HELP") for t in targets):
                found.update(id(n) for n in ast.walk(node.value))
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            raised = node.exc.func
            if getattr(raised, "id", getattr(raised, "attr", "")) in STANDARD_ERRORS:
                found.update(id(n) for a in node.exc.args for n in ast.walk(a))
    return found


def engine_sentences(path: Path) -> list[str]:
    return sentence_literals(path, for_developers_or_help)


def test_no_sentence_is_written_in_the_engine() -> None:
    found = [line for path in engine_files() for line in engine_sentences(path)]
    assert not found, "sentences belong in cybercheck/words.yaml:\n" + "\n".join(found)


# A key kept in a table for `text` to look up later ("cybercheck.severity-high"); no module name has a dash.
ENGINE_KEY = re.compile(r"cybercheck\.[a-z0-9]+(?:-[a-z0-9]+)+")


def engine_keys_kept() -> Iterator[tuple[str, str]]:
    for path in engine_files():
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and ENGINE_KEY.fullmatch(node.value):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value


def test_every_engine_words_key_used_exists() -> None:
    used = [*keys_used_in(engine_files()), *engine_keys_kept()]
    missing = [f"{where}: {key}" for where, key in used if template(key) is None]
    assert not missing, "words keys with no template:\n" + "\n".join(missing)


def test_every_engine_words_call_gives_its_templates_fields() -> None:
    # A field left out shows as "{name}" to the reader; one given but unused is a sentence that lost a value.
    wrong = []
    for path in engine_files():
        for node in ast.walk(parsed(path)):
            if not (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) in WORDS_CALLS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and all(k.arg is not None for k in node.keywords)  # no **fields: what they hold is not known here
            ):
                continue
            found = template(node.args[0].value)
            if found is None:
                continue
            wanted = {name for _, name, _, _ in string.Formatter().parse(found) if name}
            given = {k.arg for k in node.keywords}
            if given != wanted:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.args[0].value} {sorted(given)} != {sorted(wanted)}")
    assert not wrong, "words calls whose fields do not fit their template:\n" + "\n".join(wrong)
