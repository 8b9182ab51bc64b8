"""Held credentials are masked wherever they appear, in every form a request gives them; unprintable characters are shown."""

from __future__ import annotations

from urllib.parse import quote

from cybercheck.net import hold_credentials
from cybercheck.scrub import scrub


def test_a_credential_sent_in_a_form_or_header_is_masked_in_any_text() -> None:
    hold_credentials({"data": {"refresh_token": "rt/with+odd=chars-123"}, "headers": {"Authorization": "Bearer abc.def-ghi-jkl"}})
    echoed = f"bad request: refresh_token={quote('rt/with+odd=chars-123', safe='')} auth=Bearer abc.def-ghi-jkl"
    assert "rt/with" not in scrub(echoed) and "abc.def-ghi-jkl" not in scrub(echoed)
    assert scrub(echoed).startswith("bad request: refresh_token=***")


def test_ordinary_fields_and_short_values_are_never_held() -> None:
    hold_credentials({"data": {"grant_type": "refresh_token", "scope": "mail.read"}, "headers": {"X-Api-Key": "short"}})
    assert scrub("grant_type refresh_token scope mail.read short") == "grant_type refresh_token scope mail.read short"


def test_unprintable_characters_are_made_visible() -> None:
    assert scrub("a\r\nb\x1b[31m\u202eX\ud800") == "a\r\nb[U+001B][31m[U+202E]X[U+D800]"
