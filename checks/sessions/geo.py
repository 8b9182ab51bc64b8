"""Approximate places and networks for IP addresses, offline, from the database geoip2fast ships."""

from __future__ import annotations

import ipaddress
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from cybercheck.pipeline.words import text

DATA_FILE = "geoip2fast-asn-ipv6.dat.gz"  # country and network (ASN), IPv4 and IPv6


class _Database(Protocol):
    def lookup(self, ip: str) -> Any: ...


@dataclass(frozen=True, slots=True)
class IpPlace:
    """Where an address is registered to be used, as far as the database knows."""

    country: str = ""  # ISO 3166-1 alpha-2, "" when unknown
    network: str = ""  # the network's name (the owner of its AS number), "" when unknown
    private: bool = False  # a home, office or carrier-internal address that says nothing of place


class GeoLookup:
    """Looks addresses up in the database; loads it on first use, caches every answer."""

    def __init__(self) -> None:
        self._db: _Database | None = None
        self._lock = threading.Lock()
        self._cache: dict[str, IpPlace] = {}
        self.failed = ""

    @property
    def description(self) -> str:
        """Which database, and its date, in words (for the report's coverage)."""
        return describe_database()

    def lookup(self, ip: str) -> IpPlace:
        """The country and network of `ip`; an empty IpPlace when it is not an address or not known."""
        cached = self._cache.get(ip)
        if cached is not None:
            return cached
        place = self._lookup(ip)
        if len(self._cache) < 200_000:
            self._cache[ip] = place
        return place

    def _lookup(self, ip: str) -> IpPlace:
        try:
            address = ipaddress.ip_address(ip.strip().strip("[]"))
        except ValueError:
            return IpPlace()
        if not address.is_global:
            return IpPlace(private=True)
        db = self._database()
        if db is None:
            return IpPlace()
        try:
            result = db.lookup(str(address))
        except Exception:  # noqa: BLE001 - a lookup problem means "unknown", never a failed check
            return IpPlace()
        code = (
            result.country_code if len(result.country_code or "") == 2 and result.country_code != "--" else ""
        )
        return IpPlace(country=code, network=(result.asn_name or "").strip(), private=bool(result.is_private))

    def _database(self) -> _Database | None:
        with self._lock:
            if self._db is None and not self.failed:
                try:
                    from geoip2fast import GeoIP2Fast

                    self._db = GeoIP2Fast(geoip2fast_data_file=DATA_FILE, verbose=False)
                except Exception as error:  # noqa: BLE001 - say so in coverage, carry on without places
                    self.failed = f"{type(error).__name__}: {error}"
            return self._db


@lru_cache(maxsize=1)
def describe_database() -> str:
    """ "MaxMind GeoLite2 Country and ASN data of 2024-06-18, shipped with geoip2fast 1.2.2"."""
    try:
        from importlib.metadata import version

        shipped = text("sessions.geo-package", version=version("geoip2fast"))
    except Exception:  # noqa: BLE001 - no version means no database to describe
        return text("sessions.geo-missing")
    date = _database_date()
    return text("sessions.geo-database", date=date, package=shipped) if date else shipped


def _database_date() -> str:
    """The date in the data file's own header, read without loading the whole database."""
    import gzip
    import re
    from importlib import resources

    try:
        with resources.files("geoip2fast").joinpath(DATA_FILE).open("rb") as raw, gzip.open(raw) as data:
            head = data.read(4096)
    except Exception:  # noqa: BLE001 - an unreadable header leaves the date out
        return ""
    found = re.search(rb"GeoLite2-[A-Za-z0-9-]*?-(\d{4})(\d{2})(\d{2})", head)
    return "-".join(part.decode() for part in found.groups()) if found else ""
