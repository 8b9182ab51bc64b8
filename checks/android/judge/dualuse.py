"""Dual-use apps (ISDi's flags): judged by what the app is, what it holds here, and whether the person knows it.

A family locator or call recorder the person installed is not an alarm; the same app with
powers to watch (accessibility, device administration, notification access, location in the
background, text messages or call history, a hidden icon, installed outside a store) that
the person does not recognise is. Apps matched by the stalkerware indicators are judged
there, not here; apps that came with the phone are left out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from checks.android.dualuse import AppFlag, AppFlags
from checks.android.judge.apps import OUTSIDE_STORE, app_fields, origin
from checks.android.records import AndroidArtifacts, App
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

# permission -> the words key for what holding it means here
WATCHING_PERMISSIONS = {
    "android.permission.ACCESS_BACKGROUND_LOCATION": "android.held-background-location",
    "android.permission.READ_SMS": "android.held-text-messages",
    "android.permission.RECEIVE_SMS": "android.held-text-messages",
    "android.permission.READ_CALL_LOG": "android.held-call-history",
}


@dataclass(frozen=True, slots=True)
class DualUse:
    """A flagged app installed on this phone, and the watching powers it holds here (words)."""

    app: App
    flag: AppFlag
    powers: tuple[str, ...]


def dual_use_apps(
    artifacts: AndroidArtifacts, apps: Mapping[str, App], flags: AppFlags, flagged: set[str]
) -> list[DualUse]:
    """The flagged apps on this phone that the indicators did not already match, most powerful first."""
    found = [
        DualUse(app, flag, held_powers(artifacts, app))
        for app in apps.values()
        if not app.system and app.package not in flagged and (flag := flags.get(app.package))
    ]
    return sorted(found, key=lambda d: (-len(d.powers), d.app.package))


def held_powers(artifacts: AndroidArtifacts, app: App) -> tuple[str, ...]:
    """Words for each watching power the app holds on this phone."""
    package = app.package
    held: list[str] = []
    if any(c.package == package for c in artifacts.accessibility):
        held.append(text("android.held-accessibility"))
    if any(a.component.package == package for a in artifacts.device_admins):
        held.append(text("android.held-admin"))
    if any(c.package == package for c in artifacts.notification_listeners):
        held.append(text("android.held-notifications"))
    if any(
        o.package == package and o.op == "GET_USAGE_STATS" and o.mode == "allow" for o in artifacts.app_ops
    ):
        held.append(text("android.held-usage"))
    permissions = app.granted_permissions or app.requested_permissions
    keys = dict.fromkeys(WATCHING_PERMISSIONS[p] for p in sorted(permissions) if p in WATCHING_PERMISSIONS)
    held += [text(key) for key in keys]
    if app.launcher_icon is False:
        held.append(text("android.held-hidden-icon"))
    if origin(app).kind in OUTSIDE_STORE:
        held.append(text("android.held-outside-store"))
    return tuple(held)


def judge_dual_use(
    artifacts: AndroidArtifacts, found: list[DualUse], known: Mapping[str, bool]
) -> Iterator[Finding]:
    """One finding per flagged app; `known` maps a package to whether the person recognises it."""
    for item in found:
        package = item.app.package
        spying = item.flag.flag != "dual-use"
        recognised = known.get(package)
        if recognised:
            severity, sure = Severity.INFO, text("android.sure-dual-use-known")
        elif recognised is False:
            severity = Severity.HIGH if item.powers or spying else Severity.MEDIUM
            sure = text(
                "android.sure-dual-use-unknown-powers" if item.powers else "android.sure-dual-use-unknown"
            )
        else:
            severity = Severity.MEDIUM if item.powers or spying else Severity.LOW
            sure = text("android.sure-dual-use-unasked")
        fields = {
            text("android.label-how-sure"): sure,
            text("android.label-listed-as"): text(
                "android.listed-spying" if spying else "android.listed-dual-use", title=item.flag.title
            ),
            **app_fields(item.app, package),
            text("android.label-holds-here"): "; ".join(item.powers)
            if item.powers
            else text("android.holds-none"),
            text("android.label-indicator-list"): text("android.isdi-source"),
        }
        yield Finding(
            code="android.app.dual-use",
            severity=severity,
            subject=text("android.subject-dual-use", title=item.flag.title, package=package),
            evidence=(
                Evidence(
                    source=text("android.seen-in-apps", source=artifacts.source),
                    when=item.app.first_install,
                    fields=fields,
                ),
            ),
        )
