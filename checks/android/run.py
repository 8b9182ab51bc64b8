"""The run step of android.device: the phone read from its source, its coverage recorded, then judged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from checks.android.judge import judge_android
from checks.android.records import AndroidArtifacts, RawArtifacts
from checks.android.sources.assemble import assemble
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.model import Finding
from cybercheck.pipeline.words import text


def examine_phone(ctx: Context) -> Iterator[Finding]:
    """Every finding for the phone given as `--input android=...`."""
    value = ctx.input("android") or ""
    is_adb = value.strip().lower().split(":", 1)[0] == "adb"
    raw = read_phone(value, None if is_adb else ctx.input_path("android"))
    artifacts = assemble(raw)
    _coverage(ctx, artifacts)
    yield from judge_android(artifacts, ctx.indicators, now=ctx.now(), owner=ctx.owner)


def read_phone(value: str, path: Path | None) -> RawArtifacts:
    """The raw artifacts for `--input android=...`: "adb", "adb:SERIAL", or a path."""
    if value.strip().lower() == "adb" or value.strip().lower().startswith("adb:"):
        from checks.android.sources.adb import collect

        return collect(value.strip())
    assert path is not None
    if path.name.lower().endswith(".age"):
        from checks.android.sources.androidqf import read_androidqf

        return read_androidqf(path)
    from checks.android.sources.androidqf import read_export
    from checks.android.sources.bugreport import is_bugreport, read_bugreport
    from cybercheck.archive import open_export

    with open_export(path) as export:
        if is_bugreport(export):
            return read_bugreport(export)
        return read_export(export)


def _coverage(ctx: Context, artifacts: AndroidArtifacts) -> None:
    device = artifacts.device
    third_party = sum(not a.system for a in artifacts.apps)
    model = device.model or text("android.phone-unnamed")
    phone = (
        text("android.phone-version", model=model, version=device.android_version)
        if device.android_version
        else model
    )
    ctx.looked_at(
        text(
            "android.apps-read",
            phone=phone,
            apps=len(artifacts.apps),
            third_party=third_party,
            source=artifacts.source,
        )
    )
    ctx.looked_at(
        text(
            "android.powers-read",
            accessibility=len(artifacts.accessibility),
            admins=len(artifacts.device_admins),
            listeners=len(artifacts.notification_listeners),
            settings=len(artifacts.settings),
            accounts=len(artifacts.accounts),
        )
    )
    indicators = ctx.indicators
    counts = indicators.counts()
    ctx.looked_at(
        text(
            "android.indicators-compared",
            version=indicators.version,
            stalkerware=counts["stalkerware"],
            watchware=counts["watchware"],
        )
    )
    for gap in artifacts.gaps:
        ctx.partial(gap)
    for note in indicators.skipped:
        ctx.partial(note)
