"""Judges what an iPhone backup holds: profiles, management, jailbreak signs, watchware, an old iOS.

Knows no backup format: it sees only the records in checks/ios/records.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from typing import Any

from checks.ios.records import BackupFile, ConfigProfile, DeviceInfo, Enrolment, InstalledApp
from cybercheck.indicators.sets import IndicatorSet, ThreatKind
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.yamldata import load_yaml

PROFILES_PATH = "Settings → General → VPN & Device Management"
CERT_TRUST_PATH = "Settings → General → About → Certificate Trust Settings"
APPS_PATH = "Settings → General → iPhone Storage"
VERSION_PATH = "Settings → General → About → iOS Version"
# NOTE: MVT's list of installers that mean "from the App Store or device management"
# (mvt/ios/modules/mixed/applications.py, KNOWN_APP_INSTALLERS).
STORE_INSTALLERS = frozenset({"com.apple.AppStore", "com.apple.AppStore.ProductPageExtension", "com.apple.dmd", "dmd"})

# What a payload type lets a profile do, as (code, severity, where to look). Payload types from
# Apple's Device Management reference (developer.apple.com/documentation/devicemanagement).
_CONCERNS: dict[str, tuple[str, Severity, str]] = {
    "com.apple.mdm": ("ios.profile.mdm", Severity.HIGH, PROFILES_PATH),
    "com.apple.vpn.managed": ("ios.profile.vpn", Severity.HIGH, PROFILES_PATH + " → VPN"),
    "com.apple.vpn.managed.applayer": ("ios.profile.vpn", Severity.HIGH, PROFILES_PATH + " → VPN"),
    "com.apple.vpn.managed.appmapping": ("ios.profile.vpn", Severity.HIGH, PROFILES_PATH + " → VPN"),
    "com.apple.proxy.http.global": ("ios.profile.proxy", Severity.HIGH, PROFILES_PATH),
    "com.apple.security.root": ("ios.profile.root-certificate", Severity.HIGH, CERT_TRUST_PATH),
    "com.apple.security.pem": ("ios.profile.root-certificate", Severity.HIGH, CERT_TRUST_PATH),
    "com.apple.security.pkcs1": ("ios.profile.root-certificate", Severity.HIGH, CERT_TRUST_PATH),
    "com.apple.notificationsettings": ("ios.profile.hides-notifications", Severity.MEDIUM, "Settings → Notifications"),
    "com.apple.webcontent-filter": ("ios.profile.sees-traffic", Severity.MEDIUM, PROFILES_PATH),
    "com.apple.dnsSettings.managed": ("ios.profile.sees-traffic", Severity.MEDIUM, PROFILES_PATH),
    "com.apple.dnsProxy.managed": ("ios.profile.sees-traffic", Severity.MEDIUM, PROFILES_PATH),
    "com.apple.relay.managed": ("ios.profile.sees-traffic", Severity.MEDIUM, PROFILES_PATH),
}


@cache
def _data(name: str) -> Any:
    return load_yaml(resources.files("checks.ios").joinpath("data", name).read_text(encoding="utf-8"))


def judge_profiles(profiles: Iterable[ConfigProfile], *, source: str) -> Iterator[Finding]:
    """A finding for each thing each profile does that can watch or steer the phone; a low one otherwise."""
    for profile in profiles:
        label = profile.display_name or profile.identifier
        base = {
            "profile": label,
            "identifier": profile.identifier,
            "organisation": profile.organization or "(none given)",
            "payloads": ", ".join(p.type for p in profile.payloads) or "(none recorded)",
            "file": profile.file,
        }
        if profile.uuid:
            base["uuid"] = profile.uuid
        if profile.removal_disallowed:
            base["can be removed"] = "no (removal is blocked)"
        raised = set()
        for payload in profile.payloads:
            concern = _CONCERNS.get(payload.type)
            if concern is None or concern[0] in raised:
                continue
            raised.add(concern[0])
            code, severity, path = concern
            fields = {**base, "payload": payload.type, **payload.details, "look on the phone": path}
            yield Finding(
                code=code,
                severity=severity,
                subject=f'Profile "{label}" ({payload.display_name or payload.type})',
                evidence=(Evidence(source=source, when=profile.installed, fields=fields),),
            )
        if not raised:
            yield Finding(
                code="ios.profile.installed",
                severity=Severity.LOW,
                subject=f'Profile "{label}"',
                evidence=(Evidence(source=source, when=profile.installed, fields={**base, "look on the phone": PROFILES_PATH}),),
            )


def judge_enrolment(records: Iterable[Enrolment], *, source: str) -> Iterator[Finding]:
    """A finding when the phone is enrolled in device management or supervised."""
    for record in records:
        fields = {
            "organisation": record.organization or "(not recorded)",
            "server": record.server or "(not recorded)",
            "supervised": "yes" if record.supervised else "no",
            "file": record.file,
            "look on the phone": f"{PROFILES_PATH}, and the top of Settings for 'This iPhone is supervised'",
        }
        if record.kind == "mdm":
            code, subject = "ios.mdm.enrolled", f"Managed by {record.organization or record.server or 'an organisation'}"
        elif record.supervised:
            code, subject = "ios.supervised", f"Supervised by {record.organization or 'an organisation'}"
        else:
            code, subject = "ios.mdm.enrolled", f"Set up for management by {record.organization or record.server}"
        yield Finding(code, Severity.HIGH, subject, (Evidence(source=source, fields=fields),))


def judge_apps(apps: Iterable[InstalledApp], indicators: IndicatorSet, *, source: str) -> Iterator[Finding]:
    """Indicator-set apps (stalkerware and watchware kept apart), jailbreak apps, apps from outside the App Store."""
    jailbreak = {a["bundle"].lower(): a["name"] for a in _data("jailbreak.yaml")["apps"]}
    for app in apps:
        label = app.name or app.bundle_id
        fields = {"app": label, "bundle id": app.bundle_id, "listed in": app.seen_in, "look on the phone": APPS_PATH}
        if app.version:
            fields["version"] = app.version
        match = indicators.ios_bundle(app.bundle_id)
        if match is not None:
            stalker = match.threat.kind is ThreatKind.STALKERWARE
            yield Finding(
                code="ios.app.stalkerware" if stalker else "ios.app.watchware",
                severity=Severity.URGENT if stalker else Severity.MEDIUM,
                subject=f"{label} ({match.threat.name})",
                evidence=(
                    Evidence(
                        source=source,
                        when=app.installed,
                        fields={**fields, "product": match.threat.name, "indicator list": match.threat.source},
                    ),
                ),
            )
            continue
        tool = jailbreak.get(app.bundle_id.lower())
        if tool is not None:
            yield Finding("ios.jailbreak.app", Severity.HIGH, f"{tool} ({app.bundle_id})",
                          (Evidence(source=source, when=app.installed, fields={**fields, "tool": tool}),))
            continue
        if app.source_app is not None and app.source_app not in STORE_INSTALLERS:
            yield Finding("ios.app.not-from-store", Severity.MEDIUM, label,
                          (Evidence(source=source, when=app.installed, fields={**fields, "installed by": app.source_app}),))


def judge_files(files: Iterable[BackupFile], *, source: str) -> Iterator[Finding]:
    """One finding per jailbreak tool whose leftovers (files or app data) the backup lists."""
    data = _data("jailbreak.yaml")
    traces = [(t["path"].lower(), t["name"]) for t in data["traces"]]
    app_domains = {f"appdomain-{a['bundle'].lower()}": a["name"] for a in data["apps"]}
    seen: dict[str, list[str]] = {}
    for file in files:
        path = file.relative_path.lower()
        domain = file.domain.lower()
        name = app_domains.get(domain)
        if name is None and domain == "homedomain":
            name = next((n for p, n in traces if path == p or path.startswith(p + "/")), None)
        if name is not None:
            seen.setdefault(name, []).append(file.where)
    for name, where in sorted(seen.items()):
        yield Finding(
            code="ios.jailbreak.trace",
            severity=Severity.HIGH,
            subject=f"Files left by {name}",
            evidence=(Evidence(source=source, fields={"tool": name, "files": "; ".join(where[:10]),
                                                      "how many": str(len(where))}),),
        )


def judge_version(device: DeviceInfo, *, source: str) -> Iterator[Finding]:
    """A finding when the phone's iOS is at least `behind` major versions older than the newest known."""
    data = _data("ios_versions.yaml")
    major = ios_major(device.ios_version)
    majors: list[int] = list(data["majors"])
    if major is None or major >= majors[-1]:
        return
    behind = sum(1 for m in majors if m > major)
    if behind < int(data["behind"]):
        return
    yield Finding(
        code="ios.version.old",
        severity=Severity.MEDIUM,
        subject=f"iOS {device.ios_version}",
        evidence=(
            Evidence(
                source=source,
                when=device.last_backup,
                fields={
                    "iOS version": device.ios_version or "",
                    "newest known": f"iOS {data['latest']} (list checked {data['checked']}, {data['source']})",
                    "major versions behind": str(behind),
                    "look on the phone": f"{VERSION_PATH}; updates in Settings → General → Software Update",
                },
            ),
        ),
    )


def ios_major(version: str | None) -> int | None:
    """The major number of an iOS version text ("17.5.1" -> 17); None when it is not one."""
    head = (version or "").strip().split(".", 1)[0]
    return int(head) if head.isascii() and head.isdigit() and len(head) <= 3 else None


def versions_checked() -> str:
    """When the shipped list of iOS versions was last checked (YYYY-MM)."""
    return str(_data("ios_versions.yaml")["checked"])
