"""Judgements about where typing and traffic go: keyboards from outside a store, and a proxy for the whole phone."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from checks.android.judge.apps import OUTSIDE_STORE, app_fields, origin
from checks.android.records import AndroidArtifacts, App
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
