"""What is documented is enforced: every finding code has advice, every check and exit code is in the README."""

from __future__ import annotations

import ast
import re
from pathlib import Path

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


def test_the_readme_example_check_runs(tmp_path: Path) -> None:
    from cybercheck.pipeline.model import Status
    from cybercheck.testing import run

    section = README.split("## Writing a check", 1)[1]
    code = section.split("```python", 1)[1].split("```", 1)[0]
    namespace: dict[str, object] = {}
    exec(compile(code, "README example", "exec"), namespace)  # noqa: S102 - our own README
    check = namespace["SharedCalendar"]
    calendar = tmp_path / "family.ics"
    calendar.write_text("BEGIN:VEVENT\nATTENDEE;CN=Alex:mailto:alex@example.net\nEND:VEVENT\n")
    result = run(check, inputs={"calendar": calendar})  # type: ignore[arg-type]
    assert result.status is Status.FOUND
    assert result.findings[0].subject == "Shared with alex@example.net"
    assert run(check).status is Status.NOT_RUN  # type: ignore[arg-type]


def test_a_step_can_carry_several_cautions() -> None:
    from cybercheck.advice import _advice, cautions

    advice = _advice("x.y.z", {"title": "t", "explanation": "e", "steps": [{"text": "s", "caution": ["@may-notice", "Also this."]}]})
    assert advice.steps[0].caution == cautions()["may-notice"].strip() + " Also this."
