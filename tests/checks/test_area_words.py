"""Every words key an area names in its code, by any route, has its template.

tests/test_shape.py checks the keys given straight to text(); an area also keeps keys in
tables and hands them on (counted forms, format names, labels by kind). Any string literal of
the form "<area>.<name>" in the area's code is a words key, a finding code or a check id.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from cybercheck.pipeline.plugins import installed_checks
from cybercheck.pipeline.words import area_advice, template

ROOT = Path(__file__).resolve().parents[2]
AREAS = ("network", "passwords")  # the areas whose code keeps every sentence in words.yaml


@pytest.mark.parametrize("area", AREAS)
def test_every_key_named_in_an_areas_code_has_words(area: str) -> None:
    shaped = re.compile(rf"^{re.escape(area)}\.[a-z0-9][a-z0-9.-]*$")
    known = set(area_advice(area)) | {entry.id for entry in installed_checks()}
    missing = []
    for path in sorted((ROOT / "checks" / area).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Constant) and isinstance(node.value, str) and shaped.match(node.value)
            ):
                continue
            if template(node.value) is None and node.value not in known:
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value}")
    assert not missing, "words keys with no template:\n" + "\n".join(missing)


@pytest.mark.parametrize("area", AREAS)
def test_every_template_of_an_area_is_used(area: str) -> None:
    from cybercheck.pipeline.words import area_words

    code = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "checks" / area).rglob("*.py"))
    unused = [name for name in area_words(area).get("text", {}) if f'"{area}.{name}"' not in code]
    assert not unused, f"templates in checks/{area}/words.yaml that no code names: {unused}"


def test_a_check_that_names_itself_keeps_its_own_words() -> None:
    from collections.abc import Iterator

    from checks.passwords.checks import PwnedPasswords
    from cybercheck.pipeline.check import Area, Check, Need
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding

    class StandIn(Check):
        """A stand-in under a built-in check's id."""

        id = PwnedPasswords.id
        title = "A stand-in"
        area = Area.ACCOUNTS
        needs = (Need.input("passwords", how="Give anything."),)

        def run(self, ctx: Context) -> Iterator[Finding]:
            return iter(())

    assert (StandIn.title, StandIn.about, StandIn.how(StandIn.needs[0])) == (
        "A stand-in",
        "A stand-in under a built-in check's id.",
        "Give anything.",
    )
    assert PwnedPasswords.title == "Passwords that have appeared in data breaches"
