"""What is documented is enforced: every finding code has advice, every check and exit code is in the README."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from cybercheck.advice import all_advice, cautions
from cybercheck.exit_codes import ExitCode
from cybercheck.pipeline.plugins import installed_checks

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CODE = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9-]+){2,}$")


def emitted_codes() -> set[str]:
    """Finding codes written as literals in the built-in checks: Finding("code", ...) or code="...". """
    codes = set()
    for path in (ROOT / "checks").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            candidates = [k.value for k in node.keywords if k.arg == "code"]
            if name == "Finding" and node.args:
                candidates.append(node.args[0])
            for value in candidates:
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and CODE.match(value.value):
                    codes.add(value.value)
    return codes


def test_every_finding_code_has_advice() -> None:
    missing = emitted_codes() - set(all_advice())
    assert not missing, f"finding codes without advice: {sorted(missing)}"


def test_advice_is_complete_and_cautions_resolve() -> None:
    assert cautions()
    for code, advice in all_advice().items():
        assert advice.title and advice.explanation and advice.steps, code


def test_every_check_is_in_the_readme() -> None:
    for entry in installed_checks():
        assert f"`{entry.id}`" in README, f"{entry.id} is not described in README.md"


def test_every_exit_status_is_in_the_readme() -> None:
    for code in ExitCode:
        assert f"| {code.value} |" in README, f"exit status {code.value} is not in README.md"


EXAMPLE = ROOT / "docs" / "example-plugin"


def test_the_readme_shows_the_example_plugin_as_it_is() -> None:
    section = README.split("## Writing a check", 1)[1].split("\n## ", 1)[0]
    for name in ("checks.py", "words.yaml", "advice.yaml"):
        shown = (EXAMPLE / "cybercheck_calendar" / name).read_text(encoding="utf-8").strip()
        assert shown in section, f"the README's example {name} differs from docs/example-plugin"
    assert (EXAMPLE / "pyproject.toml").read_text(encoding="utf-8").split("[project.entry-points", 1)[1] in section


def test_the_example_plugin_runs_with_its_own_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cybercheck.advice import advice_for
    from cybercheck.pipeline import words
    from cybercheck.pipeline.model import Status
    from cybercheck.testing import run

    monkeypatch.syspath_prepend(str(EXAMPLE))
    registered = {**words.areas(), "calendar": "cybercheck_calendar"}
    monkeypatch.setattr(words, "areas", lambda: registered)
    for cached in (words.area_words, words.area_advice):
        cached.cache_clear()
    from cybercheck_calendar.checks import SharedCalendar

    calendar = tmp_path / "family.ics"
    calendar.write_text("BEGIN:VEVENT\nATTENDEE;CN=Alex:mailto:alex@example.net\nEND:VEVENT\n")
    result = run(SharedCalendar, inputs={"calendar": calendar})
    assert result.status is Status.FOUND
    assert result.findings[0].subject == "Shared with alex@example.net"
    assert result.looked_at == ("3 lines of family.ics",)
    assert SharedCalendar.title == "Calendars shared with someone else"
    assert SharedCalendar.how(SharedCalendar.needs[0]) == "Export the calendar and give it with --input calendar=FILE."
    assert advice_for("calendar.sharing.attendee").title == "Someone else can see this calendar"
    assert run(SharedCalendar).status is Status.NOT_RUN
    for cached in (words.area_words, words.area_advice):
        cached.cache_clear()


def test_a_step_can_carry_several_cautions() -> None:
    from cybercheck.advice import _advice, cautions

    advice = _advice("x.y.z", {"title": "t", "explanation": "e", "steps": [{"text": "s", "caution": ["@may-notice", "Also this."]}]})
    assert advice.steps[0].caution == cautions()["may-notice"].strip() + " Also this."
