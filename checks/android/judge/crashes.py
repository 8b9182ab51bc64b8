"""Crash records that name an app on the stalkerware or watchware list: the app is, or was, on this phone.

A phone records which apps crashed or stopped responding, and keeps those records after an app
is removed or while it hides its icon. Ordinary crashes say nothing about monitoring and raise
nothing; only an app on the lists is reported, and only when it is not already reported as an
installed app.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from checks.android.judge.apps import app_fields
from checks.android.records import AndroidArtifacts, App, Crash
from cybercheck.indicators.sets import IndicatorSet, ThreatKind
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

WHERE = {
    "dropbox": "android.crash-in-dropbox",
    "event log": "android.crash-in-event-log",
    "crash log": "android.crash-in-crash-log",
    "tombstone": "android.crash-in-tombstone",
}


def judge_crashes(
    artifacts: AndroidArtifacts, indicators: IndicatorSet, apps: Mapping[str, App], flagged: set[str]
) -> Iterator[Finding]:
    """One finding per listed app whose crashes the phone recorded (apps already reported are left out)."""
    by_package: dict[str, list[Crash]] = {}
    for crash in artifacts.crashes or ():
        if crash.package not in flagged:
            by_package.setdefault(crash.package, []).append(crash)
    for package, crashes in by_package.items():
        match = indicators.app(package) or indicators.process(crashes[0].process)
        if match is None:
            continue
        stalkerware = match.threat.kind is ThreatKind.STALKERWARE
        times = sorted({c.when for c in crashes if c.when is not None})
        installed = apps.get(package)
        fields: dict[str, str] = {
            text("android.label-how-sure"): text(
                "android.sure-crash-stalkerware" if stalkerware else "android.sure-crash-watchware"
            ),
            text("android.label-product"): match.threat.name,
            **app_fields(installed, package),
            text("android.label-processes"): ", ".join(dict.fromkeys(c.process for c in crashes)),
            text("android.label-recorded-in"): ", ".join(
                dict.fromkeys(str(text(WHERE[c.where])) for c in crashes)
            ),
            text("android.label-times-seen"): str(len({(c.kind, c.when) for c in crashes})),
            text("android.label-indicator-list"): match.threat.source,
        }
        if times:
            fields[text("android.label-first-seen")] = times[0].strftime("%Y-%m-%d %H:%M UTC")
            fields[text("android.label-last-seen")] = times[-1].strftime("%Y-%m-%d %H:%M UTC")
        yield Finding(
            code="android.crash.stalkerware" if stalkerware else "android.crash.watchware",
            severity=Severity.HIGH if stalkerware else Severity.MEDIUM,
            subject=text("android.subject-crash", product=match.threat.name, package=package),
            evidence=(
                Evidence(
                    source=text("android.seen-in-crashes", source=artifacts.source),
                    when=times[-1] if times else None,
                    fields=fields,
                ),
            ),
        )
