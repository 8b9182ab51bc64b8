"""STIX2 indicator bundles as MVT uses them (--iocs FILE)."""

from __future__ import annotations

from pathlib import Path

from cybercheck.errors import DamagedInput
from cybercheck.indicators import IndicatorSet


def load_stix2(path: Path) -> IndicatorSet:
    """The indicators of one STIX2 bundle."""
    raise DamagedInput(f"STIX2 bundles are not read yet, so {path.name} was not used.")
