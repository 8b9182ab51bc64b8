"""Judgements about special powers apps hold: accessibility, administration, notification and usage access."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from checks.android import known
from checks.android.judge.apps import OUTSIDE_STORE, app_fields, origin
from checks.android.records import AndroidArtifacts, App, Component
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text


def _component_fields(component: Component, apps: Mapping[str, App]) -> dict[str, str]:
    return {
        text("android.label-component"): component.name,
        **app_fields(apps.get(component.package), component.package),
    }


def judge_powers(
    artifacts: AndroidArtifacts, apps: Mapping[str, App], flagged: set[str]
) -> Iterator[Finding]:
    """Accessibility services, device administrators, notification listeners and usage access held by apps."""
    source = artifacts.source
    how_sure = text("android.label-how-sure")

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
        sure = text("android.sure-accessibility-outside") if high else text("android.sure-accessibility")
        yield Finding(
            code="android.accessibility.enabled",
            severity=Severity.HIGH if high else Severity.MEDIUM,
            subject=service.name,
            evidence=(
                Evidence(
                    source=text("android.seen-in-accessibility", source=source),
                    fields={how_sure: sure, **_component_fields(service, apps)},
                ),
            ),
        )
    if not artifacts.accessibility:
        yield from _accessibility_unnamed(artifacts, apps)
    owners = {a.component.package for a in artifacts.device_admins if a.role != "admin"}
    for admin in artifacts.device_admins:
        package = admin.component.package
        if system(package) or package in owners:
            continue  # owners are judged in judge/managed.py, with the person's answer
        work = package in known.WORK_MANAGEMENT
        severity = Severity.LOW if work else (Severity.HIGH if outside(package) else Severity.MEDIUM)
        yield Finding(
            code="android.device-admin",
            severity=severity,
            subject=text("android.subject-admin", component=admin.component.name, role=admin.role),
            evidence=(
                Evidence(
                    source=text("android.seen-in-admins", source=source),
                    fields={
                        how_sure: text("android.sure-admin-work") if work else text("android.sure-admin"),
                        text("android.label-role"): admin.role,
                        **_component_fields(admin.component, apps),
                    },
                ),
            ),
        )
    for listener in artifacts.notification_listeners:
        if system(listener.package):
            continue
        paired = listener.package in known.PAIRED_DEVICE_APPS
        yield Finding(
            code="android.notification-listener",
            severity=Severity.LOW
            if paired
            else (Severity.HIGH if outside(listener.package) else Severity.MEDIUM),
            subject=listener.name,
            evidence=(
                Evidence(
                    source=text("android.seen-in-notification-access", source=source),
                    fields={
                        how_sure: text("android.sure-listener-paired")
                        if paired
                        else text("android.sure-listener"),
                        **_component_fields(listener, apps),
                    },
                ),
            ),
        )
    usage = sorted(
        {op.package for op in artifacts.app_ops if op.op == "GET_USAGE_STATS" and op.mode == "allow"}
    )
    for package in usage:
        if system(package):
            continue
        yield Finding(
            code="android.usage-access",
            severity=Severity.MEDIUM if outside(package) else Severity.LOW,
            subject=package,
            evidence=(
                Evidence(
                    source=text("android.seen-in-special-access", source=source),
                    fields={
                        how_sure: text("android.sure-usage-access"),
                        text("android.label-access"): text("android.access-usage"),
                        **app_fields(apps.get(package), package),
                    },
                ),
            ),
        )


# Packages that switch accessibility on when the person does it in Settings.
_SETTINGS_PACKAGES = ("android", "com.android.settings", "com.android.systemui")


def _accessibility_unnamed(artifacts: AndroidArtifacts, apps: Mapping[str, App]) -> Iterator[Finding]:
    """Accessibility switched on (secure accessibility_enabled=1) with no service named in what was read."""
    item = next(
        (s for s in artifacts.settings if s.namespace == "secure" and s.name == "accessibility_enabled"), None
    )
    if item is None or item.value.strip() != "1":
        return
    changer = item.changed_by
    by_app = (
        changer is not None
        and changer not in _SETTINGS_PACKAGES
        and not (changer in apps and apps[changer].system)
    )
    fields: dict[str, str] = {
        text("android.label-how-sure"): text("android.sure-accessibility-unnamed"),
        text("android.label-component"): text("android.service-not-named"),
        text("android.label-setting"): "secure accessibility_enabled=1",
    }
    if changer is not None:
        fields[text("android.label-changed-by")] = changer
    if by_app and changer is not None:
        fields.update(app_fields(apps.get(changer), changer))
    yield Finding(
        code="android.accessibility.enabled",
        severity=Severity.HIGH if by_app else Severity.MEDIUM,
        subject=text("android.subject-accessibility-unnamed"),
        evidence=(Evidence(source=text("android.seen-in-settings", source=artifacts.source), fields=fields),),
    )
