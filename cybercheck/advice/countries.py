"""Countries and territories (ISO 3166-1, from countries.yaml) and what people type for them."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from cybercheck.yamldata import load_packaged

SUGGESTIONS = 3


class UnknownCountry(ValueError):
    """A country that is not in the list; `suggestions` holds the closest names, best first."""

    def __init__(self, typed: str, suggestions: tuple[str, ...]) -> None:
        super().__init__(typed)
        self.typed = typed
        self.suggestions = suggestions


def _key(text: str) -> str:
    """Case, accents, dots and dashes do not matter: "U.K." and "uk", "España" and "espana" match."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    for mark in ".,-_'’()":
        plain = plain.replace(mark, " ")
    return " ".join(plain.split())


@lru_cache(maxsize=1)
def _data() -> Mapping[str, Any]:
    data: Mapping[str, Any] = load_packaged("cybercheck.advice", "countries.yaml")
    return data


@lru_cache(maxsize=1)
def _lookup() -> Mapping[str, str]:
    """Every name, code and alias (normalised) to its code; the shortest code wins for a region name."""
    table: dict[str, str] = {}
    for code, entry in _data()["countries"].items():
        for name in (
            code,
            entry["alpha_3"],
            entry["name"],
            *entry.get("english", ()),
            *entry.get("local", ()),
        ):
            table[_key(str(name))] = code
    for code, entry in _data()["regions"].items():
        for name in (code, entry["name"], *entry.get("names", ())):
            table[_key(str(name))] = code
    return table


def codes() -> tuple[str, ...]:
    """Every ISO 3166-1 alpha-2 code in the list."""
    return tuple(_data()["countries"])


def name(code: str) -> str:
    """A country's (or UK nation's) English name; the code itself when it has none here."""
    entry = _data()["countries"].get(code) or _data()["regions"].get(code)
    return str(entry["name"]) if entry else code


def parent(code: str) -> str:
    """The country a region belongs to ("GB-SCT" -> "GB"); a country is its own parent."""
    entry = _data()["regions"].get(code)
    return str(entry["parent"]) if entry else code


def parse(typed: str) -> str:
    """The code for what someone typed: "UK", "gb", "Wales", "Deutschland" ...; UnknownCountry if none.

    Never guesses: a name that is not in the list is an error with the closest names as suggestions.
    """
    key = _key(typed)
    table = _lookup()
    if key in table:
        return table[key]
    import difflib  # only for a country typed wrong

    close = difflib.get_close_matches(key, list(table), n=SUGGESTIONS * 3, cutoff=0.6)
    seen: list[str] = []
    for match in close:
        label = name(table[match])
        if label not in seen:
            seen.append(label)
    raise UnknownCountry(typed, tuple(seen[:SUGGESTIONS]))


def parse_or_none(typed: str | None) -> str | None:
    """Like parse, for a value that may be absent or blank."""
    if typed is None or not typed.strip():
        return None
    return parse(typed)


def explain(error: UnknownCountry) -> str:
    """The sentence for a country that is not in the list, with the closest names."""
    from cybercheck.advice.helplines import say

    parts = [say("country.unknown", typed=error.typed)]
    if error.suggestions:
        parts.append(say("country.suggest", suggestions=" or ".join(error.suggestions)))
    parts.append(say("country.how"))
    return " ".join(parts)
