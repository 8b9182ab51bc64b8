"""Countries by code: their names, and how far apart two countries are at the least."""

from __future__ import annotations

import csv
import io
import math
from functools import lru_cache
from importlib import resources

EARTH_KM = 6371.0


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, tuple[tuple[float, float, float], ...]]]:
    text = resources.files(__package__).joinpath("data/countries.csv").read_text(encoding="utf-8")
    table: dict[str, tuple[str, list[tuple[float, float, float]]]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        _, parts = table.setdefault(row["iso2"], (row["name"], []))
        parts.append((float(row["lat"]), float(row["lon"]), float(row["radius_km"])))
    return {code: (name, tuple(parts)) for code, (name, parts) in table.items()}


def country_name(code: str) -> str:
    """The English name of a country code ("NO" -> "Norway"); the code itself when unknown."""
    entry = _table().get(code.upper())
    return entry[0] if entry else code


def country_code(text: str) -> str:
    """The code of a country given by code or English name ("Norway" or "no" -> "NO"); "" if unknown."""
    text = text.strip()
    if text.upper() in _table():
        return text.upper()
    lowered = text.lower()
    for code, (name, _) in _table().items():
        if name.lower() == lowered:
            return code
    return ""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=4096)
def min_distance_km(a: str, b: str) -> float | None:
    """The least distance between any point of country `a` and any point of country `b`.

    None when either country is unknown. The bound is conservative: each country is a few
    circles that hold all of it, so two places are never said to be further apart than they are.
    """
    if a == b:
        return 0.0
    first, second = _table().get(a.upper()), _table().get(b.upper())
    if not first or not second:
        return None
    best = math.inf
    for lat1, lon1, r1 in first[1]:
        for lat2, lon2, r2 in second[1]:
            best = min(best, haversine_km(lat1, lon1, lat2, lon2) - r1 - r2)
    return max(0.0, best)
