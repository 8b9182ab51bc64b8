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
    """The flags by package, and which copy of the list they came from.

    Rows are kept as read (flag, title, store) and made into AppFlag records when asked for: a
    phone has a few hundred apps, the list thousands.
    """

    rows: Mapping[str, tuple[str, str, str]]
    version: str

    def get(self, package: str) -> AppFlag | None:
        """The flag for a package, or None."""
        row = self.rows.get(package)
        return AppFlag(package, *row) if row is not None else None

    @property
    def by_package(self) -> Mapping[str, AppFlag]:
        """Every flag, by package."""
        return MappingProxyType({package: AppFlag(package, *row) for package, row in self.rows.items()})

    def __len__(self) -> int:
        return len(self.rows)


def parse_flags(content: str, version: str) -> AppFlags:
    """The Android rows of an ISDi app-flags CSV; rows of other stores or flags are left out."""
    rows = csv.reader(io.StringIO(content, newline=""))
    header = [name.strip() for name in next(rows, [])]
    if not {"appId", "store", "flag"} <= set(header):
        return AppFlags(MappingProxyType({}), version)
    at_app, at_store, at_flag = header.index("appId"), header.index("store"), header.index("flag")
    at_title = header.index("title") if "title" in header else None
    width = max(at_app, at_store, at_flag)
    flags: dict[str, tuple[str, str, str]] = {}
    for row in rows:
        if len(row) <= width:
            continue
        store, flag = row[at_store], row[at_flag]
        if store not in ANDROID_STORES or flag not in KINDS:  # most rows are, as written: no spaces
            store, flag = store.strip(), flag.strip()
            if store not in ANDROID_STORES or flag not in KINDS:
                continue
        package = row[at_app].strip()
        if package and package not in flags:
            title = row[at_title].strip() if at_title is not None and at_title < len(row) else ""
            flags[package] = (flag, title, store)
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
        if flags is not None and len(flags) >= MIN_FLAGS:
            return flags
    return bundled_flags()


@cache
def bundled_flags() -> AppFlags:
    """The copy that ships with cybercheck (ISDi commit 646f8f9, June 2026)."""
    content = resources.files("checks.android").joinpath("data", BUNDLED).read_text(encoding="utf-8")
    return parse_flags(content, "ISDi app-flags 646f8f9 (2026-06-27)")
