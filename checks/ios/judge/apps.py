"""Judgements about the apps a backup lists: indicator-set apps, jailbreak apps, apps not from the store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checks.ios.known import jailbreak as jailbreak_data
from checks.ios.records import InstalledApp
from cybercheck.indicators.sets import IndicatorSet, ThreatKind
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

# NOTE: MVT's list of installers that mean "from the App Store or device management"
# (mvt/ios/modules/mixed/applications.py, KNOWN_APP_INSTALLERS).
STORE_INSTALLERS = frozenset(
    {"com.apple.AppStore", "com.apple.AppStore.ProductPageExtension", "com.apple.dmd", "dmd"}
)


def judge_apps(apps: Iterable[InstalledApp], indicators: IndicatorSet, *, source: str) -> Iterator[Finding]:
    """Indicator-set apps (stalkerware and watchware apart), jailbreak apps, apps not from the App Store."""
    jailbreak = {a["bundle"].lower(): a["name"] for a in jailbreak_data()["apps"]}
    for app in apps:
        label = app.name or app.bundle_id
        fields: dict[str, str] = {
            text("ios.label-app"): label,
            text("ios.label-bundle-id"): app.bundle_id,
            text("ios.label-listed-in"): app.seen_in,
            text("ios.label-look-on-phone"): text("ios.path-apps"),
        }
        if app.version:
            fields[text("ios.label-version")] = app.version
        match = indicators.ios_bundle(app.bundle_id)
        if match is not None:
            stalker = match.threat.kind is ThreatKind.STALKERWARE
            yield Finding(
                code="ios.app.stalkerware" if stalker else "ios.app.watchware",
                severity=Severity.URGENT if stalker else Severity.MEDIUM,
                subject=text("ios.subject-app-threat", label=label, product=match.threat.name),
                evidence=(
                    Evidence(
                        source=source,
                        when=app.installed,
                        fields={
                            **fields,
                            text("ios.label-product"): match.threat.name,
                            text("ios.label-indicator-list"): match.threat.source,
                        },
                    ),
                ),
            )
            continue
        tool = jailbreak.get(app.bundle_id.lower())
        if tool is not None:
            yield Finding(
                "ios.jailbreak.app",
                Severity.HIGH,
                text("ios.subject-jailbreak-app", tool=tool, bundle=app.bundle_id),
                (
                    Evidence(
                        source=source, when=app.installed, fields={**fields, text("ios.label-tool"): tool}
                    ),
                ),
            )
            continue
        if app.source_app is not None and app.source_app not in STORE_INSTALLERS:
            yield Finding(
                "ios.app.not-from-store",
                Severity.MEDIUM,
                label,
                (
                    Evidence(
                        source=source,
                        when=app.installed,
                        fields={**fields, text("ios.label-installed-by"): app.source_app},
                    ),
                ),
            )
