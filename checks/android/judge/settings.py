"""Judgements about the settings: Play Protect and app checks, unknown sources, developer options, VPN."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from checks.android import known
from checks.android.judge.apps import app_fields
from checks.android.records import AndroidArtifacts, App
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

# setting name -> (the value that means "off", the words for what it does); any namespace (MVT's list).
SCANNING = {
    "package_verifier_enable": ("0", "android.scan-play-protect"),
    "package_verifier_user_consent": ("-1", "android.scan-outside-store"),
    "upload_apk_enable": ("0", "android.scan-upload"),
    "verifier_verify_adb_installs": ("0", "android.scan-adb-installs"),
    "package_verifier_state": ("0", "android.scan-state"),
    "adb_install_need_confirm": ("0", "android.scan-adb-confirm"),
}
STRONG_SCANNING = ("package_verifier_enable", "package_verifier_user_consent")


def setting(artifacts: AndroidArtifacts, name: str) -> tuple[str, str] | None:
    """(namespace, value) of the first setting called `name`, in any namespace."""
    for item in artifacts.settings:
        if item.name == name:
            return item.namespace, item.value
    return None


def judge_settings(artifacts: AndroidArtifacts, apps: Mapping[str, App]) -> Iterator[Finding]:
    """Play Protect and app checks off, unknown sources, developer options, always-on VPN."""
    source = text("android.seen-in-settings", source=artifacts.source)
    how_sure = text("android.label-how-sure")
    off = {}
    for name, (value, meaning) in SCANNING.items():
        found = setting(artifacts, name)
        if found and found[1].strip() == value:
            off[name] = (found, meaning)
    if off:
        strong = any(n in off for n in STRONG_SCANNING)
        fields: dict[str, str] = {how_sure: text("android.sure-checks-off")}
        for name, ((namespace, value), meaning) in off.items():
            fields[f"{namespace} {name}"] = text("android.setting-off", value=value, meaning=text(meaning))
        yield Finding(
            "android.setting.play-protect-off",
            Severity.MEDIUM if strong else Severity.LOW,
            text("android.subject-play-protect") if strong else text("android.subject-app-checks"),
            (Evidence(source, fields=fields),),
        )
    unknown = setting(artifacts, "install_non_market_apps")
    if unknown and unknown[1] == "1":
        yield Finding(
            "android.setting.unknown-sources",
            Severity.MEDIUM,
            text("android.subject-unknown-sources"),
            (
                Evidence(
                    source,
                    fields={
                        how_sure: text("android.sure-unknown-sources"),
                        f"{unknown[0]} install_non_market_apps": "1",
                    },
                ),
            ),
        )
    installers = {
        o.package for o in artifacts.app_ops if o.op == "REQUEST_INSTALL_PACKAGES" and o.mode == "allow"
    }
    for package in sorted(installers):
        app = apps.get(package)
        if app is not None and app.system and package in known.FILE_INSTALLERS:
            continue
        yield Finding(
            "android.setting.unknown-sources",
            Severity.LOW,
            text("android.subject-can-install", package=package),
            (
                Evidence(
                    text("android.seen-in-special-access", source=artifacts.source),
                    fields={
                        how_sure: text("android.sure-can-install"),
                        text("android.label-access"): text("android.access-install"),
                        **app_fields(app, package),
                    },
                ),
            ),
        )
    developer = {
        n: v
        for n in ("development_settings_enabled", "adb_enabled")
        if (v := setting(artifacts, n)) and v[1] == "1"
    }
    if developer:
        yield Finding(
            "android.setting.developer-options",
            Severity.LOW,
            text("android.subject-developer-options"),
            (
                Evidence(
                    source,
                    fields={
                        how_sure: text("android.sure-developer-options"),
                        **{f"{ns} {n}": value for n, (ns, value) in developer.items()},
                    },
                ),
            ),
        )
    vpn = setting(artifacts, "always_on_vpn_app")
    if vpn and vpn[1] not in ("", "null"):
        lockdown = setting(artifacts, "always_on_vpn_lockdown")
        yield Finding(
            "android.vpn.always-on",
            Severity.MEDIUM,
            vpn[1],
            (
                Evidence(
                    source,
                    fields={
                        how_sure: text("android.sure-vpn"),
                        text("android.label-vpn-app"): vpn[1],
                        text("android.label-vpn-lockdown"): (
                            text("android.yes") if lockdown and lockdown[1] == "1" else text("android.no")
                        ),
                        **app_fields(apps.get(vpn[1]), vpn[1]),
                    },
                ),
            ),
        )
