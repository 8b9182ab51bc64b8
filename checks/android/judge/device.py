"""Judgements about the phone itself: signs of root, certificates a user added, an old security update."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timezone

from checks.android import known
from checks.android.judge.apps import app_fields
from checks.android.records import AndroidArtifacts, App
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text


def judge_root(artifacts: AndroidArtifacts, apps: Mapping[str, App]) -> Iterator[Finding]:
    """Signs the phone is rooted: root tools on disk, root apps, a test or unlocked build."""
    source = artifacts.source
    how_sure = text("android.label-how-sure")
    if artifacts.root_binaries:
        yield Finding(
            "android.root",
            Severity.HIGH,
            text("android.subject-root-tools"),
            (
                Evidence(
                    text("android.seen-in-files", source=source),
                    fields={
                        how_sure: text("android.sure-root-tools"),
                        text("android.label-files"): ", ".join(artifacts.root_binaries[:20]),
                    },
                ),
            ),
        )
    for package in sorted(p for p in apps if p.lower() in known.ROOT_PACKAGES):
        yield Finding(
            "android.root",
            Severity.MEDIUM,
            text("android.subject-root-app", package=package),
            (
                Evidence(
                    text("android.seen-in-apps", source=source),
                    fields={how_sure: text("android.sure-root-app"), **app_fields(apps[package], package)},
                ),
            ),
        )
    device = artifacts.device
    signs = {}
    if "test-keys" in (device.get("ro.build.tags") or ""):
        signs["ro.build.tags"] = device.get("ro.build.tags") or ""
    if device.get("ro.debuggable") == "1" and device.get("ro.secure") == "0":
        signs["ro.debuggable / ro.secure"] = "1 / 0"
    if device.get("ro.boot.verifiedbootstate") in ("orange", "red"):
        signs["ro.boot.verifiedbootstate"] = device.get("ro.boot.verifiedbootstate") or ""
    if device.get("ro.boot.flash.locked") == "0":
        signs["ro.boot.flash.locked"] = "0"
    if signs:
        yield Finding(
            "android.root",
            Severity.MEDIUM,
            text("android.subject-unlocked-system"),
            (
                Evidence(
                    text("android.seen-in-build", source=source),
                    fields={how_sure: text("android.sure-unlocked-system"), **signs},
                ),
            ),
        )


def judge_certificates(artifacts: AndroidArtifacts) -> Iterator[Finding]:
    """Certificates a user added, which can let someone read secure connections."""
    if artifacts.user_certificates:
        yield Finding(
            "android.ca-certificate.user",
            Severity.MEDIUM,
            text("android.subject-user-certificates", count=len(artifacts.user_certificates)),
            (
                Evidence(
                    text("android.seen-in-certificates", source=artifacts.source),
                    fields={
                        text("android.label-how-sure"): text("android.sure-user-certificates"),
                        text("android.label-certificates"): ", ".join(artifacts.user_certificates[:20]),
                    },
                ),
            ),
        )


def judge_trusted_computers(artifacts: AndroidArtifacts) -> Iterator[Finding]:
    """Computers allowed to use USB debugging: one may be the computer used for this check; more is worth a look."""
    computers = artifacts.trusted_computers or ()
    if not computers:
        return
    fields: dict[str, str] = {
        text("android.label-how-sure"): text(
            "android.sure-trusted-computers" if len(computers) > 1 else "android.sure-trusted-computer"
        )
    }
    for n, computer in enumerate(computers, 1):
        seen = computer.last_connected.strftime("%Y-%m-%d %H:%M UTC") if computer.last_connected else "?"
        fields[text("android.label-computer", number=n)] = text(
            "android.computer-entry", name=computer.name or "?", key=computer.key_start, seen=seen
        )
    yield Finding(
        "android.adb.trusted-computers",
        Severity.LOW if len(computers) > 1 else Severity.INFO,
        text("android.subject-trusted-computers", count=len(computers)),
        (Evidence(text("android.seen-in-adb", source=artifacts.source), fields=fields),),
    )


def judge_patch(artifacts: AndroidArtifacts, now: datetime) -> Iterator[Finding]:
    """A security update level more than six months old."""
    level = artifacts.device.security_patch
    if not level:
        return
    try:
        patched = datetime.strptime(level.strip(), "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        return
    age = (now - patched).days
    if age > 183:
        yield Finding(
            "android.patch.old",
            Severity.MEDIUM if age > 730 else Severity.LOW,
            text("android.subject-patch", level=level),
            (
                Evidence(
                    text("android.seen-in-build", source=artifacts.source),
                    fields={
                        text("android.label-how-sure"): text("android.sure-patch"),
                        text("android.label-patch-level"): level,
                        text("android.label-age"): text("android.age-months", months=age // 30),
                        text("android.label-android-version"): (
                            artifacts.device.android_version or text("android.unknown")
                        ),
                    },
                ),
            ),
        )
