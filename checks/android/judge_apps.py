"""Judgements about apps: indicator matches, how they were installed, and the powers they hold."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from checks.android import known
from checks.android.records import AndroidArtifacts, App, Component
from cybercheck.indicators.sets import IndicatorMatch, IndicatorSet, ThreatKind
from cybercheck.pipeline.model import Evidence, Finding, Severity

OUTSIDE_STORE = ("file", "adb", "unknown", "other-app")


@dataclass(frozen=True, slots=True)
class Origin:
    """How an app reached the phone, in plain words."""

    kind: str  # "system", "store", "other-store", "file", "adb", "unknown", "other-app"
    words: str


def origin(app: App) -> Origin:
    """Where the app came from, judged from its installer."""
    installer = app.installer
    if app.system:
        return Origin("system", "part of the phone's system")
    if installer in known.STORES:
        return Origin("store", known.STORES[installer])
    if installer in known.OTHER_STORES:
        return Origin("other-store", known.OTHER_STORES[installer])
    if installer in known.FILE_INSTALLERS:
        return Origin("file", "installed from an app file (downloaded, sent, or copied on), not from an app store")
    if installer in known.ADB_INSTALLERS:
        return Origin("adb", "installed from a computer over a USB cable")
    if installer is None:
        return Origin("unknown", "no app store recorded: installed from a computer or by another method")
    return Origin("other-app", f"installed by another app ({installer}), not by an app store")


def sensitive(app: App) -> list[str]:
    """Plain words for the watching powers an app holds (granted, else requested when grants are unknown)."""
    held = app.granted_permissions or app.requested_permissions
    return sorted({known.SENSITIVE[p] for p in held if p in known.SENSITIVE})


def app_fields(app: App | None, package: str) -> dict[str, str]:
    """The exact facts about an app, for evidence."""
    if app is None:
        return {"package": package, "installed": "not in the list of installed apps"}
    fields = {"package": app.package, "installed from": origin(app).words}
    if app.installer:
        fields["installer"] = app.installer
    if app.first_install:
        fields["first installed"] = app.first_install.strftime("%Y-%m-%d %H:%M UTC")
    if app.last_update:
        fields["last updated"] = app.last_update.strftime("%Y-%m-%d %H:%M UTC")
    if app.version:
        fields["version"] = app.version
    if app.launcher_icon is not None:
        fields["icon on the home screen"] = "yes" if app.launcher_icon else "no (hidden from the app list)"
    powers = sensitive(app)
    if powers:
        fields["can reach"] = ", ".join(powers)
    if app.disabled:
        fields["state"] = "switched off (disabled)"
    return fields


def judge_indicators(artifacts: AndroidArtifacts, indicators: IndicatorSet, apps: Mapping[str, App]) -> Iterator[Finding]:
    """Apps (and running processes or components) that match a stalkerware or watchware indicator."""
    found: dict[str, list[tuple[IndicatorMatch, str]]] = {}
    for app in apps.values():
        hits = [(m, "its package name") for m in [indicators.app(app.package)] if m]
        hits += [(m, "its signing certificate") for m in map(indicators.certificate, sorted(app.certificates)) if m]
        hits += [(m, "its app file") for m in map(indicators.file_hash, sorted(app.file_hashes)) if m]
        if hits:
            found[app.package] = hits
    others = [(p.name, "a running process") for p in artifacts.processes]
    others += [(c.package, "an accessibility service") for c in artifacts.accessibility]
    others += [(c.package, "a notification listener") for c in artifacts.notification_listeners]
    others += [(a.component.package, "a device administrator") for a in artifacts.device_admins]
    for name, where in others:
        if name in apps:
            continue  # an installed app was matched above, by its package, certificate or file
        match = indicators.process(name) if where == "a running process" else indicators.app(name)
        if match and (name not in found or all(w != where for _, w in found[name])):
            found.setdefault(name, []).append((match, where))
    for package, hits in found.items():
        yield _indicator_finding(artifacts, package, apps.get(package), hits)


def _indicator_finding(artifacts: AndroidArtifacts, package: str, app: App | None, hits: list[tuple[IndicatorMatch, str]]) -> Finding:
    threat = hits[0][0].threat
    stalkerware = any(m.threat.kind is ThreatKind.STALKERWARE for m, _ in hits)
    if stalkerware:
        threat = next(m.threat for m, _ in hits if m.threat.kind is ThreatKind.STALKERWARE)
    strong = any(where in ("its signing certificate", "its app file") for _, where in hits)
    listed = "stalkerware" if stalkerware else "watchware"
    if strong:
        strongest = next(w for _, w in hits if w in ("its signing certificate", "its app file"))
        sure = f"Certain: {strongest} is on the {listed} list"
    else:
        sure = (f"Very likely: {hits[0][1]} matches a {listed} app on the list; names can be copied, "
                "so a support worker may want to confirm it")
    fields = {"how sure": sure, "product": threat.name, **app_fields(app, package)}
    if threat.names:
        fields["also sold as"] = ", ".join(threat.names[:8])
    fields["matched"] = "; ".join(f"{where}: {m.value}" for m, where in hits)
    fields["indicator list"] = threat.source
    return Finding(
        code="android.app.stalkerware" if stalkerware else "android.app.watchware",
        severity=Severity.URGENT if stalkerware else Severity.MEDIUM,
        subject=f"{threat.name} ({package})",
        evidence=(Evidence(source=f"{artifacts.source}: installed apps", when=app.first_install if app else None, fields=fields),),
    )


def judge_install_origin(artifacts: AndroidArtifacts, apps: Mapping[str, App], flagged: set[str]) -> Iterator[Finding]:
    """Apps installed from outside an app store, more serious with watching powers and no icon."""
    for app in apps.values():
        where = origin(app)
        if where.kind not in OUTSIDE_STORE or app.package in flagged:
            continue
        powers = sensitive(app)
        hidden = app.launcher_icon is False
        if powers and hidden:
            severity, sure = Severity.HIGH, "Likely worth a close look: it came from outside an app store, can reach sensitive things, and hides its icon"
        elif powers:
            severity, sure = Severity.MEDIUM, "Possible: it came from outside an app store and can reach sensitive things; many such apps are harmless"
        elif hidden:
            severity, sure = Severity.MEDIUM, "Possible: it came from outside an app store and has no icon on the home screen"
        else:
            severity, sure = Severity.LOW, "Unclear: it came from outside an app store; that alone is common and often harmless"
        yield Finding(
            code="android.app.sideloaded",
            severity=severity,
            subject=app.package,
            evidence=(Evidence(source=f"{artifacts.source}: installed apps", when=app.first_install,
                               fields={"how sure": sure, **app_fields(app, app.package)}),),
        )


def judge_protection_packages(artifacts: AndroidArtifacts, apps: Mapping[str, App]) -> Iterator[Finding]:
    """Security or system-update packages that were switched off."""
    for package, role in known.PROTECTION_PACKAGES.items():
        app = apps.get(package)
        if app is not None and app.disabled:
            yield Finding(
                code="android.app.protection-disabled",
                severity=Severity.MEDIUM,
                subject=f"{package} ({role}) is switched off",
                evidence=(Evidence(source=f"{artifacts.source}: installed apps", fields={
                    "how sure": "Certain that it is off; not certain who switched it off or why",
                    "package": package, "role": role, "state": "disabled"}),),
            )


def _component_fields(component: Component, apps: Mapping[str, App]) -> dict[str, str]:
    return {"component": component.name, **app_fields(apps.get(component.package), component.package)}


def judge_powers(artifacts: AndroidArtifacts, apps: Mapping[str, App], flagged: set[str]) -> Iterator[Finding]:
    """Accessibility services, device administrators, notification listeners and usage access held by apps."""
    source = artifacts.source

    def outside(package: str) -> bool:
        app = apps.get(package)
        return app is None or origin(app).kind in OUTSIDE_STORE or app.launcher_icon is False

    def system(package: str) -> bool:
        app = apps.get(package)
        return app is not None and app.system

    for service in artifacts.accessibility:
        if system(service.package) or service.package in known.ASSISTIVE:
            continue
        high = outside(service.package) or service.package in flagged
        yield Finding(
            code="android.accessibility.enabled",
            severity=Severity.HIGH if high else Severity.MEDIUM,
            subject=service.name,
            evidence=(Evidence(source=f"{source}: accessibility services", fields={
                "how sure": ("Likely worth a close look: it can read the screen and came from outside an app store or hides its icon"
                             if high else "Possible: some helpful apps use this, and stalkerware needs it to read messages"),
                **_component_fields(service, apps)}),),
        )
    for admin in artifacts.device_admins:
        package = admin.component.package
        if system(package):
            continue
        work = package in known.WORK_MANAGEMENT
        owner = admin.role != "admin"
        severity = Severity.LOW if work else (Severity.HIGH if owner or outside(package) else Severity.MEDIUM)
        yield Finding(
            code="android.device-admin",
            severity=severity,
            subject=f"{admin.component.name} ({admin.role})",
            evidence=(Evidence(source=f"{source}: device administrators", fields={
                "how sure": ("Certain that an organisation's management app controls this phone; usually a work or school phone"
                             if work else "Possible: this power is rare for ordinary apps and lets an app resist being removed"),
                "role": admin.role, **_component_fields(admin.component, apps)}),),
        )
    for listener in artifacts.notification_listeners:
        if system(listener.package):
            continue
        paired = listener.package in known.PAIRED_DEVICE_APPS
        yield Finding(
            code="android.notification-listener",
            severity=Severity.LOW if paired else (Severity.HIGH if outside(listener.package) else Severity.MEDIUM),
            subject=listener.name,
            evidence=(Evidence(source=f"{source}: notification access", fields={
                "how sure": ("Unclear: watch and car apps need this; check the watch or car it is paired with is yours"
                             if paired else "Possible: it can read every notification, including message previews"),
                **_component_fields(listener, apps)}),),
        )
    usage = sorted({op.package for op in artifacts.app_ops if op.op == "GET_USAGE_STATS" and op.mode == "allow"})
    for package in usage:
        if system(package):
            continue
        yield Finding(
            code="android.usage-access",
            severity=Severity.MEDIUM if outside(package) else Severity.LOW,
            subject=package,
            evidence=(Evidence(source=f"{source}: special app access", fields={
                "how sure": "Unclear: battery, parental-control and wellbeing apps use this; it shows which apps you use and when",
                "access": "usage access (GET_USAGE_STATS allowed)", **app_fields(apps.get(package), package)}),),
        )
