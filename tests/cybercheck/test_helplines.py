"""Helplines come from data, emergency numbers first, with their sources."""

from __future__ import annotations

from pathlib import Path

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


def test_no_country_gets_the_international_list_and_asks_for_one() -> None:
    chosen = helplines_for(None)
    assert not chosen.emergency
    assert "give your country" in (chosen.note or "")


def test_a_country_without_a_helpline_list_still_gets_its_emergency_numbers() -> None:
    chosen = helplines_for("JP")
    assert [h.phone for h in chosen.emergency] == ["110", "119"]
    assert "--country" not in (chosen.note or "")


def test_country_comes_from_the_locale() -> None:
    assert country_from_locale({"LANG": "en_AU.UTF-8"}) == "AU"
    assert country_from_locale({"LANG": "C.UTF-8"}) is None


def test_helplines_command_prints_emergency_first() -> None:
    ran = run_cli("helplines", "--country", "US")
    assert ran.code == 0
    assert ran.stdout.index("911") < ran.stdout.index("National Domestic Violence Hotline")


def test_helplines_for_germany_prints_112_and_110_and_the_helpline() -> None:
    ran = run_cli("helplines", "--country", "Deutschland")
    assert ran.code == 0
    assert "call 112" in ran.stdout and "call 110" in ran.stdout
    assert "116 016" in ran.stdout
    assert "--country" not in ran.stdout


def test_helplines_without_a_country_or_region_say_the_local_emergency_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    ran = run_cli("helplines")
    assert ran.code == 0
    assert "call your local emergency number" in ran.stdout


def test_helplines_take_the_region_from_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    ran = run_cli("helplines")
    assert "call 112" in ran.stdout and "call 110" in ran.stdout


def test_an_unknown_country_is_refused_with_suggestions() -> None:
    ran = run_cli("helplines", "--country", "Germny")
    assert ran.code != 0
    assert "Did you mean Germany" in ran.stdout + ran.stderr


def test_an_unknown_country_in_the_config_file_is_an_error(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('country = "Atlantis"\n', encoding="utf-8")
    ran = run_cli("scan", "--config", str(config), "--offline", "--check", "computer.hosts")
    assert ran.code != 0
    assert '"Atlantis" is not a country cybercheck knows' in ran.stdout + ran.stderr


def test_a_country_name_in_the_config_file_is_accepted(tmp_path: Path) -> None:
    from cybercheck.cli.options import choose_country
    from cybercheck.config import Config

    assert choose_country(None, Config(country="United Kingdom")) == "GB"
    assert choose_country("DE", Config(country="United Kingdom")) == "DE"
