"""android.device: stalkerware, monitoring apps and the settings they need on an Android phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Need

if TYPE_CHECKING:  # the sources and the judgement are imported when the check runs, to keep listing fast
    from checks.android.artifacts import RawArtifacts
    from checks.android.records import AndroidArtifacts
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


def read_phone(value: str, path: Path | None) -> RawArtifacts:
    """The raw artifacts for `--input android=...`: "adb", "adb:SERIAL", or a path."""
    if value.strip().lower() == "adb" or value.strip().lower().startswith("adb:"):
        from checks.android.adb import collect

        return collect(value.strip())
    assert path is not None
    if path.name.lower().endswith(".age"):
        from checks.android.androidqf import read_androidqf

        return read_androidqf(path)
    from checks.android.androidqf import read_export
    from checks.android.bugreport import is_bugreport, read_bugreport
    from cybercheck.archive import open_export

    with open_export(path) as export:
        if is_bugreport(export):
            return read_bugreport(export)
        return read_export(export)


class AndroidDevice(Check):
    """Looks for stalkerware and monitoring apps on an Android phone, and the settings they need.

    Give the phone in one of two ways:

      --input android=adb          a phone connected by USB cable, with USB debugging on
                                   (adb:SERIAL picks one of several phones)
      --input android=FOLDER|ZIP   an AndroidQF acquisition (the folder, or the zip it makes),
                                   or a bug report zip made with `adb bugreport`

    For a connected phone: on the phone open Settings > About phone and tap Build number seven
    times, then Settings > System > Developer options > USB debugging. Connect the cable and tap
    Allow on the phone. cybercheck only reads: it never installs, removes or changes anything,
    and it reads the phone in two adb calls. Switching USB debugging on is itself a change
    someone could notice; it can be switched off again afterwards.

    It compares every app with Echap's stalkerware and watchware indicators (and any --iocs
    STIX2 bundles), and looks at accessibility services, device administrators, notification
    and usage access, apps installed from outside an app store (above all hidden ones with
    access to location, messages, microphone or camera), Play Protect, unknown sources,
    developer options, signs of root, user certificates, always-on VPN, accounts and the
    security update level. Nothing leaves the computer.
    """

    id = "android.device"
    aliases = ("device.android",)
    title = "Stalkerware and monitoring apps on an Android phone"
    area = Area.DEVICES
    looks_at = "the apps, special access and security settings of an Android phone (over USB, or an AndroidQF acquisition)"
    needs = (Need.input("android", how="Connect the phone and give --input android=adb, or give an AndroidQF "
                        "acquisition with --input android=FOLDER (see: cybercheck checks show android.device)."),)
    blind_spots: ClassVar[tuple[str, ...]] = (
        "Someone who knows your Google or Samsung password can follow your location, photos and messages "
        "from their own device without any app on your phone; check your accounts as well.",
        "The indicator list is incomplete: a monitoring app that is new or renamed may not be on it, so "
        "look at the other findings too.",
        "It sees what the phone reports about itself; a phone taken over at system level (rooted) can hide things.",
        "An AndroidQF acquisition or a bug report does not list certificates added by a user; look on the "
        "phone in Settings under User credentials (often Security → Encryption & credentials).",
        "It cannot see location sharing inside apps (Google Maps, Find My Device, Life360 used openly), family groups or shared phone plans; the guided questions (cybercheck guide) go through those.",
    )
    example_inputs: ClassVar[dict[str, str]] = {"android": "examples/androidqf"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.android.artifacts import assemble
        from checks.android.judge import judge_android

        value = ctx.input("android") or ""
        is_adb = value.strip().lower().split(":", 1)[0] == "adb"
        raw = read_phone(value, None if is_adb else ctx.input_path("android"))
        artifacts = assemble(raw)
        _coverage(ctx, artifacts)
        yield from judge_android(artifacts, ctx.indicators, now=ctx.now(), owner=ctx.owner)


def _coverage(ctx: Context, artifacts: AndroidArtifacts) -> None:
    device = artifacts.device
    third_party = sum(not a.system for a in artifacts.apps)
    phone = device.model + (f", Android {device.android_version}" if device.android_version else "")
    ctx.looked_at(f"{phone}: {len(artifacts.apps)} apps ({third_party} not part of the system), from {artifacts.source}")
    parts = [
        f"{len(artifacts.accessibility)} accessibility services switched on",
        f"{len(artifacts.device_admins)} device administrators",
        f"{len(artifacts.notification_listeners)} apps with notification access",
        f"{len(artifacts.settings)} settings",
        f"{len(artifacts.accounts)} accounts",
    ]
    ctx.looked_at(", ".join(parts))
    indicators = ctx.indicators
    counts = indicators.counts()
    ctx.looked_at(f"compared with {indicators.version}: {counts['stalkerware']} stalkerware and "
                  f"{counts['watchware']} watchware apps")
    for gap in artifacts.gaps:
        ctx.partial(gap)
    for note in indicators.skipped:
        ctx.partial(note)
