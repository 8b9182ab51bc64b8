"""Judges one phone's artifacts: every Android finding, whatever source the artifacts came from.

Stalkerware (sold for secret spying) and watchware (sold openly for watching someone) are
kept apart in codes and words: `android.app.stalkerware` is urgent, `android.app.watchware`
a concern. Every finding's first evidence says how sure it is ("how sure"). One module per
kind of record: apps, powers (special access), settings, device (root, certificates,
updates) and accounts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from checks.android.judge.accounts import judge_accounts
from checks.android.judge.apps import judge_indicators, judge_install_origin, judge_protection_packages
from checks.android.judge.device import judge_certificates, judge_patch, judge_root
from checks.android.judge.powers import judge_powers
from checks.android.judge.settings import judge_settings
from checks.android.records import AndroidArtifacts
from cybercheck.indicators.sets import IndicatorSet
from cybercheck.pipeline.model import Finding
from cybercheck.pipeline.words import text


def judge_android(
    artifacts: AndroidArtifacts, indicators: IndicatorSet, *, now: datetime, owner: tuple[str, ...] = ()
) -> Iterator[Finding]:
    """Every finding for one phone, the indicator matches first."""
    apps = {app.package: app for app in artifacts.apps}
    matched = list(judge_indicators(artifacts, indicators, apps))
    yield from matched
    flagged = {f.evidence[0].fields.get(text("android.label-package"), "") for f in matched}
    yield from judge_powers(artifacts, apps, flagged)
    yield from judge_install_origin(artifacts, apps, flagged)
    yield from judge_protection_packages(artifacts, apps)
    yield from judge_settings(artifacts, apps)
    yield from judge_root(artifacts, apps)
    yield from judge_certificates(artifacts)
    yield from judge_accounts(artifacts, owner)
    yield from judge_patch(artifacts, now)
