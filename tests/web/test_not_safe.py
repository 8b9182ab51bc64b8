"""'It is not safe to talk now' in the web app: the numbers and helplines at once, nothing else."""

from __future__ import annotations

from dataclasses import replace

from tests.web.helpers import Web


def test_not_safe_asks_the_country_once_then_shows_only_numbers(web: Web) -> None:
    base = web.visit.settings.base_env
    base.settings = replace(base.settings, country=None)
    web.post("/guide", {"action": "begin"})
    answered = web.post("/guide", {"action": "answer", "answer": "no"})
    assert answered.status_code == 303
    page = web.text("/guide")  # any step now leads to the stop page
    assert "Stopped. Nothing was saved." in page
    assert 'name="country"' in page
    wrong = web.post("/not-safe", {"action": "country", "country": "Germny"})
    assert wrong.status_code == 400
    assert "Did you mean Germany" in wrong.get_data(as_text=True)
    web.post("/not-safe", {"action": "country", "country": "Deutschland"})
    page = web.text("/not-safe")
    assert 'href="tel:112"' in page and 'href="tel:110"' in page
    assert 'href="tel:116016"' in page
    assert "Quick exit" in page and "It erases nothing" in page
    assert "Save" not in page and "things found" not in page and "checks:" not in page
    for address in ("/results", "/save", "/report"):
        assert web.get(address).headers["Location"].endswith("/not-safe")


def test_not_safe_with_a_country_given_shows_the_numbers_straight_away(web: Web) -> None:
    base = web.visit.settings.base_env
    base.settings = replace(base.settings, country="GB")
    web.post("/guide", {"action": "begin"})
    web.post("/guide", {"action": "answer", "answer": "no"})
    page = web.text("/not-safe")
    assert 'name="country"' not in page
    assert 'href="tel:999"' in page
    assert 'href="tel:08088020300"' in page


def test_leaving_the_country_out_says_the_local_emergency_number(web: Web) -> None:
    base = web.visit.settings.base_env
    base.settings = replace(base.settings, country=None)
    web.post("/guide", {"action": "begin"})
    web.post("/guide", {"action": "answer", "answer": "no"})
    web.post("/not-safe", {"action": "leave-out"})
    page = web.text("/not-safe")
    assert "call your local emergency number" in page
    assert 'name="country"' not in page


def test_the_country_question_takes_names(web: Web) -> None:
    web.post("/guide", {"action": "begin"})
    for answer in ("yes", "no", None):
        web.post("/guide", {"action": "skip"} if answer is None else {"action": "answer", "answer": answer})
    wrong = web.post("/guide", {"action": "answer", "answer": "Untied Kingdom"})
    assert "Did you mean United Kingdom" in wrong.get_data(as_text=True)
    web.post("/guide", {"action": "answer", "answer": "Scotland"})
    assert web.visit.country == "GB-SCT"
