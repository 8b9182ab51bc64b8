"""Emergency numbers (every country, emergency-numbers.yaml) and helplines per country (helplines.yaml)."""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from cybercheck.advice import countries
from cybercheck.pipeline.model import Helpline, Helplines
from cybercheck.yamldata import load_packaged

SERVICE_ORDER = ("police", "ambulance", "fire")


def _load(file: str) -> Mapping[str, Any]:
    data: Mapping[str, Any] = load_packaged("cybercheck.advice", file)
    return data


@lru_cache(maxsize=1)
def _data() -> Mapping[str, Any]:
    return _load("helplines.yaml")


@lru_cache(maxsize=1)
def _emergency_data() -> Mapping[str, Any]:
    return _load("emergency-numbers.yaml")


@lru_cache(maxsize=1)
def words() -> Mapping[str, Any]:
    """The sentences of safety.yaml."""
    return _load("safety.yaml")


def say(key: str, **fields: object) -> str:
    """One sentence of safety.yaml by dotted key, with its fields filled in."""
    node: Any = words()
    for part in key.split("."):
        node = node[part]
    return " ".join(str(node).split()).format_map({k: str(v) for k, v in fields.items()})


def known_countries() -> tuple[str, ...]:
    """The country (and GB nation) codes that have their own helpline list."""
    return tuple(sorted(_data()["countries"]))


def _extras(e: Mapping[str, Any]) -> str | None:
    parts = [" ".join(str(e["note"]).split())] if e.get("note") else []
    if e.get("free") is True:
        parts.append(say("free"))
    elif e.get("free") is False:
        parts.append(say("not-free"))
    if e.get("confidential"):
        parts.append(say("confidential"))
    if e.get("anonymous"):
        parts.append(say("anonymous"))
    if e.get("languages"):
        parts.append(say("languages", languages=", ".join(e["languages"])))
    return " ".join(parts) or None


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
            note=_extras(e),
            source=e.get("source"),
            seen=str(e["seen"]) if e.get("seen") is not None else None,
        )
        for e in raw or ()
    )


def _service_name(services: list[str]) -> str:
    if set(services) >= set(SERVICE_ORDER):
        return say("services.all")
    if not services:
        return say("services.unspecified")
    ordered = [s for s in SERVICE_ORDER if s in services]
    return say("services." + "-".join(ordered))


def emergency_numbers(country: str | None) -> tuple[Helpline, ...]:
    """The emergency numbers of a country from emergency-numbers.yaml (two sources agreed on each)."""
    if not country:
        return ()
    data = _emergency_data()
    entry = data["countries"].get(countries.parent(country))
    if not entry:
        return ()
    sources = data["sources"]
    return tuple(
        Helpline(
            name=_service_name(list(n["services"])),
            purpose=say("emergency-for"),
            phone=str(n["number"]),
            source=" ; ".join(sources[s]["url"] for s in n["sources"]),
            seen=str(entry["checked"]),
        )
        for n in entry["numbers"]
    )


def helplines_for(country: str | None) -> Helplines:
    """Emergency numbers first, then the country's helplines, then the international ones.

    A UK nation ("GB-SCT") gets its own helplines, then the UK's. A country with no helpline list
    still gets its emergency numbers. With no country, the note asks for one.
    """
    data = _data()
    checked = str(data["checked"])
    international = _entries(data.get("international"))
    code = country.upper() if country else None
    if code is None:
        return Helplines(
            country=None, emergency=(), helplines=international, checked=checked, note=say("country.choose")
        )
    own_lists = data["countries"]
    top = countries.parent(code)
    emergency: tuple[Helpline, ...] = ()
    lines: tuple[Helpline, ...] = ()
    for key in dict.fromkeys((code, top)):
        if key in own_lists:
            emergency = emergency or _entries(own_lists[key].get("emergency"))
            lines += _entries(own_lists[key].get("helplines"))
    emergency = emergency or emergency_numbers(code)
    note = None
    if not lines:
        note = say("country.no-helplines", country=countries.name(code))
        if not emergency:
            note = say("helplines-command.no-number", country=countries.name(code)) + " " + note
    return Helplines(
        country=code, emergency=emergency, helplines=lines + international, checked=checked, note=note
    )


def emergency_summary(country: str | None) -> str:
    """The emergency number(s) in one phrase, "112 or 110", else "your local emergency number"."""
    found = helplines_for(country).emergency if country else ()
    numbers = [h.phone for h in found if h.phone and h.purpose == say("emergency-for")]
    if not numbers:
        return say("local-emergency")
    return " or ".join(dict.fromkeys(numbers))


def country_from_locale(environ: Mapping[str, str] = os.environ) -> str | None:
    """The country part of the system locale ("en_GB.UTF-8" -> "GB"), if it is a known country."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(var)
        if value:
            break
    else:
        value = locale.getlocale()[0] or ""
    base = value.split(".")[0].split("@")[0]
    if "_" in base:
        region = base.split("_", 1)[1].upper()
        if len(region) == 2 and region.isalpha() and region in countries.codes():
            return region
    return None
