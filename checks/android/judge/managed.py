"""Phones managed by an organisation: a device owner, or a work profile with its profile owner.

A device owner can see and control a great deal of a phone: which apps it has, its network, its
location on some phones, and it can lock or erase it. On a work or school phone, or a phone the
person set up with their employer's app, that is expected; on a personal phone nobody set up
that way it is serious. A work profile keeps work apps apart, and its owner manages only that
profile. Whether the person knows about it decides what it means, so the guided session asks.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from checks.android import known
from checks.android.judge.apps import app_fields
from checks.android.records import AndroidArtifacts, App
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

WORK_PROFILE = "work-profile"  # the key of a work profile whose owner app is not known


@dataclass(frozen=True, slots=True)
class Manager:
    """Who manages the phone or a profile on it: the app (None when unknown) and whether it owns the whole phone."""

    package: str | None
    component: str | None
    whole_phone: bool

    @property
    def key(self) -> str:
        """What the person's answer is kept under."""
        return self.package or WORK_PROFILE


def managers(artifacts: AndroidArtifacts) -> list[Manager]:
    """The device owner and profile owners, and a work profile whose owner was not listed."""
    found = [
        # a profile owner of the main user (0) manages the person's own profile, not a work profile
        Manager(a.component.package, a.component.name, a.role == "device owner" or a.user == 0)
        for a in artifacts.device_admins
        if a.role != "admin"
    ]
    profiles = [u for u in artifacts.users or () if u.kind == "work profile"]
    if profiles and not any(not m.whole_phone for m in found):
        found.append(Manager(None, None, False))
    return found


def judge_managed(
    artifacts: AndroidArtifacts, apps: Mapping[str, App], known_managers: Mapping[str, bool]
) -> Iterator[Finding]:
    """One finding per manager; `known_managers` says, by Manager.key, whether the person knows it."""
    profiles = ", ".join(f"{u.name} ({u.user_id})" for u in artifacts.users or () if u.kind == "work profile")
    for manager in managers(artifacts):
        answer = known_managers.get(manager.key)
        work_app = manager.package in known.WORK_MANAGEMENT
        if answer:
            severity, sure = Severity.INFO, "android.sure-managed-known"
        elif answer is False:
            severity, sure = Severity.HIGH, "android.sure-managed-unknown"
        elif manager.whole_phone:
            severity = Severity.MEDIUM if work_app else Severity.HIGH
            sure = "android.sure-owner-unasked"
        else:
            severity, sure = Severity.LOW, "android.sure-work-profile-unasked"
        fields: dict[str, str] = {text("android.label-how-sure"): text(sure)}
        if manager.package:
            fields[text("android.label-component")] = manager.component or manager.package
            app = apps.get(manager.package)
            if app is not None:  # a work profile's own apps are not in the main profile's list
                fields.update(app_fields(app, manager.package))
        if profiles and not manager.whole_phone:
            fields[text("android.label-work-profiles")] = profiles
        yield Finding(
            code="android.managed.device-owner" if manager.whole_phone else "android.managed.work-profile",
            severity=severity,
            subject=text(
                "android.subject-device-owner" if manager.whole_phone else "android.subject-work-profile",
                package=manager.package or text("android.manager-unnamed"),
            ),
            evidence=(
                Evidence(source=text("android.seen-in-management", source=artifacts.source), fields=fields),
            ),
        )
