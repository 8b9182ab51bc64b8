"""Every tracker format against real and specification-built payloads (tests/realworld/trackers)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from checks.trackers.formats import following_rules, formats
from checks.trackers.judge.recognise import Recogniser
from checks.trackers.records import Advertisement, OwnerState

SAMPLES = Path(__file__).parents[2] / "realworld" / "trackers"
PAYLOADS: list[dict[str, Any]] = yaml.safe_load((SAMPLES / "payloads.yaml").read_text(encoding="utf-8"))
WHEN = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)


def advert(sample: dict[str, Any]) -> Advertisement:
    return Advertisement(
        time=WHEN,
        address=sample["address"],
        rssi=-60,
        manufacturer_data={int(k): bytes.fromhex(v) for k, v in (sample.get("manufacturer") or {}).items()},
        service_data={k: bytes.fromhex(v) for k, v in (sample.get("service") or {}).items()},
        service_uuids=tuple(sample.get("uuids") or ()),
    )


@pytest.mark.parametrize("sample", PAYLOADS, ids=[p["name"] for p in PAYLOADS])
def test_sample_is_recognised_as_its_source_says(sample: dict[str, Any]) -> None:
    decoded = Recogniser().recognise(advert(sample))
    expect = sample["expect"]
    if expect is None:
        assert decoded is None
        return
    assert decoded is not None
    assert decoded.format == expect["format"]
    assert decoded.owner_state is OwnerState(expect["owner_state"])
    if "kind" in expect:
        assert decoded.kind == expect["kind"]
    for name, value in expect.items():
        if name not in ("format", "kind", "owner_state"):
            assert decoded.fields[name] == value, name


def test_real_samples_cover_apple_and_tile_and_the_ordinary_devices() -> None:
    real = [p for p in PAYLOADS if p["origin"] == "real"]
    assert {p["expect"]["format"] for p in real if p["expect"]} == {"apple-find-my", "tile"}
    assert sum(1 for p in real if p["expect"] is None) >= 6


def test_every_format_and_field_has_a_meaning_and_a_source() -> None:
    folder = Path(__file__).parents[3] / "checks" / "trackers" / "data"
    for fmt in formats():
        raw = yaml.safe_load((folder / f"{fmt.id}.yaml").read_text(encoding="utf-8"))
        text = (folder / f"{fmt.id}.yaml").read_text(encoding="utf-8")
        assert "Sources" in text or "Source" in text, fmt.id
        for name, spec in (raw.get("fields") or {}).items():
            assert spec.get("meaning"), (fmt.id, name)
            assert spec.get("source"), (fmt.id, name)
    assert {f.id for f in formats()} >= {
        "apple-find-my",
        "dult",
        "google-find-hub",
        "samsung-smarttag",
        "tile",
        "chipolo",
        "pebblebee",
    }


def test_following_thresholds_are_airguards_published_ones() -> None:
    rules = following_rules()
    assert rules["sensitivity"]["high"] == {"minutes": 30, "places": 2}
    assert rules["sensitivity"]["medium"] == {"minutes": 60, "places": 3}
    assert rules["sensitivity"]["low"] == {"minutes": 120, "places": 4}
    assert rules["min_sightings"] == 3
    assert rules["kind_minutes"]["apple-device"] == 150


def test_every_kind_and_state_has_words() -> None:
    from checks.trackers.records import Link
    from cybercheck.pipeline.words import template

    for fmt in formats():
        for kind in (*fmt.kinds, fmt.default_kind):
            assert template(f"trackers.kind-{kind}"), (fmt.id, kind)
    for state in OwnerState:
        assert template(f"trackers.state-{state.value}")
    for link in Link:
        assert template(f"trackers.link-{link.value}")


def test_every_reason_a_source_gives_has_words() -> None:
    import re

    from cybercheck.pipeline.words import template

    root = Path(__file__).parents[3]
    files = [*(root / "checks" / "trackers").rglob("*.py"), root / "cybercheck" / "cli" / "sweep.py"]
    keys = {
        k for p in files for k in re.findall(r'"(trackers\.[a-z][a-z0-9-]*)"', p.read_text(encoding="utf-8"))
    }
    keys = {k for k in keys if not k.startswith("trackers.tracker.")}  # finding codes: advice.yaml
    keys -= {"trackers.nearby", "trackers.android"}  # check ids
    assert {"trackers.line-not-json", "trackers.bluetooth-off", "trackers.snoop-cut-short"} <= keys
    assert sorted(k for k in keys if template(k) is None) == []
