"""The one artifact interface: what any source read from a phone, joined into AndroidArtifacts.

A source (adb.py for a connected phone, androidqf.py for an acquisition, bugreport.py for a
bug report) only finds the raw artifacts — the text of `getprop`, `settings list`, the
dumpsys services, the package lists — and hands them over as RawArtifacts. The shared
parsers (dumpsys, getprop, packages, processes, settings) read them here, the same way
whichever source they came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timezone, tzinfo

from checks.android.records import (
    AndroidArtifacts,
    App,
    Component,
    Crash,
    DeviceInfo,
    QfPackage,
    RawArtifacts,
    Setting,
)
from checks.android.sources import dumpsys, getprop, packages, settings
from checks.android.sources.packages import PackageDetails
from checks.android.sources.processes import parse_ps
from checks.android.sources.system_apps import hidden_system_packages, updated_system_apps
from checks.android.sources.users import parse_users
from cybercheck.pipeline.words import text

# Raw artifact names -> the words for what is lost when one is missing.
MISSING = {
    "getprop": "android.missing-getprop",
    "settings_global": "android.missing-settings-global",
    "settings_secure": "android.missing-settings-secure",
    "dumpsys_package": "android.missing-dumpsys-package",
    "dumpsys_accessibility": "android.missing-dumpsys-accessibility",
    "dumpsys_device_policy": "android.missing-dumpsys-device-policy",
    "dumpsys_appops": "android.missing-dumpsys-appops",
    "dumpsys_account": "android.missing-dumpsys-account",
    "launcher": "android.missing-launcher",
    "processes": "android.missing-processes",
    "root_binaries": "android.missing-root-binaries",
}


def assemble(raw: RawArtifacts) -> AndroidArtifacts:
    """Parse every raw artifact and join them into one AndroidArtifacts."""
    texts = raw.texts
    properties = getprop.parse_getprop(texts.get("getprop", ""))
    zone = _zone(properties.get("persist.sys.timezone"))
    values = {
        n: settings.parse_settings_list(texts[f"settings_{n}"])
        for n in settings.NAMESPACES
        if f"settings_{n}" in texts
    }
    every_setting = tuple(
        Setting(ns, k, v, raw.settings_changed_by.get((ns, k)))
        for ns, table in values.items()
        for k, v in table.items()
    )
    secure = values.get("secure", {})

    details = (
        {d.name: d for d in packages.parse_dumpsys_package(texts["dumpsys_package"])}
        if "dumpsys_package" in texts
        else {}
    )
    launcher = _launcher(texts)
    apps = _apps(texts, raw.qf_packages, details, launcher, zone)
    if raw.apks:
        saved: dict[str, set[str]] = {}
        for scan in raw.apks:
            saved.setdefault(scan.package, set()).add(scan.sha256)
        apps = [
            replace(a, file_hashes=a.file_hashes | saved[a.package]) if a.package in saved else a
            for a in apps
        ]

    accessibility = _union(
        dumpsys.accessibility_services(texts.get("dumpsys_accessibility", "")),
        _setting_components(secure.get("enabled_accessibility_services"))
        if secure.get("accessibility_enabled", "1") != "0"
        else (),
    )
    listeners = _union(
        dumpsys.notification_listeners(texts.get("dumpsys_notification", "")),
        _setting_components(secure.get("enabled_notification_listeners")),
    )
    keyboards = _union(
        _setting_components(secure.get("default_input_method")),
        _setting_components(secure.get("enabled_input_methods")),
    )
    processes = raw.processes
    if processes is None and "ps" in texts:
        processes = tuple(parse_ps(texts["ps"]))

    read = set(texts) | {
        n
        for n, v in (
            ("packages_json", raw.qf_packages),
            ("processes", processes),
            ("root_binaries", raw.root_binaries),
        )
        if v is not None
    }
    gaps = list(raw.gaps)
    if not apps:
        gaps.append(text("android.missing-apps"))
    for name, key in MISSING.items():
        if name not in read and not (name == "launcher" and launcher is not None):
            gaps.append(text(key))
    # the secure setting alone is not enough: it names only what one user approved by component
    if not dumpsys.lists_notification_listeners(texts.get("dumpsys_notification", "")):
        gaps.append(text("android.missing-dumpsys-notification"))
    return AndroidArtifacts(
        source=raw.source,
        device=DeviceInfo(properties),
        apps=tuple(apps),
        settings=every_setting,
        accessibility=tuple(accessibility),
        notification_listeners=tuple(listeners),
        input_methods=tuple(keyboards),
        device_admins=tuple(dumpsys.device_admins(texts.get("dumpsys_device_policy", ""))),
        app_ops=tuple(dumpsys.app_ops(texts.get("dumpsys_appops", ""))),
        accounts=tuple(dumpsys.accounts(texts.get("dumpsys_account", ""))),
        processes=tuple(processes or ()),
        root_binaries=tuple(raw.root_binaries or ()),
        user_certificates=raw.user_certificates,
        apks=raw.apks,
        intrusion=raw.intrusion,
        trusted_computers=tuple(dumpsys.trusted_computers(texts["dumpsys_adb"]))
        if "dumpsys_adb" in texts
        else None,
        crashes=_crashes(texts, raw, zone),
        system_updates=tuple(
            updated_system_apps(apps, hidden_system_packages(texts.get("dumpsys_package", "")))
        ),
        users=tuple(parse_users(texts["dumpsys_user"])) if "dumpsys_user" in texts else None,
        read=frozenset(read),
        gaps=tuple(dict.fromkeys(gaps)),
        collected=raw.collected,
    )


def _crashes(texts: Mapping[str, str], raw: RawArtifacts, zone: tzinfo) -> tuple[Crash, ...] | None:
    """The source's own crash records and those of a `dumpsys dropbox` text, in UTC."""
    if raw.crashes is None and "dumpsys_dropbox" not in texts:
        return None
    from checks.android.sources.crashes import CrashReader  # its expressions are compiled only when needed

    reader = CrashReader()
    for line in texts.get("dumpsys_dropbox", "").splitlines():
        reader.take(line)
    return tuple(
        replace(c, when=_localised(c.when, zone) if c.when is None or c.when.tzinfo is None else _utc(c.when))
        for c in (*reader.crashes, *(raw.crashes or ()))
    )


def _utc(moment: datetime) -> datetime | None:
    try:
        return moment.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None


def _launcher(texts: Mapping[str, str]) -> set[str] | None:
    if "launcher" in texts:
        return packages.launcher_from_query(texts["launcher"])
    if "dumpsys_package" in texts:
        return packages.launcher_from_resolver(texts["dumpsys_package"])
    return None


def _apps(
    texts: Mapping[str, str],
    qf: tuple[QfPackage, ...] | None,
    details: Mapping[str, PackageDetails],
    launcher: set[str] | None,
    zone: tzinfo,
) -> list[App]:
    listed = {p.name: p for p in packages.parse_pm_list(texts.get("pm_list", ""))}
    system = packages.parse_pm_names(texts.get("pm_system", ""))
    disabled = packages.parse_pm_names(texts.get("pm_disabled", ""))
    by_qf = {p.name: p for p in qf or ()}
    names = dict.fromkeys([*listed, *by_qf, *(d.name for d in details.values() if d.installed)])
    apps = []
    for name in names:
        item, entry, detail = listed.get(name), by_qf.get(name), details.get(name)
        # `pm list packages -i` (and AndroidQF, which runs it) is the installer of record
        if item is not None:
            installer = item.installer
        elif entry is not None:
            installer = entry.installer
        else:
            installer = detail.installer if detail else None
        apps.append(
            App(
                package=name,
                installer=installer,
                system=bool((entry and entry.system) or name in system or (detail and detail.system)),
                disabled=bool((entry and entry.disabled) or name in disabled or (detail and detail.disabled)),
                uid=(item.uid if item else None)
                or (entry.uid if entry else None)
                or (detail.uid if detail else None),
                version=detail.version if detail else None,
                first_install=_localised(detail.first_install, zone) if detail else None,
                last_update=_localised(detail.last_update, zone) if detail else None,
                requested_permissions=detail.requested if detail else frozenset(),
                granted_permissions=detail.granted if detail else frozenset(),
                launcher_icon=None if launcher is None else name in launcher,
                certificates=entry.certificates if entry else frozenset(),
                file_hashes=entry.file_hashes if entry else frozenset(),
                paths=entry.paths if entry else ((detail.code_path,) if detail and detail.code_path else ()),
            )
        )
    return apps


def _setting_components(value: str | None) -> list[Component]:
    if not value or value == "null":
        return []
    return [c for part in value.split(":") for c in dumpsys.components_in(part)]


def _union(*groups: Iterable[Component]) -> list[Component]:
    found: dict[str, Component] = {}
    for group in groups:
        for component in group:
            found.setdefault(component.name, component)
    return list(found.values())


def _zone(name: str | None) -> tzinfo:
    if name:
        try:
            from zoneinfo import ZoneInfo

            return ZoneInfo(name)
        except (ValueError, OSError, ImportError, KeyError):  # ZoneInfoNotFoundError is a KeyError
            pass
    return timezone.utc


def _localised(moment: datetime | None, zone: tzinfo) -> datetime | None:
    if moment is None:
        return None
    try:
        return moment.replace(tzinfo=zone).astimezone(timezone.utc)
    except (OverflowError, ValueError):
        return None
