"""Judges one phone's artifacts: every Android finding, whatever source the artifacts came from.

Stalkerware (sold for secret spying) and watchware (sold openly for watching someone) are
kept apart in codes and words: `android.app.stalkerware` is urgent, `android.app.watchware`
a concern. Every finding's first evidence says how sure it is ("how sure"). One module per
kind of record: apps, powers (special access), settings, device (root, certificates,
updates) and accounts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime

from checks.android.judge.accounts import judge_accounts
from checks.android.judge.apps import (
    judge_apk_rules,
    judge_indicators,
    judge_install_origin,
    judge_protection_packages,
)
from checks.android.judge.crashes import judge_crashes
from checks.android.judge.device import judge_certificates, judge_patch, judge_root, judge_trusted_computers
from checks.android.judge.dualuse import DualUse, judge_dual_use
from checks.android.judge.managed import judge_managed
from checks.android.judge.network import judge_intrusion, judge_keyboards, judge_proxy
from checks.android.judge.powers import judge_powers
from checks.android.judge.settings import judge_settings
from checks.android.judge.system_apps import judge_system_updates
from checks.android.records import AndroidArtifacts
from cybercheck.indicators.sets import IndicatorSet
from cybercheck.pipeline.model import Finding
from cybercheck.pipeline.words import text


def judge_android(
    artifacts: AndroidArtifacts,
    indicators: IndicatorSet,
    *,
    now: datetime,
    owner: tuple[str, ...] = (),
    dual_use: list[DualUse] | None = None,
    known: Mapping[str, bool] | None = None,
    known_managers: Mapping[str, bool] | None = None,
) -> Iterator[Finding]:
    """Every finding for one phone, the indicator matches first.

    `dual_use` are the flagged apps found on it (judge/dualuse.py) and `known` whether the
    person recognises each; `known_managers` whether they know each organisation managing the
    phone or a work profile on it (judge/managed.py).
    """
    apps = {app.package: app for app in artifacts.apps}
    matched = list(judge_indicators(artifacts, indicators, apps))
    yield from matched
    flagged = {f.evidence[0].fields.get(text("android.label-package"), "") for f in matched}
    for finding in judge_apk_rules(artifacts, apps, flagged):
        flagged.add(finding.evidence[0].fields.get(text("android.label-package"), ""))
        yield finding
    yield from judge_crashes(artifacts, indicators, apps, flagged)
    yield from judge_powers(artifacts, apps, flagged)
    yield from judge_managed(artifacts, apps, known_managers or {})
    yield from judge_system_updates(artifacts, apps, flagged)
    yield from judge_dual_use(artifacts, dual_use or [], known or {})
    yield from judge_intrusion(artifacts, indicators)
    yield from judge_keyboards(artifacts, apps, flagged)
    yield from judge_proxy(artifacts)
    yield from judge_install_origin(artifacts, apps, flagged)
    yield from judge_protection_packages(artifacts, apps)
    yield from judge_settings(artifacts, apps)
    yield from judge_root(artifacts, apps)
    yield from judge_certificates(artifacts)
    yield from judge_trusted_computers(artifacts)
    yield from judge_accounts(artifacts, owner)
    yield from judge_patch(artifacts, now)
