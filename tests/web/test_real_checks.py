"""The check-up through the pages with the real checks: an AndroidQF folder and a Takeout read where they are,
a file chosen again after going back, the questions the sessions check asks, passwords and keys typed into
password fields and never kept, and one check at a time."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from markupsafe import escape

from cybercheck.advice import advice_for
from cybercheck.guide.session import GuideBusy
from tests.web.helpers import Web, make_web

CHECKS = Path(__file__).parents[2] / "checks"
ANDROIDQF = CHECKS / "android" / "examples" / "androidqf"
SIGN_INS = CHECKS / "sessions" / "examples" / "takeout"
GMAIL = CHECKS / "mail" / "examples" / "takeout"
# The headlines as the advice words them (escaped as the pages show them).
STALKERWARE = str(escape(advice_for("android.app.stalkerware").title))
HIDES_SECURITY = str(escape(advice_for("mail.rule.hides-security").title))
TITLE = re.compile(r"<h1>([^<]+)</h1>")


def begin(web: Web, concerns: list[str], devices: list[str] | None = None, accounts: list[str] | None = None) -> None:
    web.post("/guide", {"action": "begin"})
    for answer in ("yes", "no", None, "GB", concerns, devices, accounts, ["held"]):
        data = {"action": "skip"} if answer is None else {"action": "answer", "answer": answer}
        assert web.post("/guide", data).status_code == 303


def skip_to(web: Web, title: str) -> str:
    for _ in range(30):
        page = web.text("/guide")
        found = TITLE.search(page)
        if found and found.group(1) == title:
            return page
        web.post("/guide", {"action": "skip"})
    raise AssertionError(f"{title} was not offered")


def finish_run(web: Web, answer=lambda text: "yes") -> list[str]:  # type: ignore[no-untyped-def]
    """Answer the running check's questions on the page (yes/no ones with `answer(text)`) until it ends."""
    asked = []
    for _ in range(500):
        job, asker = web.visit.job, web.visit.asker
        assert job is not None
        pending = asker.pending if asker else None
        if pending is not None:
            page = web.text("/running")
            assert "A question to go through together" in page
            asked.append(pending.question.text)
            web.post("/answer", {"number": pending.number, "answer": answer(pending.question.text)})
        elif job.finished:
            assert job.error is None
            return asked
        time.sleep(0.02)
    raise AssertionError("the check did not finish")


def a_takeout_with_both(tmp_path: Path) -> Path:
    """One unpacked Takeout holding the sign-in history and the Gmail settings, as Google makes it."""
    folder = tmp_path / "takeout-both"
    shutil.copytree(SIGN_INS, folder)
    shutil.copytree(GMAIL / "Takeout" / "Mail", folder / "Takeout" / "Mail")
    return folder


def test_a_phone_and_a_takeout_read_where_they_are(web: Web, tmp_path: Path) -> None:
    begin(web, ["location", "messages"], ["android"], ["google"])
    page = skip_to(web, "Google sign-ins, devices and recovery details, from a Takeout")
    assert 'name="input:takeout"' in page and "The Google Takeout export" in page
    web.post("/guide", {"action": "run", "input:takeout": str(SIGN_INS)})
    asked = finish_run(web, lambda text: "no" if "Windows computer" in text else "yes")
    assert any(q.startswith("Do you recognise this device: iPhone 15") for q in asked)
    first = web.visit.session.results["sessions.google"]  # type: ignore[union-attr]
    assert any("in takeout" in line for line in first.looked_at)

    # Back to the same check, with another Takeout: the one chosen last is the one read.
    web.post("/guide", {"action": "back"})
    page = web.text("/guide")
    assert f'value="{SIGN_INS}"' in page  # what was given is shown, so it can be changed
    both = a_takeout_with_both(tmp_path)
    web.post("/choose", {"name": "takeout", "path": str(both)})
    assert f'value="{both}"' in web.text("/guide") and "Chosen: <strong>takeout-both</strong>" in web.text("/guide")
    web.post("/guide", {"action": "run"})
    finish_run(web)
    again = web.visit.session.results["sessions.google"]  # type: ignore[union-attr]
    assert any("in takeout-both" in line for line in again.looked_at)

    page = skip_to(web, "Gmail filters and forwarding in a Google Takeout export")
    assert f'value="{both}"' in page  # given once, for the rest of the session
    web.post("/guide", {"action": "run"})
    finish_run(web, lambda text: "no")
    assert HIDES_SECURITY in web.text("/guide")

    skip_to(web, "Stalkerware and monitoring apps on an Android phone")
    refused = web.post("/guide", {"action": "run", "input:android": str(tmp_path / "no-such-acquisition")})
    assert refused.status_code == 400 and "Nothing was found at" in refused.get_data(as_text=True)
    assert web.visit.job is None or web.visit.session.results.get("android.device") is None  # type: ignore[union-attr]
    web.post("/choose", {"name": "android", "path": str(ANDROIDQF)})
    web.post("/guide", {"action": "run"})
    finish_run(web)
    results = web.text("/results")
    assert "Summary of the check-up" in results
    article = results[results.index(f"<h3>{STALKERWARE}"):]
    article = article[: article.index("</article>")]
    assert "Cocospy" in article and '<div class="caution"><strong>Before you do this</strong>' in article
    assert "<details>" in article  # the evidence folded away
    assert str(ANDROIDQF) in web.visit.session.env.used_paths.__repr__()  # type: ignore[union-attr]


def test_typed_keys_and_passwords_go_to_the_check_and_nowhere_else(tmp_path: Path) -> None:
    key, password = "key-0f-the-service", "a typed password 42"
    web = make_web(tmp_path, replace_checks={"passwords.breached-accounts": "tests.web.web_checks:NeedsKey"})
    web.sign_in()
    begin(web, ["accounts"])
    page = skip_to(web, "A check that needs a key")
    field = re.search(r'<input type="password" id="secret-hibp" name="secret:hibp"[^>]*>', page)
    assert field and "value=" not in field.group(0)
    pages = [page]
    web.post("/guide", {"action": "run", "secret:hibp": key})
    for _ in range(500):
        pending = web.visit.asker.pending if web.visit.asker else None
        if pending is not None:
            running = web.text("/running")
            pages.append(running)
            assert 'type="password" id="hidden-answer"' in running
            web.post("/answer", {"number": pending.number, "answer": password})
            break
        time.sleep(0.02)
    assert web.visit.job is not None and web.visit.job.wait(10)
    result = web.visit.session.results["passwords.breached-accounts"]  # type: ignore[union-attr]
    assert result.looked_at == (f"a key of {len(key)} characters and a password of {len(password)} characters",)
    web.post("/guide", {"action": "stop"})
    folder = tmp_path / "out"
    folder.mkdir()
    web.post("/save", {"folder": str(folder), "name": "plain", "format": "json"})
    pages += [web.text(p) for p in ("/guide", "/results", "/report", "/save", "/cases")]
    kept = [*pages, (folder / "plain.json").read_text(encoding="utf-8"), repr(web.visit.inputs),
            str(web.visit.session.record(include_sensitive=True))]  # type: ignore[union-attr]
    for text in kept:
        assert key not in text and password not in text
    assert web.visit.session.env.find_secret("hibp").reveal() == key  # type: ignore[union-attr]  # memory only


def test_one_check_at_a_time(tmp_path: Path) -> None:
    from tests.cybercheck import driving_checks as waiting

    waiting.started.clear()
    waiting.release.clear()
    web = make_web(tmp_path, replace_checks={"android.device": "tests.cybercheck.driving_checks:Waiting"})
    web.sign_in()
    begin(web, ["gifts"], ["android"])
    skip_to(web, "A check that waits")
    try:
        assert web.post("/guide", {"action": "run"}).headers["Location"] == "/running"
        assert waiting.started.wait(10)
        for action in ("run", "skip", "back", "begin"):
            assert web.post("/guide", {"action": action}).headers["Location"] == "/running"
        with pytest.raises(GuideBusy):
            web.visit.run_current("again", "android.device")
        assert web.visit.session.running == "android.device"  # type: ignore[union-attr]
        assert web.get("/results").headers["Location"] == "/running"
    finally:
        waiting.release.set()
    assert web.visit.job is not None and web.visit.job.wait(10)
    session = web.visit.session
    assert session is not None and session.running is None and list(session.results) == ["android.device"]


def test_passwords_typed_on_the_running_page_are_looked_up_and_never_shown(web: Web) -> None:
    corpus = CHECKS / "passwords" / "examples" / "pwned-demo-sha1.txt"
    begin(web, ["accounts"])
    page = skip_to(web, "Passwords that have appeared in data breaches")
    assert "A list of breached password hashes (optional)" in page
    web.post("/guide", {"action": "run", "input:pwned-corpus": str(corpus)})
    pages, typed = [], iter(["sammy123", ""])  # an empty answer ends the list, as Enter does at a terminal
    while not web.visit.job.finished:  # type: ignore[union-attr]
        pending = web.visit.asker.pending if web.visit.asker else None
        if pending is not None:
            assert pending.hidden
            pages.append(web.text("/running"))
            web.post("/answer", {"number": pending.number, "answer": next(typed)})
        time.sleep(0.02)
    result = web.visit.session.results["passwords.pwned"]  # type: ignore[union-attr]
    assert [f.code for f in result.findings] and "1 password typed at a hidden prompt" in result.looked_at
    pages += [web.text("/guide"), web.text("/results"), web.text("/report")]
    assert all("sammy123" not in text for text in pages)
