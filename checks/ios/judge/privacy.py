"""Judgements about an App Privacy Report: apps using the microphone, camera, location, contacts or
photos that the person does not recognise, listed monitoring apps, and contacts with the servers of
known stalkerware and watchware. Apple's own apps and ordinary traffic are not judged alarming."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from checks.ios.records import DomainContact, PrivacyReport, SensorUse
from cybercheck.indicators.sets import IndicatorMatch, IndicatorSet, ThreatKind
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import Text, text

# What someone watching a person wants: where they are, what is said near the phone, what it sees,
# who they know and their pictures (and, on iOS 15 betas, the screen).
WATCHED = ("microphone", "camera", "location", "contacts", "photos", "screenRecording")
_CLOSE = frozenset({"microphone", "camera", "location", "screenRecording"})
# "5Q4J53EFRC.com.sbb.ch": some reports put a developer team id before the bundle id.
_TEAM_PREFIX = re.compile(r"^[A-Z0-9]{10}\.")


def bare_bundle(bundle_id: str) -> str:
    """The bundle id without the developer team id some reports put in front of it."""
    return _TEAM_PREFIX.sub("", bundle_id)


def is_apple(use_or_bundle: SensorUse | str) -> bool:
    """Apple's own apps and the phone's system parts (named by a program path)."""
    if isinstance(use_or_bundle, SensorUse):
        if use_or_bundle.is_path:
            return True
        use_or_bundle = use_or_bundle.accessor
    return bare_bundle(use_or_bundle).lower().startswith("com.apple.")


def watched_apps(report: PrivacyReport) -> dict[str, tuple[SensorUse, ...]]:
    """The apps, other than Apple's, that used something watched, each with those uses."""
    apps: dict[str, list[SensorUse]] = {}
    for use in report.uses:
        if use.category in WATCHED and not is_apple(use):
            apps.setdefault(use.accessor, []).append(use)
    return {app: tuple(uses) for app, uses in sorted(apps.items())}


def is_known(bundle_id: str, known: Iterable[str]) -> bool:
    """Whether the person named this app as theirs: its bundle id, or one whole part of it ("whatsapp")."""
    bare = bare_bundle(bundle_id).lower()
    parts = set(bare.split("."))
    for name in known:
        wanted = name.strip().lower()
        if wanted and (wanted in (bare, bundle_id.lower()) or ("." not in wanted and wanted in parts)):
            return True
    return False


def judge_privacy_report(
    report: PrivacyReport, indicators: IndicatorSet, *, unrecognised: Iterable[str], source: Text
) -> Iterator[Finding]:
    """Findings for a report, given the apps the person said are not theirs."""
    listed: dict[str, str] = {}  # bundle id -> the product it is listed as
    for bundle in sorted(
        {u.accessor for u in report.uses if not u.is_path} | {c.bundle_id for c in report.contacts}
    ):
        match = indicators.ios_bundle(bare_bundle(bundle))
        if match is not None:
            listed[bundle] = match.threat.name
            yield _listed_app(bundle, match, report, source)
    apps = watched_apps(report)
    for bundle in sorted(set(unrecognised)):
        if bundle in apps and bundle not in listed:
            yield _unrecognised(bundle, apps[bundle], source)
    # an app's contacts with its own product's servers are in the app's finding already
    others = [
        c
        for c in report.contacts
        if c.bundle_id not in listed or _product(c, indicators) != listed[c.bundle_id]
    ]
    yield from _servers(others, indicators, source)


def _product(contact: DomainContact, indicators: IndicatorSet) -> str | None:
    match = indicators.domain(contact.domain)
    return match.threat.name if match else None


def _uses_field(uses: Iterable[SensorUse]) -> str:
    return "; ".join(f"{u.category} ×{u.times}" for u in uses)


def _span(uses: Iterable[SensorUse | DomainContact]) -> tuple[str, str]:
    firsts = [u.first for u in uses if u.first is not None]
    lasts = [u.last for u in uses if u.last is not None]
    first = f"{min(firsts):%Y-%m-%d %H:%M %z}" if firsts else text("ios.not-recorded")
    last = f"{max(lasts):%Y-%m-%d %H:%M %z}" if lasts else text("ios.not-recorded")
    return first, last


def _unrecognised(bundle: str, uses: tuple[SensorUse, ...], source: Text) -> Finding:
    first, last = _span(uses)
    close = any(u.category in _CLOSE for u in uses)
    return Finding(
        code="ios.privacy.unknown-app",
        severity=Severity.HIGH if close else Severity.MEDIUM,
        subject=text("ios.subject-privacy-app", app=bundle, what=", ".join(u.category for u in uses)),
        evidence=(
            Evidence(
                source=source,
                when=max((u.last for u in uses if u.last is not None), default=None),
                fields={
                    text("ios.label-bundle-id"): bundle,
                    text("ios.label-used"): _uses_field(uses),
                    text("ios.label-first-seen"): first,
                    text("ios.label-last-seen"): last,
                    text("ios.label-look-on-phone"): text("ios.path-privacy-report"),
                },
            ),
        ),
    )


def _listed_app(bundle: str, match: IndicatorMatch, report: PrivacyReport, source: Text) -> Finding:
    stalker = match.threat.kind is ThreatKind.STALKERWARE
    uses = [u for u in report.uses if u.accessor == bundle]
    domains = sorted({c.domain for c in report.contacts if c.bundle_id == bundle})
    fields: dict[str, str] = {
        text("ios.label-bundle-id"): bundle,
        text("ios.label-product"): match.threat.name,
        text("ios.label-indicator-list"): match.threat.source,
        text("ios.label-look-on-phone"): text("ios.path-privacy-report"),
    }
    if uses:
        fields[text("ios.label-used")] = _uses_field(uses)
    if domains:
        fields[text("ios.label-domains")] = "; ".join(domains[:20])
    return Finding(
        code="ios.privacy.stalkerware-app" if stalker else "ios.privacy.watchware-app",
        severity=Severity.URGENT if stalker else Severity.MEDIUM,
        subject=text("ios.subject-app-threat", label=bundle, product=match.threat.name),
        evidence=(Evidence(source=source, fields=fields),),
    )


def _servers(contacts: Iterable[DomainContact], indicators: IndicatorSet, source: Text) -> Iterator[Finding]:
    grouped: dict[tuple[str, str], list[tuple[DomainContact, IndicatorMatch]]] = {}
    for contact in contacts:
        match = indicators.domain(contact.domain)
        if match is not None:
            grouped.setdefault((match.threat.name, match.indicator), []).append((contact, match))
    for (product, indicator), found in sorted(grouped.items()):
        threat = found[0][1].threat
        code = _SERVER_CODES[(threat.kind, indicator == "website")]
        first, last = _span([c for c, _ in found])
        yield Finding(
            code=code,
            severity=_SERVER_SEVERITY[code],
            subject=text("ios.subject-privacy-server", product=product),
            evidence=tuple(
                Evidence(
                    source=source,
                    when=contact.last,
                    fields=_contact_fields(contact, match, first, last),
                )
                for contact, match in found[:20]
            ),
        )


def _contact_fields(
    contact: DomainContact, match: IndicatorMatch, first: str, last: str
) -> Mapping[str, str]:
    return {
        text("ios.label-app"): contact.bundle_id,
        text("ios.label-domain"): contact.domain,
        text("ios.label-listed-as"): match.value,
        text("ios.label-product"): match.threat.name,
        text("ios.label-indicator-list"): match.threat.source,
        text("ios.label-hits"): str(contact.hits),
        text("ios.label-by-website"): text("ios.yes") if contact.by_website else text("ios.no"),
        text("ios.label-first-seen"): first,
        text("ios.label-last-seen"): last,
    }


_SERVER_CODES = {
    (ThreatKind.STALKERWARE, False): "ios.privacy.stalkerware-server",
    (ThreatKind.WATCHWARE, False): "ios.privacy.watchware-server",
    (ThreatKind.STALKERWARE, True): "ios.privacy.seller-website",
    (ThreatKind.WATCHWARE, True): "ios.privacy.seller-website",
}
_SERVER_SEVERITY = {
    "ios.privacy.stalkerware-server": Severity.URGENT,
    "ios.privacy.watchware-server": Severity.MEDIUM,
    "ios.privacy.seller-website": Severity.LOW,
}
