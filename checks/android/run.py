"""The run step of android.device: the phone read from its source, its coverage recorded, then judged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from checks.android.dualuse import load_flags
from checks.android.judge import judge_android
from checks.android.judge.apps import matched_packages
from checks.android.judge.dualuse import DualUse, dual_use_apps
from checks.android.judge.managed import managers
from checks.android.records import AndroidArtifacts, RawArtifacts
from checks.android.sources.assemble import assemble
from cybercheck.collector import held_off
from cybercheck.pipeline.context import Context, Question
from cybercheck.pipeline.model import Finding
from cybercheck.pipeline.words import text


def examine_phone(ctx: Context) -> Iterator[Finding]:
    """Every finding for the phone given as `--input android=...`."""
    value = ctx.input("android") or ""
    is_adb = value.strip().lower().split(":", 1)[0] == "adb"
    with held_off():  # a phone's records and ISDi's flags are many objects, all kept to the end
        raw = read_phone(value, None if is_adb else ctx.input_path("android"))
        artifacts = assemble(raw)
        flags = load_flags()
    _coverage(ctx, artifacts)
    apps = {app.package: app for app in artifacts.apps}
    dual_use = dual_use_apps(artifacts, apps, flags, matched_packages(artifacts, ctx.indicators, apps))
    ctx.looked_at(
        text(
            "android.dual-use-compared", count=sum(not a.system for a in apps.values()), version=flags.version
        )
    )
    yield from judge_android(
        artifacts,
        ctx.indicators,
        now=ctx.now(),
        owner=ctx.owner,
        dual_use=dual_use,
        known=recognition(ctx, dual_use),
        known_managers=management_known(ctx, artifacts),
    )


def _named_apps(ctx: Context) -> set[str]:
    """The apps the person named as theirs (`--input known-apps`, comma-separated), lower case."""
    return {
        part.strip().lower()
        for value in ctx.inputs("known-apps")
        for part in value.split(",")
        if part.strip()
    }


def management_known(ctx: Context, artifacts: AndroidArtifacts) -> dict[str, bool]:
    """Whether the person knows each organisation managing the phone or a work profile: named, else asked."""
    named = _named_apps(ctx)
    known: dict[str, bool] = {}
    for manager in managers(artifacts):
        if manager.package and manager.package.lower() in named:
            known[manager.key] = True
            continue
        if manager.whole_phone:
            question = text("android.ask-device-owner", package=manager.package or "")
        elif manager.package:
            question = text("android.ask-work-profile", package=manager.package)
        else:
            question = text("android.ask-work-profile-unnamed")
        answer = ctx.ask(Question(question, key=f"android.known-manager:{manager.key}"))
        if answer in ("yes", "no"):
            known[manager.key] = answer == "yes"
    return known


def recognition(ctx: Context, dual_use: list[DualUse]) -> dict[str, bool]:
    """Whether the person knows each dual-use app: named in `--input known-apps`, else asked."""
    named = _named_apps(ctx)
    known: dict[str, bool] = {}
    for item in dual_use:
        package = item.app.package
        if package.lower() in named or item.flag.title.lower() in named:
            known[package] = True
            continue
        question = Question(
            text("android.ask-dual-use", title=item.flag.title, package=package),
            key=f"android.known-app:{package}",
        )
        answer = ctx.ask(question)
        if answer in ("yes", "no"):
            known[package] = answer == "yes"
    return known


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

    with open_export(path, nested=(".apk",)) as export:
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
    ctx.looked_at(text("android.keyboards-read", count=len(artifacts.input_methods)))
    if artifacts.users is not None:
        ctx.looked_at(
            text(
                "android.users-read",
                count=len(artifacts.users),
                work=sum(u.kind == "work profile" for u in artifacts.users),
            )
        )
    if any(a.system for a in artifacts.apps):
        ctx.looked_at(text("android.system-updates-read", count=len(artifacts.system_updates)))
    if artifacts.crashes is not None:
        ctx.looked_at(
            text(
                "android.crashes-read",
                count=len(artifacts.crashes),
                apps=len({c.package for c in artifacts.crashes}),
            )
        )
    if artifacts.intrusion is not None:
        events = artifacts.intrusion.events
        ctx.looked_at(
            text(
                "android.intrusion-read",
                dns=sum(e.count for e in events if e.kind == "dns"),
                connections=sum(e.count for e in events if e.kind == "connect"),
                other=artifacts.intrusion.other_events,
                files=artifacts.intrusion.files,
            )
        )
    if artifacts.apks:
        scanned = sum(s.scanned for s in artifacts.apks)
        ctx.looked_at(text("android.apks-scanned", count=len(artifacts.apks), scanned=scanned))
    elif artifacts.apks is not None:
        ctx.looked_at(text("android.apks-none"))
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
