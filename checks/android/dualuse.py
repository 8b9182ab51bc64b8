"""ISDi's app flags (data/isdi-app-flags.csv, MIT): Android apps known to be usable for watching someone.

A list, not a judgement: judge/dualuse.py decides what a flagged app means on this phone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

ANDROID_STORES = ("playstore", "offstore")
KINDS = ("dual-use", "stalkerware", "spyware")  # ISDi's "safe" rows are not kept
BUNDLED = "isdi-app-flags.csv"


@dataclass(frozen=True, slots=True)
class AppFlag:
    """One flagged Android app: its package, ISDi's flag and the title it is sold under."""

    package: str
    flag: str  # "dual-use", "stalkerware" or "spyware"
    title: str
    store: str  # "playstore" or "offstore"


@dataclass(frozen=True, slots=True)
class AppFlags:
    """The flags by package, and which copy of the list they came from."""

    by_package: Mapping[str, AppFlag]
    version: str

    def get(self, package: str) -> AppFlag | None:
        """The flag for a package, or None."""
        return self.by_package.get(package)


def parse_flags(content: str, version: str) -> AppFlags:
    """The Android rows of an ISDi app-flags CSV; rows of other stores or flags are left out."""
    flags: dict[str, AppFlag] = {}
    for row in csv.DictReader(io.StringIO(content, newline="")):
        package = (row.get("appId") or "").strip()
        store = (row.get("store") or "").strip()
        flag = (row.get("flag") or "").strip()
        if package and store in ANDROID_STORES and flag in KINDS:
            flags.setdefault(package, AppFlag(package, flag, (row.get("title") or "").strip(), store))
    return AppFlags(MappingProxyType(flags), version)


MIN_FLAGS = 1000  # an updated copy with fewer Android rows than this is not used


def load_flags() -> AppFlags:
    """The copy `cybercheck indicators update` fetched, when there is a good one; else the one shipped."""
    from cybercheck.indicators.load import companion_file

    found = companion_file(BUNDLED)
    if found is not None:
        path, version = found
        try:
            flags = parse_flags(path.read_text(encoding="utf-8"), f"ISDi app-flags, {version}")
        except (OSError, UnicodeDecodeError, csv.Error):
            flags = None
        if flags is not None and len(flags.by_package) >= MIN_FLAGS:
            return flags
    return bundled_flags()


@cache
def bundled_flags() -> AppFlags:
    """The copy that ships with cybercheck (ISDi commit 646f8f9, June 2026)."""
    content = resources.files("checks.android").joinpath("data", BUNDLED).read_text(encoding="utf-8")
    return parse_flags(content, "ISDi app-flags 646f8f9 (2026-06-27)")
