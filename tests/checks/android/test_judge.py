"""The provider-neutral judgement, and the words attached to every code it emits."""

from __future__ import annotations

from datetime import datetime, timezone

from checks.android.judge import judge_android
from checks.android.records import (
    Account,
    AndroidArtifacts,
    App,
    AppOp,
    Component,
    DeviceAdmin,
    DeviceInfo,
    Setting,
)
from cybercheck.advice import advice_for, all_advice, cautions
from cybercheck.indicators.load import load_indicators

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)
STORE = "com.android.vending"


def artifacts(**kwargs) -> AndroidArtifacts:
    return AndroidArtifacts(source="test phone", **kwargs)


def everything() -> AndroidArtifacts:
    return artifacts(
        device=DeviceInfo({"ro.build.version.security_patch": "2023-01-05", "ro.build.tags": "test-keys"}),
        apps=(
            App("com.duiyun.cocospy", installer=None, launcher_icon=False),
            App("com.life360.android.safetymapd", installer=STORE),
            App("com.google.android.marvin.talkback", installer=STORE),
            App(
                "com.helper.unknown",
                installer=STORE,
                granted_permissions=frozenset({"android.permission.CAMERA"}),
            ),
            App(
                "com.file.app",
                installer="com.google.android.packageinstaller",
                launcher_icon=False,
                granted_permissions=frozenset({"android.permission.READ_SMS"}),
            ),
            App("com.google.android.gms", system=True, disabled=True),
            App("com.topjohnwu.magisk", installer=None),
            App("com.google.android.apps.work.clouddpc", installer=STORE),
            App("com.fitbit.fitbitmobile", installer=STORE),
        ),
        settings=(
            Setting("global", "package_verifier_enable", "0"),
            Setting("global", "adb_enabled", "1"),
            Setting("secure", "install_non_market_apps", "1"),
            Setting("secure", "always_on_vpn_app", "com.vpn.x"),
        ),
        accessibility=(
            Component("com.google.android.marvin.talkback", "com.google.android.marvin.talkback/.TalkBack"),
            Component("com.helper.unknown", "com.helper.unknown/.Svc"),
        ),
        notification_listeners=(
            Component("com.fitbit.fitbitmobile", "com.fitbit.fitbitmobile/.Listener"),
            Component("com.helper.unknown", "com.helper.unknown/.Listen"),
        ),
        device_admins=(
            DeviceAdmin(
                Component(
                    "com.google.android.apps.work.clouddpc", "com.google.android.apps.work.clouddpc/.R"
                ),
                "profile owner",
            ),
            DeviceAdmin(Component("com.file.app", "com.file.app/.Admin")),
        ),
        app_ops=(
            AppOp("com.helper.unknown", "GET_USAGE_STATS", "allow"),
            AppOp("com.file.app", "REQUEST_INSTALL_PACKAGES", "allow"),
        ),
        accounts=(Account("me@example.org", "com.google"), Account("them@example.net", "com.google")),
        root_binaries=("/system/xbin/su",),
        user_certificates=("abc.0",),
    )


def test_every_code_emitted_has_advice_and_sureness():
    findings = list(judge_android(everything(), load_indicators(), now=NOW))
    codes = {f.code for f in findings}
    assert codes == {
        "android.app.stalkerware",
        "android.app.watchware",
        "android.accessibility.enabled",
        "android.device-admin",
        "android.notification-listener",
        "android.usage-access",
        "android.app.sideloaded",
        "android.app.protection-disabled",
        "android.setting.play-protect-off",
        "android.setting.unknown-sources",
        "android.setting.developer-options",
        "android.vpn.always-on",
        "android.root",
        "android.ca-certificate.user",
        "android.account.several",
        "android.patch.old",
        "android.managed.work-profile",
    }
    owned = list(judge_android(everything(), load_indicators(), now=NOW, owner=("me@example.org",)))
    assert {f.subject for f in owned if f.code == "android.account.unknown"} == {
        "them@example.net (com.google)"
    }
    for finding in findings + owned:
        assert finding.code in all_advice(), finding.code
        assert finding.evidence and finding.evidence[0].fields["how sure"], finding.code


def test_stalkerware_and_watchware_are_kept_apart():
    findings = {f.code: f for f in judge_android(everything(), load_indicators(), now=NOW)}
    assert findings["android.app.stalkerware"].severity.name == "URGENT"
    assert findings["android.app.watchware"].severity.name == "MEDIUM"
    assert "Life360" in findings["android.app.watchware"].subject
    watch = advice_for("android.app.watchware")
    assert "stalkerware" not in (watch.title + watch.explanation).lower()
    assert "share your location or messages" in watch.title


def test_assistive_system_and_known_apps_are_not_flagged_as_unknown_powers():
    findings = list(judge_android(everything(), load_indicators(), now=NOW))
    accessibility = [f.subject for f in findings if f.code == "android.accessibility.enabled"]
    assert accessibility == ["com.helper.unknown/.Svc"]
    admins = {f.subject: f.severity.name for f in findings if f.code == "android.device-admin"}
    managed = {f.subject: f.severity.name for f in findings if f.code == "android.managed.work-profile"}
    assert managed == {"A work profile managed by com.google.android.apps.work.clouddpc": "LOW"}
    assert admins["com.file.app/.Admin (admin)"] == "HIGH"
    listeners = {f.subject: f.severity.name for f in findings if f.code == "android.notification-listener"}
    assert listeners == {"com.fitbit.fitbitmobile/.Listener": "LOW", "com.helper.unknown/.Listen": "MEDIUM"}
    sideloaded = {f.subject: f.severity.name for f in findings if f.code == "android.app.sideloaded"}
    assert sideloaded == {"com.file.app": "HIGH", "com.topjohnwu.magisk": "LOW"}


def test_stalkerware_advice_puts_safety_first_and_removal_last_with_its_caution():
    advice = advice_for("android.app.stalkerware")
    texts = [s.text.lower() for s in advice.steps]
    assert "safety" in texts[0]
    assert "remov" not in " ".join(texts[:-1]).replace("before you remove", "")
    assert "leave it where it is for now" in " ".join(texts)
    assert "police" in " ".join(texts) and "helpline" in " ".join(texts)
    assert advice.steps[-1].caution == cautions()["removal-warning"].strip()
    for code, words in all_advice().items():
        if code.startswith("android."):
            assert "you are safe" not in (words.explanation + " ".join(s.text for s in words.steps)).lower()


def test_a_clean_phone_gives_nothing():
    clean = artifacts(
        device=DeviceInfo({"ro.build.version.security_patch": "2026-11-01"}),
        apps=(App("com.whatsapp", installer=STORE), App("android", system=True)),
        settings=(Setting("global", "package_verifier_enable", "1"),),
    )
    assert list(judge_android(clean, load_indicators(), now=NOW)) == []
