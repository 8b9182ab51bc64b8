"""The guided session as a state machine, and answers-file sessions: which checks, in what order."""

from __future__ import annotations

import pytest
from guided_helpers import stub_entries

from cybercheck.guide.answers import AnswersAsker, AnswersFile, drive
from cybercheck.guide.script import default_script
from cybercheck.guide.session import (
    AskQuestion,
    Finished,
    GuideError,
    GuideSession,
    OfferCheck,
)
from cybercheck.guide.summary import build_summary, summary_markdown, summary_text
from cybercheck.pipeline.model import Status
from cybercheck.pipeline.plugins import installed_checks
from cybercheck.pipeline import words
from cybercheck.testing import make_env

SKIPPED = words.text("cybercheck.session-skipped")
NOT_REACHED = words.text("cybercheck.session-not-reached")

BASE = {"safe-to-talk": "yes", "device-access": "no"}
# What each concern proposes when every check is installed and the client named no devices:
# account access and sharing first, then the phone plan, things around the client, devices, identity.
EXPECTED = {
    "location": ["guided.google-account", "guided.apple-account", "sessions.google", "guided.location-sharing",
                 "guided.family-groups", "guided.shared-content", "guided.phone-plan", "guided.item-trackers",
                 "trackers.nearby", "trackers.android", "guided.car-app", "guided.smart-home", "guided.home-router", "network.traffic", "android.device",
                 "ios.backup", "ios.privacy-report"],
    "messages": ["guided.messaging", "guided.google-account", "guided.apple-account", "guided.social-sessions",
                 "passwords.pwned", "passwords.reuse", "sessions.google", "sessions.microsoft", "sessions.facebook",
                 "mail.gmail", "mail.outlook", "mail.takeout", "mail.sieve", "mail.provider", "guided.shared-content",
                 "guided.phone-plan", "guided.smart-home", "network.traffic", "android.device", "ios.backup",
                 "ios.privacy-report", "computer.apps", "ios.sysdiagnose"],
    "online": ["guided.google-account", "guided.apple-account", "mail.gmail", "guided.family-groups",
               "guided.home-router", "network.dns", "android.device", "ios.backup", "ios.privacy-report", "computer.apps",
               "computer.hosts"],
    "accounts": ["guided.google-account", "guided.apple-account", "guided.social-sessions", "passwords.pwned",
                 "passwords.reuse", "passwords.breached-accounts", "sessions.google", "sessions.microsoft",
                 "sessions.facebook", "sessions.instagram", "sessions.x", "mail.gmail", "mail.outlook",
                 "guided.family-groups", "guided.phone-plan", "network.dns", "computer.hosts"],
    "posts": ["guided.social-sessions", "passwords.pwned", "sessions.facebook", "sessions.instagram", "sessions.x",
              "identity.lookalike"],
    "gifts": ["guided.item-trackers", "trackers.nearby", "trackers.android", "guided.car-app", "guided.smart-home", "guided.home-router", "network.traffic",
              "android.device", "ios.backup", "ios.privacy-report"],
    "other": ["guided.messaging", "guided.google-account", "guided.apple-account", "guided.location-sharing",
              "guided.shared-content", "guided.phone-plan", "guided.smart-home", "android.device", "ios.privacy-report",
              "ios.sysdiagnose"],
}
RANK = {s.check_id: s.way_in.rank for s in default_script().suggestions}


def answers_session(answers: dict, checks: dict | None = None, entries=None, **extra):  # type: ignore[no-untyped-def]
    file = AnswersFile(answers={**BASE, **answers}, checks=checks or {}, **extra)
    env = make_env(offline=True)
    env.asker = AnswersAsker(file.checks)
    session = GuideSession(env, entries=stub_entries() if entries is None else entries)
    ran: list[str] = []
    finished = drive(session, file, on_result=lambda offer, result: ran.append(offer.proposed.check_id))
    return session, finished, ran


@pytest.mark.parametrize("concern", sorted(EXPECTED))
def test_each_concern_proposes_its_checks_in_order(concern: str) -> None:
    session, finished, ran = answers_session({"concerns": [concern]})
    proposed = [p.check_id for p in session.proposal()]
    assert proposed == EXPECTED[concern]
    assert ran == proposed and finished.stopped is None
    ranks = [RANK[c] for c in proposed]
    assert ranks == sorted(ranks)  # account access and sharing before devices
    assert session.record(include_sensitive=False)["proposed"] == proposed
    for p in session.proposal():
        assert all(why for _, why in p.reasons) and {c.id for c, _ in p.reasons} == {concern}


def test_several_concerns_merge_without_repeating_a_check() -> None:
    session, _, _ = answers_session({"concerns": ["location", "gifts"]})
    proposed = [p.check_id for p in session.proposal()]
    assert len(proposed) == len(set(proposed))
    assert set(proposed) == set(EXPECTED["location"]) | set(EXPECTED["gifts"])
    trackers = next(p for p in session.proposal() if p.check_id == "guided.item-trackers")
    assert [c.id for c, _ in trackers.reasons] == ["location", "gifts"]


def test_devices_and_accounts_named_narrow_the_proposal() -> None:
    session, _, _ = answers_session({"concerns": ["location"], "devices": ["iphone"]})
    assert [p.check_id for p in session.proposal()] == [
        "guided.apple-account", "guided.location-sharing", "guided.family-groups", "guided.shared-content",
        "guided.phone-plan", "guided.item-trackers", "trackers.nearby", "guided.home-router", "network.traffic",
        "ios.backup", "ios.privacy-report",
    ]


@pytest.mark.parametrize("computer", ["no", "not-sure"])
def test_an_iphone_without_a_trusted_computer_is_checked_through_the_reports_it_saves_itself(computer: str) -> None:
    session, finished, ran = answers_session(
        {"concerns": ["gifts", "messages"], "devices": ["iphone"], "iphone-computer": computer})
    proposed = [p.check_id for p in session.proposal()]
    assert "ios.backup" not in proposed
    assert [c for c in proposed if c.startswith("ios.")] == ["ios.privacy-report", "ios.sysdiagnose"]
    assert proposed[-1] == "ios.sysdiagnose"  # the advanced step comes last
    assert ran == proposed and finished.stopped is None
    privacy = next(p for p in session.proposal() if p.check_id == "ios.privacy-report")
    assert [c.id for c, _ in privacy.reasons] == ["messages", "gifts"]
    sysdiagnose = next(p for p in session.proposal() if p.check_id == "ios.sysdiagnose")
    assert [c.id for c, _ in sysdiagnose.reasons] == ["messages"]
    assert "seldom" in sysdiagnose.reasons[0][1]  # says it is rarely what a partner uses


def test_an_iphone_with_a_trusted_computer_is_offered_the_backup_first() -> None:
    session, _, _ = answers_session({"concerns": ["location"], "devices": ["iphone"], "iphone-computer": "yes"})
    proposed = [p.check_id for p in session.proposal()]
    assert proposed[-2:] == ["ios.backup", "ios.privacy-report"]
    unanswered, _, _ = answers_session({"concerns": ["location"], "devices": ["iphone"]})
    assert [p.check_id for p in unanswered.proposal()] == proposed


def test_the_computer_question_is_asked_only_of_iphone_users_and_counts_only_then() -> None:
    session, _, _ = answers_session({"concerns": ["location"], "devices": ["android"], "iphone-computer": "no"})
    assert "iphone-computer" not in [q.id for q in session.questions()]
    assert "iphone-computer" not in session.answers
    # answered, then the iPhone taken back out of the devices: the answer no longer leaves anything out
    session = GuideSession(make_env(offline=True), entries=stub_entries())
    session.answers.update({**BASE, "concerns": ("location",), "devices": ("iphone",), "iphone-computer": "no"})
    assert "ios.backup" not in [p.check_id for p in session.proposal()]
    session.answers["devices"] = ("android", "computer")
    assert "iphone-computer" not in [q.id for q in session.questions()]
    session.answers.pop("devices")
    assert "ios.backup" in [p.check_id for p in session.proposal()]


def test_the_computer_question_says_why_a_trusted_computer_matters() -> None:
    question = default_script().question("iphone-computer")
    assert question.ask_if == (("devices", ("iphone",)),) and question.optional
    assert "Trust" in (question.help or "") and "again later" in (question.help or "")
    assert "no computer connected" in (question.help or "")


def test_a_suggestion_left_out_by_an_answer_that_does_not_exist_is_refused() -> None:
    from cybercheck.guide.script import parse_script

    questions = [{"id": "devices", "stage": "context", "kind": "multi", "text": "Which?",
                  "choices": [{"id": "iphone", "label": "An iPhone"}]}]
    concerns = {"ways_in": [{"id": "devices", "label": "Devices"}], "concerns": [{"id": "other", "label": "Other"}],
                "suggestions": [{"check": "ios.backup", "way_in": "devices", "explains": {"other": "Why."},
                                 "unless": {"devices": ["android"]}}]}
    with pytest.raises(ValueError, match="unknown answers"):
        parse_script(questions, concerns)
    concerns["suggestions"][0]["unless"] = {"devices": ["iphone"]}
    assert parse_script(questions, concerns).suggestions[0].unless == (("devices", ("iphone",)),)


def test_checks_that_are_not_installed_are_left_out_and_named() -> None:
    only_guided = [e for e in installed_checks() if e.id.startswith("guided.")]
    session, finished, ran = answers_session({"concerns": ["posts"]}, entries=only_guided)
    assert ran == ["guided.social-sessions"]
    assert [s.check_id for s in session.not_installed()] == [
        "passwords.pwned", "sessions.facebook", "sessions.instagram", "sessions.x", "identity.lookalike"]
    summary = build_summary(session, session.report())
    assert "identity.lookalike" in summary.not_installed
    assert "Not installed on this computer" in summary_text(summary, on_screen=False)


def test_answers_reach_the_guided_checks_and_skip_and_stop_are_honoured() -> None:
    session, finished, ran = answers_session(
        {"concerns": ["location"], "devices": ["android"], "accounts": ["google"]},
        checks={"guided.google-account": "skip", "guided.location-sharing": {"google-maps": "yes"}},
        stop_after="guided.location-sharing",
    )
    assert ran == ["sessions.google", "guided.location-sharing"]
    assert finished.stopped == "stopped" and finished.skipped == ("guided.google-account",)
    report = session.report()
    by_id = {r.result.check_id: r.result for r in report.results}
    assert by_id["guided.location-sharing"].status is Status.FOUND
    assert by_id["guided.google-account"].unmet == (SKIPPED,)
    assert by_id["guided.phone-plan"].unmet == (NOT_REACHED,)
    assert report.meta.interrupted is True


def test_not_safe_to_talk_stops_at_once_with_nothing_run() -> None:
    session, finished, ran = answers_session({"safe-to-talk": "no"})
    assert finished.stopped == "not-safe" and ran == []
    summary = build_summary(session, session.report())
    assert summary.report.results == () and "paused" in summary_text(summary, on_screen=False)


def test_skip_back_and_revisit_step_by_step() -> None:
    session = GuideSession(make_env(offline=True), entries=stub_entries())
    session.answer("yes")
    session.answer("no")
    session.skip()  # safe contact: optional
    session.answer("GB")
    with pytest.raises(GuideError):
        session.answer(None)  # concerns need an answer
    session.answer(("gifts",))
    for _ in range(3):
        assert isinstance(session.current(), AskQuestion)
        session.skip()  # devices, accounts, others-access
    first = session.current()
    assert isinstance(first, OfferCheck) and first.proposed.check_id == "guided.item-trackers" and first.number == 1
    session.skip()
    session.back()
    assert session.current().proposed.check_id == "guided.item-trackers"  # type: ignore[union-attr]
    session.skip()
    while isinstance(session.current(), OfferCheck):
        session.run()
    end = session.current()
    assert isinstance(end, Finished) and end.skipped == ("guided.item-trackers",)
    assert session.revisit_skipped()
    assert session.current().proposed.check_id == "guided.item-trackers"  # type: ignore[union-attr]
    session.run()
    assert isinstance(session.current(), Finished) and session.skipped == []
    assert session.env.settings.country == "GB"


def test_wrong_answers_are_refused_in_plain_words() -> None:
    session = GuideSession(make_env(), entries=stub_entries())
    with pytest.raises(GuideError):
        session.answer("maybe")
    session.answer("yes")
    with pytest.raises(GuideError):
        session.answer(("yes", "no"))
    session.answer("yes")
    session.skip()
    with pytest.raises(GuideError) as error:
        session.answer("Great Britan")
    assert "Did you mean" in error.value.plain and "United Kingdom" in error.value.plain
    session.answer("Great Britain")
    assert session.env.settings.country == "GB"


def test_sensitive_answers_stay_out_of_everything_meant_for_a_file() -> None:
    session, _, _ = answers_session({"concerns": ["other"], "concern-details": "he reads my diary at night",
                                     "safe-contact": ["email"]})
    assert "concern-details" not in session.record(include_sensitive=False)["answers"]
    assert session.record(include_sensitive=True)["answers"]["concern-details"] == "he reads my diary at night"
    summary = build_summary(session, session.report())
    assert "reads my diary" in summary_text(summary, on_screen=True)
    for text in (summary_text(summary, on_screen=False), summary_markdown(summary)):
        assert "reads my diary" not in text and "Safe ways to contact" not in text
