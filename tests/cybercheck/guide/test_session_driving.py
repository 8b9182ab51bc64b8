"""Driving a guided session: an input given again replaces the first, one driver at a time, keeping it in a case."""

from __future__ import annotations

import threading
from importlib.metadata import EntryPoint

import pytest
from guided_helpers import CASE_PASS

from cybercheck.guide.session import Finished, GuideBusy, GuideSession, OfferCheck
from cybercheck.pipeline.model import Origin
from cybercheck.pipeline.plugins import GROUP, CheckEntry
from cybercheck.secrets import Secret
from cybercheck.testing import make_env

# Answers that lead straight to the one check of a session whose only check is android.device.
OPENING = ["yes", "no", None, "GB", ("gifts",), None, None, None]


def only(name: str) -> list[CheckEntry]:
    """The check driving_checks.NAME, installed as android.device."""
    return [CheckEntry("android.device", EntryPoint("android.device", f"driving_checks:{name}", GROUP),
                       Origin("cybercheck-tests", "0", "package"))]


def at_the_check(name: str) -> GuideSession:
    session = GuideSession(make_env(offline=True), entries=only(name))
    for answer in OPENING:
        session.skip() if answer is None else session.answer(answer)
    assert isinstance(session.current(), OfferCheck)
    return session


def test_an_input_given_again_replaces_the_first() -> None:
    session = at_the_check("Reads")
    session.give_input("android", "/first/acquisition")
    session.give_input("android", "/second/acquisition")  # chosen again before running
    assert session.given("android") == ("/second/acquisition",)
    first = session.run()
    assert first.looked_at == ("read /second/acquisition",)
    session.back()  # back to the check, with another acquisition
    session.give_input("android", "/third/acquisition")
    again = session.run()
    assert again.looked_at == ("read /third/acquisition",)
    assert session.results["android.device"] is again


def test_several_values_at_once_and_none_to_take_it_away() -> None:
    session = at_the_check("Reads")
    session.give_input("android", "/a", "/b")
    assert session.run().looked_at == ("read /a and /b",)
    session.back()
    session.give_input("android")
    offer = session.current()
    assert isinstance(offer, OfferCheck) and [n.names for n in offer.missing_inputs] == [("android",)]


def test_one_driver_at_a_time_while_a_check_runs() -> None:
    import driving_checks

    driving_checks.started.clear()
    driving_checks.release.clear()
    session = at_the_check("Waiting")
    outcome: list[object] = []
    runner = threading.Thread(target=lambda: outcome.append(session.run()))
    runner.start()
    try:
        assert driving_checks.started.wait(10)
        assert session.running == "android.device"
        busy = [session.skip, session.back, session.run, session.revisit_skipped, lambda: session.answer("yes"),
                lambda: session.give_input("android", "/x"), lambda: session.give_secret("hibp", Secret("k")),
                session.report, lambda: session.record(include_sensitive=False)]
        for action in busy:
            with pytest.raises(GuideBusy) as refused:
                action()
            assert refused.value.check_id == "android.device" and "running" in refused.value.plain
        offer = session.current()  # what to show still answers, and has not moved on
        assert isinstance(offer, OfferCheck) and offer.proposed.check_id == "android.device"
        assert session.env.settings.inputs == {} and session.skipped == []
    finally:
        driving_checks.release.set()
        runner.join(10)
    assert not runner.is_alive() and session.running is None
    assert len(outcome) == 1 and session.results["android.device"] is outcome[0]
    assert isinstance(session.current(), Finished)  # moved on exactly once
    session.report()


def test_stopping_while_a_check_runs_keeps_that_check() -> None:
    import driving_checks

    driving_checks.started.clear()
    driving_checks.release.clear()
    session = at_the_check("Waiting")
    runner = threading.Thread(target=session.run)
    runner.start()
    assert driving_checks.started.wait(10)
    session.stop()
    driving_checks.release.set()
    runner.join(10)
    end = session.current()
    assert isinstance(end, Finished) and end.stopped == "stopped"
    assert session.results["android.device"].looked_at == ("one made-up thing",)


def test_a_typed_secret_is_kept_in_memory_for_the_session() -> None:
    session = at_the_check("Reads")
    session.give_secret("hibp", Secret("k-123"))
    assert session.env.find_secret("hibp").reveal() == "k-123"  # type: ignore[union-attr]
    assert "k-123" not in repr(session) and "k-123" not in str(session.record(include_sensitive=True))


def test_keeping_a_finished_session_in_its_case(isolated_user_folders: dict) -> None:
    from cybercheck.casework.cases import Case

    session = at_the_check("Reads")
    session.give_input("android", "/phone")
    session.run()
    case = Case.create("C-7", Secret(CASE_PASS))
    report = session.report(case="C-7")
    saved = session.keep_in_case(case, report)
    assert saved.kind == "guide" and [s.number for s in case.scans()] == [1]
    reopened = Case.open("C-7", Secret(CASE_PASS))
    assert reopened.latest() is not None
    (record,) = reopened.sessions()
    assert record["answers"]["safe-to-talk"] == "yes" and record["results"] == {"android.device": "clean"}
