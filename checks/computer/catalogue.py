"""The lists computer.apps matches against: remote-access and monitoring products, and stalkerware names.

The product lists are data (checks/computer/data/*.yaml, each entry with its source); names
from the stalkerware indicator set are added at run time. Names match whole words, in any
case: "TeamViewer" matches "TeamViewer 15 Host", not "MyTeamViewerNotes".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast

from cybercheck.indicators.sets import IndicatorSet, ThreatKind
from cybercheck.yamldata import load_yaml

_WORD = re.compile(r"[a-z0-9]+")
MIN_INDICATOR_NAME = 5


@dataclass(frozen=True, slots=True)
class Product:
    """A product worth naming when it is found on a computer."""

    name: str
    kind: str  # "remote-access", "keylogger", "monitoring", "stalkerware", "watchware"
    source: str
    names: tuple[str, ...] = ()
    processes: tuple[str, ...] = ()
    bundles: tuple[str, ...] = ()


def words(text: str) -> list[str]:
    """The lower-case words of a name ("TeamViewer_15 Host" -> ["teamviewer", "15", "host"])."""
    return _WORD.findall(text.lower())


class Catalogue:
    """Products indexed by name (as word runs), process name and bundle id."""

    def __init__(self, products: Iterable[Product]) -> None:
        self.products = list(products)
        self._names: dict[str, Product] = {}
        self._processes: dict[str, Product] = {}
        self._bundles: dict[str, Product] = {}
        for product in self.products:
            for name in (product.name, *product.names):
                self._names.setdefault("".join(words(name)), product)
            for process in product.processes:
                self._processes.setdefault(process.lower(), product)
            for bundle in product.bundles:
                self._bundles.setdefault(bundle.lower(), product)

    def by_name(self, text: str) -> Product | None:
        """The product whose name is the first words of `text` (or all of it, joined)."""
        found = words(text)
        for end in range(1, min(len(found), 6) + 1):
            product = self._names.get("".join(found[:end]))
            if product is not None:
                return product
        return None

    def by_process(self, name: str) -> Product | None:
        """The product a running program's name belongs to ("AnyDesk.exe" -> AnyDesk)."""
        base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
        return self._processes.get(base.removesuffix(".exe"))

    def by_bundle(self, bundle: str | None) -> Product | None:
        """The product with this macOS bundle id."""
        return self._bundles.get(bundle.lower()) if bundle else None


@cache
def _data(name: str) -> dict[str, Any]:
    return cast(
        "dict[str, Any]",
        load_yaml(resources.files("checks.computer").joinpath("data", name).read_text(encoding="utf-8")),
    )


def _listed(name: str, kind: str | None = None) -> list[Product]:
    return [
        Product(
            p["name"],
            kind or p["kind"],
            p["source"],
            tuple(p.get("names") or ()),
            tuple(p.get("processes") or ()),
            tuple(p.get("bundles") or ()),
        )
        for p in _data(name)["products"]
    ]


def catalogue(indicators: IndicatorSet) -> Catalogue:
    """Remote-access and monitoring products, then the indicator set's names long and distinct enough to match."""
    products = _listed("remote_access.yaml", "remote-access") + _listed("monitoring.yaml")
    ignored = {"".join(words(n)) for n in _data("monitoring.yaml")["indicator_names_ignored"]}
    for threat in indicators.threats:
        names = [
            n
            for n in (threat.name, *threat.names)
            if len("".join(words(n))) >= MIN_INDICATOR_NAME and "".join(words(n)) not in ignored
        ]
        if names:
            kind = "stalkerware" if threat.kind is ThreatKind.STALKERWARE else "watchware"
            products.append(Product(threat.name, kind, threat.source, tuple(names)))
    return Catalogue(products)


def list_counts() -> tuple[int, int]:
    """How many remote-access and how many monitoring products the shipped lists name."""
    return len(_data("remote_access.yaml")["products"]), len(_data("monitoring.yaml")["products"])
