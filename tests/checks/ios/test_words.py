"""Words keys the iPhone code picks from a table (not written as a literal `text("...")` call) all exist."""

from __future__ import annotations

from checks.ios.judge.profiles import CONCERNS
from cybercheck.pipeline.words import template


def test_every_place_to_look_has_words() -> None:
    missing = sorted({path for _, _, path in CONCERNS.values() if template(path) is None})
    assert not missing, missing


def test_every_kind_of_shortcut_action_has_words() -> None:
    from checks.ios.known import shortcut_actions

    kinds = {kind for group in shortcut_actions().values() for kind in group.values()}
    missing = sorted(kind for kind in kinds if template(f"ios.shortcut-what-{kind}") is None)
    assert not missing, missing


def test_the_guide_says_how_to_make_each_iphone_report_and_who_could_see_it() -> None:
    from checks.ios.checks import IphonePrivacyReport, IphoneSysdiagnose

    privacy = IphonePrivacyReport.how_guided(IphonePrivacyReport.needs[0])
    assert "Settings → Privacy & Security → App Privacy Report" in privacy and "Save App Activity" in privacy
    assert (
        "tells nobody" in privacy and "can see that the report is on" in privacy and "iCloud Drive" in privacy
    )
    sysdiagnose = IphoneSysdiagnose.how_guided(IphoneSysdiagnose.needs[0])
    assert (
        "Analytics Data" in sysdiagnose
        and "Emergency SOS" in sysdiagnose
        and "anyone who looks" in sysdiagnose
    )
    for words in (privacy, sysdiagnose):
        assert "--input" not in words and "cybercheck" not in words
