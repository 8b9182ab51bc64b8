"""The emergency-number and helpline data: every ISO country, every entry sourced and dated, no mix-ups."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from cybercheck.advice import countries
from cybercheck.yamldata import load_yaml

ISO_LIST = Path("/usr/share/iso-codes/json/iso_3166-1.json")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _yaml(name: str) -> Any:
    return load_yaml(resources.files("cybercheck.advice").joinpath(name).read_text(encoding="utf-8"))


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def test_every_iso_country_is_in_the_country_list_and_has_an_emergency_entry() -> None:
    emergency = _yaml("emergency-numbers.yaml")["countries"]
    assert len(countries.codes()) == 249
    assert set(countries.codes()) == set(emergency)
    if ISO_LIST.exists():  # Debian's iso-codes, the list countries.yaml was made from
        iso = {c["alpha_2"] for c in json.loads(ISO_LIST.read_text())["3166-1"]}
        assert iso == set(countries.codes())


def test_every_emergency_entry_has_sources_and_a_checked_date() -> None:
    data = _yaml("emergency-numbers.yaml")
    sources = data["sources"]
    for key, source in sources.items():
        assert source["url"].startswith("http"), key
    for code, entry in data["countries"].items():
        assert DATE.match(str(entry["checked"])), code
        assert entry["read"], code
        for number in entry["numbers"]:
            assert len(number["sources"]) >= 2, (code, number)  # two sources agree on every number
            assert set(number["sources"]) <= set(sources), code
            assert set(number["services"]) <= {"police", "ambulance", "fire"}
            assert _digits(number["number"]) == number["number"]


def test_112_is_there_for_every_eu_country() -> None:
    emergency = _yaml("emergency-numbers.yaml")["countries"]
    eu = [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
    for code in eu:
        assert "112" in [n["number"] for n in emergency[code]["numbers"]], code


def _helpline_entries() -> list[tuple[str, dict[str, Any]]]:
    data = _yaml("helplines.yaml")
    found = [
        (code, e)
        for code, c in data["countries"].items()
        for e in c.get("emergency", []) + c.get("helplines", [])
    ]
    return found + [("international", e) for e in data["international"]]


def test_every_helpline_has_a_source_and_a_checked_date() -> None:
    top = str(_yaml("helplines.yaml")["checked"])
    assert DATE.match(top)
    for code, entry in _helpline_entries():
        assert str(entry.get("source", "")).startswith("http"), (code, entry["name"])
        assert DATE.match(str(entry.get("checked", top))), (code, entry["name"])
        assert entry.get("seen") is not None, (code, entry["name"])


def test_no_helpline_number_is_under_two_unrelated_countries() -> None:
    where: dict[str, set[str]] = defaultdict(set)
    for code, entry in _helpline_entries():
        if entry.get("phone") and not entry.get("for", "").startswith("Immediate danger"):
            for number in str(entry["phone"]).split(" or "):
                where[_digits(number)].add(countries.parent(code) if code != "international" else code)
    # 116 xxx numbers are the EU's harmonised numbers of social value: the same digits in every member state.
    mixed = {n: c for n, c in where.items() if len(c) > 1 and not n.startswith("116")}
    assert not mixed


def test_known_defunct_numbers_are_absent() -> None:
    defunct = {_digits(d["number"]) for d in _yaml("defunct-numbers.yaml")["numbers"]}
    assert defunct
    present = {_digits(str(e["phone"])) for _, e in _helpline_entries() if e.get("phone")}
    present |= {
        n["number"] for c in _yaml("emergency-numbers.yaml")["countries"].values() for n in c["numbers"]
    }
    assert not defunct & present


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("UK", "GB"),
        ("gb", "GB"),
        ("United Kingdom", "GB"),
        ("u.k.", "GB"),
        ("England", "GB-ENG"),
        ("wales", "GB-WLS"),
        ("SCOTLAND", "GB-SCT"),
        ("Northern Ireland", "GB-NIR"),
        ("USA", "US"),
        ("usa", "US"),
        ("United States", "US"),
        ("Deutschland", "DE"),
        ("España", "ES"),
        ("espana", "ES"),
        ("Schweiz", "CH"),
        ("Suisse", "CH"),
        ("Österreich", "AT"),
        ("Nederland", "NL"),
        ("de", "DE"),
        ("DEU", "DE"),
    ],
)
def test_country_input_takes_what_people_type(typed: str, code: str) -> None:
    assert countries.parse(typed) == code


def test_an_unknown_country_is_an_error_with_suggestions() -> None:
    with pytest.raises(countries.UnknownCountry) as caught:
        countries.parse("Germny")
    assert caught.value.suggestions[0] == "Germany"
    assert "Did you mean Germany" in countries.explain(caught.value)
    with pytest.raises(countries.UnknownCountry):
        countries.parse("ZZ")
