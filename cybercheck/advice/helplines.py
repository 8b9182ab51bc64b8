"""Helplines per country, from helplines.yaml, with each entry's source and the date it was checked."""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from cybercheck.pipeline.model import Helpline, Helplines
from cybercheck.yamldata import load_yaml

CHOOSE_COUNTRY = (
    "These are international contacts. For your own country's helplines and emergency number, "
    "run cybercheck again with --country and a two-letter country code, for example --country GB."
)


@lru_cache(maxsize=1)
def _data() -> Mapping[str, Any]:
    text = resources.files(__package__).joinpath("helplines.yaml").read_text(encoding="utf-8")
    data: Mapping[str, Any] = load_yaml(text)
    return data


def known_countries() -> tuple[str, ...]:
    """The country (and GB nation) codes that have their own list."""
    return tuple(sorted(_data()["countries"]))


def _entries(raw: list[Mapping[str, Any]] | None) -> tuple[Helpline, ...]:
    return tuple(
        Helpline(
            name=e["name"],
            purpose=e.get("for", ""),
            phone=e.get("phone"),
            text=e.get("text"),
            tty=e.get("tty"),
            email=e.get("email"),
            web=e.get("web"),
            hours=e.get("hours"),
            note=" ".join(str(e["note"]).split()) if e.get("note") else None,
            source=e.get("source"),
            seen=str(e["seen"]) if e.get("seen") is not None else None,
        )
        for e in raw or ()
    )


def helplines_for(country: str | None) -> Helplines:
    """Emergency numbers and helplines for `country`; the international list when it has none.

    A UK nation ("GB-SCT") gets the UK's emergency numbers and helplines after its own.
    """
    data = _data()
    checked = str(data["checked"])
    international = _entries(data.get("international"))
    code = (country or "").upper()
    countries = data["countries"]
    if code not in countries:
        note = CHOOSE_COUNTRY
        if code:
            note = f"cybercheck has no list for {code} yet. " + CHOOSE_COUNTRY
        return Helplines(country=code or None, emergency=(), helplines=international, checked=checked, note=note)
    parent = code.split("-")[0]
    own = countries[code]
    emergency = _entries(own.get("emergency"))
    lines = _entries(own.get("helplines"))
    if parent != code and parent in countries:
        emergency = emergency or _entries(countries[parent].get("emergency"))
        lines = lines + _entries(countries[parent].get("helplines"))
    return Helplines(country=code, emergency=emergency, helplines=lines + international, checked=checked)


def country_from_locale(environ: Mapping[str, str] = os.environ) -> str | None:
    """The country part of the system locale ("en_GB.UTF-8" -> "GB"), if it has one."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            break
    else:
        value = locale.getlocale()[0] or ""
    base = value.split(".")[0].split("@")[0]
    if "_" in base:
        region = base.split("_", 1)[1].upper()
        if len(region) == 2 and region.isalpha():
            return region
    return None
