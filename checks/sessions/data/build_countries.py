"""Builds countries.csv from the country data of the `countryinfo` package (MIT licence).

Not used at run time. Run it by hand with the package's data folder to refresh the table:

    python build_countries.py /path/to/countryinfo/data > countries.csv

Each row is one part of a country (its mainland, or a distant island group such as Hawaii):
the part's centre and the radius of a circle around that centre holding every point of the
part. Two sign-ins from two countries are at least (distance between centres minus both
radii) apart, for the nearest pair of parts; that lower bound is what the impossible-travel
judgement uses, so that it never claims more speed than the map allows.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path

EARTH_KM = 6371.0
MIN_PART_KM = 30.0  # smaller islands are left out of the parts; the country centre still covers them loosely
MAX_PARTS = 8


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def part_of(ring: list[list[float]]) -> tuple[float, float, float]:
    """Centre (mean of the ring's points on the unit sphere) and covering radius of one polygon."""
    xs = ys = zs = 0.0
    for lon, lat in ring:
        la, lo = math.radians(lat), math.radians(lon)
        xs += math.cos(la) * math.cos(lo)
        ys += math.cos(la) * math.sin(lo)
        zs += math.sin(la)
    lat = math.degrees(math.atan2(zs, math.hypot(xs, ys)))
    lon = math.degrees(math.atan2(ys, xs))
    radius = max(haversine(lat, lon, p[1], p[0]) for p in ring)
    return lat, lon, radius


def rows(folder: Path) -> Iterator[tuple[str, str, float, float, float]]:
    """(iso2, name, lat, lon, radius_km) for every part of every country."""
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        iso = (data.get("ISO") or {}).get("alpha2")
        if not iso:
            continue
        name = data.get("name") or iso
        parts: list[tuple[float, float, float]] = []
        for feature in (data.get("geoJSON") or {}).get("features", []):
            geometry = feature.get("geometry") or {}
            polygons = geometry.get("coordinates", [])
            if geometry.get("type") == "Polygon":
                polygons = [polygons]
            for polygon in polygons:
                if polygon and polygon[0]:
                    parts.append(part_of(polygon[0]))
        parts.sort(key=lambda p: -p[2])
        kept = [p for p in parts if p[2] >= MIN_PART_KM][:MAX_PARTS] or parts[:1]
        if not kept and data.get("latlng"):
            lat, lon = data["latlng"]
            radius = max(50.0, 1.5 * math.sqrt(float(data.get("area") or 1000) / math.pi))
            kept = [(float(lat), float(lon), radius)]
        for lat, lon, radius in kept:
            yield iso, name, round(lat, 3), round(lon, 3), round(radius + 5, 1)


def main() -> None:
    """Write the table to standard output."""
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["iso2", "name", "lat", "lon", "radius_km"])
    for row in rows(Path(sys.argv[1])):
        writer.writerow(row)


if __name__ == "__main__":
    main()
