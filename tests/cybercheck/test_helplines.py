"""Helplines come from data, emergency numbers first, with their sources."""

from __future__ import annotations

import pytest

from cybercheck.advice.helplines import country_from_locale, helplines_for, known_countries
from tests.cybercheck.cli_helpers import run_cli


@pytest.mark.parametrize("country", known_countries())
def test_every_entry_has_a_source_and_a_way_to_reach_it(country: str) -> None:
    chosen = helplines_for(country)
    assert chosen.emergency, "every country list starts with an emergency number"
    for entry in chosen.emergency + chosen.helplines:
        assert entry.source and entry.source.startswith("http")
        assert entry.phone or entry.web or entry.email or entry.text


def test_a_uk_nation_gets_its_own_lines_first_and_the_uk_emergency_number() -> None:
    scotland = helplines_for("gb-sct")
    assert scotland.emergency[0].phone == "999"
    assert scotland.helplines[0].name.startswith("Scotland")


def test_an_unknown_country_gets_the_international_list_and_how_to_choose() -> None:
    chosen = helplines_for("ZZ")
    assert not chosen.emergency
    assert "--country" in (chosen.note or "")


def test_country_comes_from_the_locale() -> None:
    assert country_from_locale({"LANG": "en_AU.UTF-8"}) == "AU"
    assert country_from_locale({"LANG": "C.UTF-8"}) is None


def test_helplines_command_prints_emergency_first() -> None:
    ran = run_cli("helplines", "--country", "US")
    assert ran.code == 0
    assert ran.stdout.index("911") < ran.stdout.index("National Domestic Violence Hotline")
