"""Judgements about the phone itself: protection settings, root, certificates, VPN, accounts, updates."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timezone

from checks.android import known
from checks.android.judge_apps import app_fields
from checks.android.records import AndroidArtifacts, App
from cybercheck.pipeline.model import Evidence, Finding, Severity

# setting name -> (the value that means "off", what it does); any namespace (MVT's list).
SCANNING = {
    "package_verifier_enable": ("0", "Google Play Protect scans apps"),
    "package_verifier_user_consent": ("-1", "Play Protect may scan apps from outside the store"),
    "upload_apk_enable": ("0", "Play Protect may send unknown apps to Google for checking"),
    "verifier_verify_adb_installs": ("0", "apps installed from a computer are checked"),
    "package_verifier_state": ("0", "app checking is switched on"),
    "adb_install_need_confirm": ("0", "installing from a computer needs confirming on the phone"),
}
STRONG_SCANNING = ("package_verifier_enable", "package_verifier_user_consent")
MAIN_ACCOUNTS = {
    "com.google": "Google",
    "com.osp.app.signin": "Samsung",
    "com.samsung.android.mobileservice": "Samsung",
    "com.xiaomi": "Xiaomi",
    "com.huawei.hwid": "Huawei",
    "com.microsoft.workaccount": "Microsoft work or school",
}


def _setting(artifacts: AndroidArtifacts, name: str) -> tuple[str, str] | None:
    for item in artifacts.settings:
        if item.name == name:
            return item.namespace, item.value
    return None


def judge_settings(artifacts: AndroidArtifacts, apps: Mapping[str, App]) -> Iterator[Finding]:
    """Play Protect and app checks off, unknown sources, developer options, always-on VPN."""
    source = f"{artifacts.source}: settings"
    off = {}
    for name, (value, meaning) in SCANNING.items():
        found = _setting(artifacts, name)
        if found and found[1].strip() == value:
            off[name] = (found, meaning)
    if off:
        strong = any(n in off for n in STRONG_SCANNING)
        fields = {"how sure": "Certain that these are off; not certain who switched them off or why"}
        for name, ((namespace, value), meaning) in off.items():
            fields[f"{namespace} {name}"] = f"{value} (off: {meaning})"
        yield Finding("android.setting.play-protect-off", Severity.MEDIUM if strong else Severity.LOW,
                      "Play Protect" if strong else "App checks on installing", (Evidence(source, fields=fields),))
    unknown = _setting(artifacts, "install_non_market_apps")
    if unknown and unknown[1] == "1":
        yield Finding("android.setting.unknown-sources", Severity.MEDIUM, "Apps from unknown sources (whole phone)", (
            Evidence(source, fields={"how sure": "Certain that it is on; it lets any app file be installed",
                                     f"{unknown[0]} install_non_market_apps": "1"}),))
    for op in sorted({o.package for o in artifacts.app_ops if o.op == "REQUEST_INSTALL_PACKAGES" and o.mode == "allow"}):
        app = apps.get(op)
        if app is not None and app.system and op in known.FILE_INSTALLERS:
            continue
        yield Finding("android.setting.unknown-sources", Severity.LOW, f"{op} can install other apps", (
            Evidence(f"{artifacts.source}: special app access", fields={
                "how sure": "Certain that it is allowed; browsers and file apps often are, and stalkerware is installed this way",
                "access": "install unknown apps (REQUEST_INSTALL_PACKAGES allowed)", **app_fields(app, op)}),))
    developer = {n: v for n in ("development_settings_enabled", "adb_enabled") if (v := _setting(artifacts, n)) and v[1] == "1"}
    if developer:
        yield Finding("android.setting.developer-options", Severity.LOW, "Developer options and USB debugging", (
            Evidence(source, fields={"how sure": "Certain that they are on (reading a phone this way needs them)",
                                     **{f"{ns} {n}": value for n, (ns, value) in developer.items()}}),))
    vpn = _setting(artifacts, "always_on_vpn_app")
    if vpn and vpn[1] not in ("", "null"):
        lockdown = _setting(artifacts, "always_on_vpn_lockdown")
        yield Finding("android.vpn.always-on", Severity.MEDIUM, vpn[1], (
            Evidence(source, fields={"how sure": "Certain that it is set; whether it is a problem depends on whether you chose it",
                                     "always-on VPN app": vpn[1],
                                     "blocks traffic outside the VPN": "yes" if lockdown and lockdown[1] == "1" else "no",
                                     **app_fields(apps.get(vpn[1]), vpn[1])}),))


def judge_root(artifacts: AndroidArtifacts, apps: Mapping[str, App]) -> Iterator[Finding]:
    """Signs the phone is rooted: root tools on disk, root apps, a test or unlocked build."""
    source = artifacts.source
    if artifacts.root_binaries:
        yield Finding("android.root", Severity.HIGH, "Root tools on the phone", (Evidence(f"{source}: files", fields={
            "how sure": "Very likely rooted: these files are only there on a rooted phone",
            "files": ", ".join(artifacts.root_binaries[:20])}),))
    for package in sorted(p for p in apps if p.lower() in known.ROOT_PACKAGES):
        yield Finding("android.root", Severity.MEDIUM, f"Root app {package}", (Evidence(f"{source}: installed apps", fields={
            "how sure": "Likely: this app roots a phone or hides that it is rooted", **app_fields(apps[package], package)}),))
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
        yield Finding("android.root", Severity.MEDIUM, "The phone's system is unlocked or a test build", (
            Evidence(f"{source}: build properties", fields={
                "how sure": "Possible: an unlocked or test system makes rooting easy; some people unlock their own phones",
                **signs}),))


def judge_certificates(artifacts: AndroidArtifacts) -> Iterator[Finding]:
    """Certificates a user added, which can let someone read secure connections."""
    if artifacts.user_certificates:
        yield Finding("android.ca-certificate.user", Severity.MEDIUM,
                      f"{len(artifacts.user_certificates)} certificate(s) added by a user", (
            Evidence(f"{artifacts.source}: user certificates", fields={
                "how sure": "Certain that they are there; work and school phones often have one",
                "certificates": ", ".join(artifacts.user_certificates[:20])}),))


def judge_accounts(artifacts: AndroidArtifacts, owner: tuple[str, ...]) -> Iterator[Finding]:
    """Accounts the person does not know (when their own are given), or several of the main accounts."""
    source = f"{artifacts.source}: accounts"
    if owner:
        mine = {o.lower() for o in owner}
        for account in artifacts.accounts:
            if "@" in account.name and account.name.lower() not in mine:
                yield Finding("android.account.unknown", Severity.MEDIUM, f"{account.name} ({account.type})", (
                    Evidence(source, fields={"how sure": "Certain that it is signed in; it is not one of the addresses you gave",
                                             "account": account.name, "type": account.type}),))
        return
    by_kind: dict[str, list[str]] = {}
    for account in artifacts.accounts:
        if account.type in MAIN_ACCOUNTS:
            by_kind.setdefault(MAIN_ACCOUNTS[account.type], []).append(account.name)
    for kind, names in by_kind.items():
        if len(set(names)) > 1:
            yield Finding("android.account.several", Severity.LOW, f"{len(set(names))} {kind} accounts", (
                Evidence(source, fields={"how sure": "Certain that they are signed in; check that each one is yours",
                                         "accounts": ", ".join(sorted(set(names)))}),))


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
        yield Finding("android.patch.old", Severity.MEDIUM if age > 730 else Severity.LOW, f"Security update of {level}", (
            Evidence(f"{artifacts.source}: build properties", fields={
                "how sure": "Certain: this is the date the phone reports",
                "security patch level": level, "age": f"about {age // 30} months",
                "Android version": artifacts.device.android_version or "unknown"}),))
