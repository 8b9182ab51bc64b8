"""The guided checks: menu paths per platform, answers turned into findings, never clean without answers."""

from __future__ import annotations

import pytest

from checks.guided.checks import GuidedCheck
from checks.guided.records import Choice
from checks.guided.sources.steps import all_steps as _all_steps
from checks.guided.sources.steps import steps_for

UNSURE = Choice.UNSURE.words
from cybercheck.advice import all_advice
from cybercheck.pipeline.model import Status
from cybercheck.pipeline.plugins import installed_checks, load_check
from cybercheck.testing import ScriptedAsker, make_env, run
from cybercheck.pipeline.context import Context

GUIDED = [load_check(e) for e in installed_checks() if e.id.startswith("guided.")]
ISSUE_LIST = {
    "guided.messaging", "guided.apple-account", "guided.google-account", "guided.social-sessions",
    "guided.location-sharing", "guided.item-trackers", "guided.family-groups", "guided.shared-content",
    "guided.phone-plan", "guided.home-router", "guided.smart-home", "guided.car-app",
}


class KeyAsker(ScriptedAsker):
    """Answers every question of a check with one answer (by the question's stable key)."""

    def __init__(self, answer: str | None, only: str | None = None) -> None:
        super().__init__()
        self.answer, self.only = answer, only
        self.questions: list = []

    def ask(self, question):  # type: ignore[no-untyped-def]
        self.questions.append(question)
        if self.only and not (question.key or "").endswith(":" + self.only):
            return "no"
        return self.answer


def run_with(check: type[GuidedCheck], asker, **inputs: str):  # type: ignore[no-untyped-def]
    env = make_env(inputs=inputs)
    env.asker = asker
    return run(check, Context(env, check.id))


def test_every_check_the_issue_lists_is_installed() -> None:
    assert ISSUE_LIST <= {c.id for c in GUIDED}


@pytest.mark.parametrize("check", GUIDED, ids=lambda c: c.id)
def test_each_check_has_menu_paths_blind_spots_and_advice(check: type[GuidedCheck]) -> None:
    assert check.blind_spots and check.__doc__ and check.looks_at
    steps = steps_for(check.id)
    assert steps
    platforms = {label for step in steps for label, _ in step.where}
    assert {"Android", "iPhone"} & platforms
    for step in steps:
        assert step.where, step.key
        assert step.code in all_advice(), step.code
        assert len(set(step.choices)) == len(step.choices) and UNSURE in step.choices


def test_every_code_in_the_steps_has_advice_and_every_guided_advice_is_used() -> None:
    codes = {s["code"] for steps in _all_steps().values() for s in steps}
    guided_advice = {c for c in all_advice() if c.startswith("guided.")}
    assert codes == guided_advice


@pytest.mark.parametrize("check", GUIDED, ids=lambda c: c.id)
def test_yes_is_a_finding_with_the_answer_as_evidence(check: type[GuidedCheck]) -> None:
    first = steps_for(check.id)[0]
    result = run_with(check, KeyAsker("yes", only=first.key))
    assert result.status is Status.FOUND
    (found,) = result.findings
    assert found.code == first.code and found.subject == first.subject
    fields = found.evidence[0].fields
    assert fields["question"] == first.ask and fields["answer"] == first.yes and fields["where"]


@pytest.mark.parametrize("check", GUIDED, ids=lambda c: c.id)
def test_no_to_everything_is_clean_with_what_was_looked_at(check: type[GuidedCheck]) -> None:
    result = run_with(check, KeyAsker("no"))
    assert result.status is Status.CLEAN
    assert len(result.looked_at) == len(steps_for(check.id))


@pytest.mark.parametrize("check", GUIDED, ids=lambda c: c.id)
def test_not_sure_is_incomplete_never_clean(check: type[GuidedCheck]) -> None:
    result = run_with(check, KeyAsker("not sure"))
    assert result.status is Status.INCOMPLETE
    first = steps_for(check.id)[0]
    assert f"You were not sure about {first.thing}, so this could not be checked fully." in result.gaps


@pytest.mark.parametrize("check", GUIDED, ids=lambda c: c.id)
def test_nobody_answering_is_not_run_never_clean(check: type[GuidedCheck]) -> None:
    assert run_with(check, KeyAsker(None)).status is Status.NOT_RUN
    from cybercheck.pipeline.context import RunEnv

    assert run(check, Context(RunEnv(), check.id)).status is Status.NOT_RUN  # no asker at all: needs unmet


def test_some_questions_unanswered_is_incomplete() -> None:
    from checks.guided.checks import LinkedMessagingDevices

    class Half(KeyAsker):
        def ask(self, question):  # type: ignore[no-untyped-def]
            return "no" if question.key.endswith(":whatsapp") else None

    result = run_with(LinkedMessagingDevices, Half(None))
    assert result.status is Status.INCOMPLETE
    assert any("Signal" in g for g in result.gaps)


def test_the_apps_the_session_says_are_used_are_the_only_ones_asked() -> None:
    from checks.guided.checks import LinkedMessagingDevices

    asker = KeyAsker("no")
    result = run_with(LinkedMessagingDevices, asker, uses="whatsapp")
    assert [q.key for q in asker.questions] == ["guided.messaging:whatsapp"]
    assert result.status is Status.CLEAN


def test_the_question_shows_the_exact_menu_paths() -> None:
    from checks.guided.checks import LinkedMessagingDevices

    asker = KeyAsker("no")
    run_with(LinkedMessagingDevices, asker)
    whatsapp = asker.questions[0]
    assert "Android: WhatsApp → ⋮ (More options, top right) → Linked devices" in whatsapp.help
    assert "iPhone: WhatsApp → Settings (bottom right) → Linked Devices" in whatsapp.help


def test_choice_words_from_an_answers_file_are_understood() -> None:
    step = steps_for("guided.phone-plan")[0]
    assert step.choice_of("yes") == "yes" and step.choice_of(step.no) == "no"
    assert step.choice_of("Not sure") == "unsure" and step.choice_of("not used") is None  # "not used" makes no sense here
    assert step.choice_of("something else") is None


def test_a_plain_scan_never_starts_asking_questions() -> None:
    from cybercheck.pipeline.runner import unmet_needs

    env = make_env(answers={"anything": "yes"})
    check = next(c for c in GUIDED if c.id == "guided.messaging")
    assert unmet_needs(check, env, explicit=False)  # not named: not run, and it does not count for the exit status
    assert unmet_needs(check, env, explicit=True) == ()
