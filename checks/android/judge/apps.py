"""Judgements about apps: indicator matches, how they were installed, and switched-off protection."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from checks.android import known
from checks.android.records import AndroidArtifacts, App
from cybercheck.indicators.sets import IndicatorMatch, IndicatorSet, ThreatKind
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

OUTSIDE_STORE = ("file", "adb", "unknown", "other-app")
STRONG_MATCHES = ("certificate", "file")  # how an app matched that leaves no doubt


@dataclass(frozen=True, slots=True)
class Origin:
    """How an app reached the phone, in words."""

    kind: str  # "system", "store", "other-store", "file", "adb", "unknown", "other-app"
    words: str


def origin(app: App) -> Origin:
    """Where the app came from, judged from its installer."""
    installer = app.installer
    if app.system:
        return Origin("system", text("android.origin-system"))
    if installer is None:
        return Origin("unknown", text("android.origin-unknown"))
    if installer in known.STORES:
        return Origin("store", text(known.STORES[installer]))
    if installer in known.OTHER_STORES:
        return Origin("other-store", text(known.OTHER_STORES[installer]))
    if installer in known.FILE_INSTALLERS:
        return Origin("file", text("android.origin-file"))
    if installer in known.ADB_INSTALLERS:
        return Origin("adb", text("android.origin-adb"))
    return Origin("other-app", text("android.origin-other-app", installer=installer))


def sensitive(app: App) -> list[str]:
    """Words for the watching powers an app holds (granted, else requested when grants are unknown)."""
    held = app.granted_permissions or app.requested_permissions
    return sorted({text(known.SENSITIVE[p]) for p in held if p in known.SENSITIVE})


def app_fields(app: App | None, package: str) -> dict[str, str]:
    """The exact facts about an app, for evidence."""
    if app is None:
        return {
            text("android.label-package"): package,
            text("android.label-installed"): text("android.not-installed"),
        }
    fields: dict[str, str] = {
        text("android.label-package"): app.package,
        text("android.label-installed-from"): origin(app).words,
    }
    if app.installer:
        fields[text("android.label-installer")] = app.installer
    if app.first_install:
        fields[text("android.label-first-installed")] = app.first_install.strftime("%Y-%m-%d %H:%M UTC")
    if app.last_update:
        fields[text("android.label-last-updated")] = app.last_update.strftime("%Y-%m-%d %H:%M UTC")
    if app.version:
        fields[text("android.label-version")] = app.version
    if app.launcher_icon is not None:
        fields[text("android.label-icon")] = (
            text("android.yes") if app.launcher_icon else text("android.icon-hidden")
        )
    powers = sensitive(app)
    if powers:
        fields[text("android.label-can-reach")] = ", ".join(powers)
    if app.disabled:
        fields[text("android.label-state")] = text("android.state-switched-off")
    return fields


@dataclass(frozen=True, slots=True)
class _Hit:
    """One indicator match for a package, and what matched ("package", "certificate", "process" ...)."""

    match: IndicatorMatch
    where: str


MATCHED_BY = {
    "package": "android.matched-package",
    "certificate": "android.matched-certificate",
    "file": "android.matched-file",
    "process": "android.matched-process",
    "accessibility": "android.matched-accessibility",
    "listener": "android.matched-listener",
    "admin": "android.matched-admin",
}


def judge_indicators(
    artifacts: AndroidArtifacts, indicators: IndicatorSet, apps: Mapping[str, App]
) -> Iterator[Finding]:
    """Apps (and running processes or components) that match a stalkerware or watchware indicator."""
    found: dict[str, list[_Hit]] = {}
    for app in apps.values():
        hits = [_Hit(m, "package") for m in [indicators.app(app.package)] if m]
        hits += [_Hit(m, "certificate") for m in map(indicators.certificate, sorted(app.certificates)) if m]
        hits += [_Hit(m, "file") for m in map(indicators.file_hash, sorted(app.file_hashes)) if m]
        if hits:
            found[app.package] = hits
    others = [(p.name, "process") for p in artifacts.processes]
    others += [(c.package, "accessibility") for c in artifacts.accessibility]
    others += [(c.package, "listener") for c in artifacts.notification_listeners]
    others += [(a.component.package, "admin") for a in artifacts.device_admins]
    for name, where in others:
        if name in apps:
            continue  # an installed app was matched above, by its package, certificate or file
        match = indicators.process(name) if where == "process" else indicators.app(name)
        if match and (name not in found or all(h.where != where for h in found[name])):
            found.setdefault(name, []).append(_Hit(match, where))
    for package, hits in found.items():
        yield _indicator_finding(artifacts, package, apps.get(package), hits)


def judge_apk_rules(
    artifacts: AndroidArtifacts, apps: Mapping[str, App], flagged: set[str]
) -> Iterator[Finding]:
    """App files whose code matched Echap's YARA rules for stalkerware (a renamed app is still caught)."""
    hits: dict[str, list[str]] = {}
    for scan in artifacts.apks or ():
        if scan.rules and scan.package not in flagged:
            hits.setdefault(scan.package, []).extend(scan.rules)
    for package, rules in hits.items():
        app = apps.get(package)
        named = ", ".join(dict.fromkeys(rules))
        yield Finding(
            code="android.app.stalkerware",
            severity=Severity.URGENT,
            subject=text("android.subject-indicator", product=named, package=package),
            evidence=(
                Evidence(
                    source=text("android.seen-in-app-files", source=artifacts.source),
                    when=app.first_install if app else None,
                    fields={
                        text("android.label-how-sure"): text("android.sure-apk-rules"),
                        text("android.label-product"): named,
                        **app_fields(app, package),
                        text("android.label-matched"): f"{text('android.matched-apk-rules')}: {named}",
                        text("android.label-indicator-list"): text("android.echap-rules-source"),
                    },
                ),
            ),
        )


def matched_packages(
    artifacts: AndroidArtifacts, indicators: IndicatorSet, apps: Mapping[str, App]
) -> set[str]:
    """The packages the indicators match (so that other judgements can leave them to that finding)."""
    return {
        f.evidence[0].fields.get(text("android.label-package"), "")
        for f in judge_indicators(artifacts, indicators, apps)
    }


def _indicator_finding(
    artifacts: AndroidArtifacts, package: str, app: App | None, hits: list[_Hit]
) -> Finding:
    threat = hits[0].match.threat
    stalkerware = any(h.match.threat.kind is ThreatKind.STALKERWARE for h in hits)
    if stalkerware:
        threat = next(h.match.threat for h in hits if h.match.threat.kind is ThreatKind.STALKERWARE)
    listed = text("android.list-stalkerware") if stalkerware else text("android.list-watchware")
    strongest = next((h.where for h in hits if h.where in STRONG_MATCHES), None)
    if strongest is not None:
        sure = text("android.sure-indicator-certain", matched=text(MATCHED_BY[strongest]), listed=listed)
    else:
        sure = text("android.sure-indicator-likely", matched=text(MATCHED_BY[hits[0].where]), listed=listed)
    fields = {
        text("android.label-how-sure"): sure,
        text("android.label-product"): threat.name,
        **app_fields(app, package),
    }
    if threat.names:
        fields[text("android.label-also-sold-as")] = ", ".join(threat.names[:8])
    fields[text("android.label-matched")] = "; ".join(
        f"{text(MATCHED_BY[h.where])}: {h.match.value}" for h in hits
    )
    fields[text("android.label-indicator-list")] = threat.source
    return Finding(
        code="android.app.stalkerware" if stalkerware else "android.app.watchware",
        severity=Severity.URGENT if stalkerware else Severity.MEDIUM,
        subject=text("android.subject-indicator", product=threat.name, package=package),
        evidence=(
            Evidence(
                source=text("android.seen-in-apps", source=artifacts.source),
                when=app.first_install if app else None,
                fields=fields,
            ),
        ),
    )


def judge_install_origin(
    artifacts: AndroidArtifacts, apps: Mapping[str, App], flagged: set[str]
) -> Iterator[Finding]:
    """Apps installed from outside an app store, more serious with watching powers and no icon."""
    for app in apps.values():
        where = origin(app)
        if where.kind not in OUTSIDE_STORE or app.package in flagged:
            continue
        powers = sensitive(app)
        hidden = app.launcher_icon is False
        if powers and hidden:
            severity, sure = Severity.HIGH, text("android.sure-sideloaded-hidden-powers")
        elif powers:
            severity, sure = Severity.MEDIUM, text("android.sure-sideloaded-powers")
        elif hidden:
            severity, sure = Severity.MEDIUM, text("android.sure-sideloaded-hidden")
        else:
            severity, sure = Severity.LOW, text("android.sure-sideloaded")
        yield Finding(
            code="android.app.sideloaded",
            severity=severity,
            subject=app.package,
            evidence=(
                Evidence(
                    source=text("android.seen-in-apps", source=artifacts.source),
                    when=app.first_install,
                    fields={text("android.label-how-sure"): sure, **app_fields(app, app.package)},
                ),
            ),
        )


def judge_protection_packages(artifacts: AndroidArtifacts, apps: Mapping[str, App]) -> Iterator[Finding]:
    """Security or system-update packages that were switched off."""
    for package, role_key in known.PROTECTION_PACKAGES.items():
        app = apps.get(package)
        if app is not None and app.disabled:
            role = text(role_key)
            yield Finding(
                code="android.app.protection-disabled",
                severity=Severity.MEDIUM,
                subject=text("android.subject-protection-off", package=package, role=role),
                evidence=(
                    Evidence(
                        source=text("android.seen-in-apps", source=artifacts.source),
                        fields={
                            text("android.label-how-sure"): text("android.sure-protection-off"),
                            text("android.label-package"): package,
                            text("android.label-role"): role,
                            text("android.label-state"): "disabled",
                        },
                    ),
                ),
            )
