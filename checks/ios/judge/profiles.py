"""Judgements about configuration profiles and device management (MDM enrolment, supervision)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checks.ios.records import ConfigProfile, Enrolment
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

# What a payload type lets a profile do, as (code, severity, words key of where to look). Payload
# types from Apple's Device Management reference (developer.apple.com/documentation/devicemanagement).
CONCERNS: dict[str, tuple[str, Severity, str]] = {
    "com.apple.mdm": ("ios.profile.mdm", Severity.HIGH, "ios.path-profiles"),
    "com.apple.vpn.managed": ("ios.profile.vpn", Severity.HIGH, "ios.path-vpn"),
    "com.apple.vpn.managed.applayer": ("ios.profile.vpn", Severity.HIGH, "ios.path-vpn"),
    "com.apple.vpn.managed.appmapping": ("ios.profile.vpn", Severity.HIGH, "ios.path-vpn"),
    "com.apple.proxy.http.global": ("ios.profile.proxy", Severity.HIGH, "ios.path-profiles"),
    "com.apple.security.root": ("ios.profile.root-certificate", Severity.HIGH, "ios.path-cert-trust"),
    "com.apple.security.pem": ("ios.profile.root-certificate", Severity.HIGH, "ios.path-cert-trust"),
    "com.apple.security.pkcs1": ("ios.profile.root-certificate", Severity.HIGH, "ios.path-cert-trust"),
    "com.apple.notificationsettings": (
        "ios.profile.hides-notifications",
        Severity.MEDIUM,
        "ios.path-notifications",
    ),
    "com.apple.webcontent-filter": ("ios.profile.sees-traffic", Severity.MEDIUM, "ios.path-profiles"),
    "com.apple.dnsSettings.managed": ("ios.profile.sees-traffic", Severity.MEDIUM, "ios.path-profiles"),
    "com.apple.dnsProxy.managed": ("ios.profile.sees-traffic", Severity.MEDIUM, "ios.path-profiles"),
    "com.apple.relay.managed": ("ios.profile.sees-traffic", Severity.MEDIUM, "ios.path-profiles"),
}


def judge_profiles(profiles: Iterable[ConfigProfile], *, source: str) -> Iterator[Finding]:
    """A finding for each thing each profile does that can watch or steer the phone; a low one otherwise."""
    for profile in profiles:
        label = profile.display_name or profile.identifier
        base: dict[str, str] = {
            text("ios.label-profile"): label,
            text("ios.label-identifier"): profile.identifier,
            text("ios.label-organisation"): profile.organization or text("ios.none-given"),
            text("ios.label-payloads"): ", ".join(p.type for p in profile.payloads)
            or text("ios.none-recorded"),
            text("ios.label-file"): profile.file,
        }
        if profile.uuid:
            base[text("ios.label-uuid")] = profile.uuid
        if profile.removal_disallowed:
            base[text("ios.label-can-be-removed")] = text("ios.removal-blocked")
        raised = set()
        for payload in profile.payloads:
            concern = CONCERNS.get(payload.type)
            if concern is None or concern[0] in raised:
                continue
            raised.add(concern[0])
            code, severity, path = concern
            fields = {
                **base,
                text("ios.label-payload"): payload.type,
                **payload.details,
                text("ios.label-look-on-phone"): text(path),
            }
            yield Finding(
                code=code,
                severity=severity,
                subject=text(
                    "ios.subject-profile-payload", label=label, payload=payload.display_name or payload.type
                ),
                evidence=(Evidence(source=source, when=profile.installed, fields=fields),),
            )
        if not raised:
            yield Finding(
                code="ios.profile.installed",
                severity=Severity.LOW,
                subject=text("ios.subject-profile", label=label),
                evidence=(
                    Evidence(
                        source=source,
                        when=profile.installed,
                        fields={**base, text("ios.label-look-on-phone"): text("ios.path-profiles")},
                    ),
                ),
            )


def judge_enrolment(records: Iterable[Enrolment], *, source: str) -> Iterator[Finding]:
    """A finding when the phone is enrolled in device management or supervised."""
    for record in records:
        fields: dict[str, str] = {
            text("ios.label-organisation"): record.organization or text("ios.not-recorded"),
            text("ios.label-server"): record.server or text("ios.not-recorded"),
            text("ios.label-supervised"): text("ios.yes") if record.supervised else text("ios.no"),
            text("ios.label-file"): record.file,
            text("ios.label-look-on-phone"): text("ios.path-supervised"),
        }
        by: str | None
        if record.kind == "mdm":
            by = record.organization or record.server or text("ios.an-organisation")
            code, subject = "ios.mdm.enrolled", text("ios.subject-managed", by=by)
        elif record.supervised:
            by = record.organization or text("ios.an-organisation")
            code, subject = "ios.supervised", text("ios.subject-supervised", by=by)
        else:
            by = record.organization or record.server
            code, subject = "ios.mdm.enrolled", text("ios.subject-set-up-for-management", by=by)
        yield Finding(code, Severity.HIGH, subject, (Evidence(source=source, fields=fields),))
