"""Judgements about where typing and traffic go: keyboards from outside a store, and a proxy for the whole phone."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from checks.android.judge.apps import OUTSIDE_STORE, app_fields, origin
from checks.android.records import AndroidArtifacts, App, NetworkEvent
from cybercheck.indicators.sets import IndicatorMatch, IndicatorSet, ThreatKind
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

# global settings that hold a proxy for the whole phone; values that mean "none"
PROXY_SETTINGS = ("http_proxy", "global_http_proxy_host")
NO_PROXY = ("", ":0", "null", "localhost:0")


def judge_keyboards(
    artifacts: AndroidArtifacts, apps: Mapping[str, App], flagged: set[str]
) -> Iterator[Finding]:
    """Keyboards (they see everything typed) that came from outside an app store or are not installed apps."""
    for keyboard in artifacts.input_methods:
        app = apps.get(keyboard.package)
        if (app is not None and app.system) or keyboard.package in flagged:
            continue
        if app is not None and origin(app).kind not in OUTSIDE_STORE:
            continue  # a keyboard from an app store (SwiftKey, Gboard ...) is an ordinary choice
        hidden = app is not None and app.launcher_icon is False
        yield Finding(
            code="android.keyboard.outside-store",
            severity=Severity.HIGH if hidden else Severity.MEDIUM,
            subject=text("android.subject-keyboard", package=keyboard.package),
            evidence=(
                Evidence(
                    source=text("android.seen-in-settings", source=artifacts.source),
                    fields={
                        text("android.label-how-sure"): text("android.sure-keyboard"),
                        text("android.label-component"): keyboard.name,
                        **app_fields(app, keyboard.package),
                    },
                ),
            ),
        )


def judge_proxy(artifacts: AndroidArtifacts) -> Iterator[Finding]:
    """A proxy set for the whole phone: its web traffic then passes through another computer."""
    set_to = {
        f"{s.namespace} {s.name}": s.value
        for s in artifacts.settings
        if s.namespace == "global" and s.name in PROXY_SETTINGS and s.value.strip() not in NO_PROXY
    }
    if not set_to:
        return
    yield Finding(
        code="android.proxy",
        severity=Severity.MEDIUM,
        subject=text("android.subject-proxy", proxy=next(iter(set_to.values()))),
        evidence=(
            Evidence(
                source=text("android.seen-in-settings", source=artifacts.source),
                fields={text("android.label-how-sure"): text("android.sure-proxy"), **set_to},
            ),
        ),
    )


def judge_intrusion(artifacts: AndroidArtifacts, indicators: IndicatorSet) -> Iterator[Finding]:
    """Lookups of, and connections to, stalkerware or watchware servers in the Intrusion Logging export."""
    if artifacts.intrusion is None:
        return
    hits: dict[tuple[str, str], list[tuple[NetworkEvent, str, IndicatorMatch]]] = {}
    cache: dict[tuple[str, str], IndicatorMatch | None] = {}  # a busy phone looks up the same names all day
    for event in artifacts.intrusion.events:
        for value, match in _server_matches(event, indicators, cache):
            key = (match.threat.name, event.package or "")
            hits.setdefault(key, []).append((event, value, match))
    for (product, package), found in hits.items():
        last = [e.when for e, _, _ in found if e.when is not None]
        first = [moment for e, _, _ in found if (moment := e.first or e.when) is not None]
        stalkerware = any(m.threat.kind is ThreatKind.STALKERWARE for _, _, m in found)
        fields: dict[str, str] = {
            text("android.label-how-sure"): text("android.sure-intrusion-server"),
            text("android.label-product"): product,
            text("android.label-servers"): ", ".join(dict.fromkeys(v for _, v, _ in found)),
            text("android.label-times-seen"): str(sum(e.count for e, _, _ in found)),
            text("android.label-indicator-list"): found[0][2].threat.source,
        }
        if package:
            fields[text("android.label-package")] = package
        if last:
            fields[text("android.label-first-seen")] = min(first).strftime("%Y-%m-%d %H:%M UTC")
            fields[text("android.label-last-seen")] = max(last).strftime("%Y-%m-%d %H:%M UTC")
        yield Finding(
            code="android.network.monitoring-server",
            severity=Severity.URGENT if stalkerware else Severity.MEDIUM,
            subject=text("android.subject-intrusion-server", product=product),
            evidence=(
                Evidence(
                    source=text("android.seen-in-intrusion-log", source=artifacts.source),
                    when=max(last) if last else None,
                    fields=fields,
                ),
            ),
        )


def _server_matches(
    event: NetworkEvent, indicators: IndicatorSet, cache: dict[tuple[str, str], IndicatorMatch | None]
) -> Iterator[tuple[str, IndicatorMatch]]:
    if event.hostname:
        key = ("domain", event.hostname)
        if key not in cache:
            cache[key] = indicators.domain(event.hostname)
        match = cache[key]
        if match and match.indicator != "website":  # a vendor's website may be read about
            yield event.hostname, match
    for address in event.addresses:
        key = ("ip", address)
        if key not in cache:
            cache[key] = indicators.ip(address)
        if found := cache[key]:
            yield address, found
