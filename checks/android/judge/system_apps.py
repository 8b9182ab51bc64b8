"""System apps replaced by an update from outside an app store.

An app that came with the phone can be updated: by Google Play or the phone maker's store, or by
the phone maker's own updater. Those are normal and raise nothing. An update installed from a
file, from a computer, or by an ordinary app replaces a trusted app with a copy nobody checked,
keeping the trusted app's name and powers: worth a look.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from checks.android import known
from checks.android.judge.apps import app_fields
from checks.android.records import AndroidArtifacts, App, SystemAppUpdate
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text


def how_updated(update: SystemAppUpdate, apps: Mapping[str, App]) -> str | None:
    """The words key for how an update came from outside a store, or None when it came the normal way."""
    installer = update.installer
    if installer is None:
        return "android.updated-no-installer"
    if installer in known.FILE_INSTALLERS:
        return "android.updated-from-file"
    if installer in known.ADB_INSTALLERS:
        return "android.updated-from-computer"
    if installer in known.STORES or installer in known.OTHER_STORES:
        return None
    installer_app = apps.get(installer)
    if installer_app is None or installer_app.system:
        return None  # the phone maker's own updater, or an installer this source does not list
    return "android.updated-by-app"


def judge_system_updates(
    artifacts: AndroidArtifacts, apps: Mapping[str, App], flagged: set[str]
) -> Iterator[Finding]:
    """One finding per system app whose update came from outside a store."""
    for update in artifacts.system_updates:
        how = how_updated(update, apps)
        if how is None or update.package in flagged:
            continue
        fields: dict[str, str] = {
            text("android.label-how-sure"): text(
                "android.sure-system-no-installer"
                if update.installer is None
                else "android.sure-system-replaced"
            ),
            **app_fields(apps.get(update.package), update.package),
            text("android.label-updated-how"): text(how, installer=update.installer or ""),
        }
        if update.path:
            fields[text("android.label-update-path")] = update.path
        if update.original_path:
            fields[text("android.label-original-path")] = update.original_path
        yield Finding(
            code="android.app.system-replaced",
            severity=Severity.LOW if update.installer is None else Severity.MEDIUM,
            subject=text("android.subject-system-replaced", package=update.package),
            evidence=(
                Evidence(
                    source=text("android.seen-in-apps", source=artifacts.source),
                    when=update.updated,
                    fields=fields,
                ),
            ),
        )
