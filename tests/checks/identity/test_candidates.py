"""The look-alike domains made from a name, usernames and the person's own domain."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.identity.candidates import MAX_CANDIDATES, candidates, fold, name_labels, split_domain, to_ascii


def domains(found) -> set[str]:  # type: ignore[no-untyped-def]
    return {c.domain for c in found}


def test_name_combinations_on_common_and_country_endings() -> None:
    found = domains(candidates(names=("Jane Doe",), country="GB"))
    assert {
        "janedoe.com",
        "jane-doe.net",
        "doejane.org",
        "jdoe.com",
        "realjanedoe.com",
        "janedoe.co.uk",
    } <= found


def test_international_names_both_with_and_without_accents() -> None:
    found = candidates(names=("José Núñez",))
    by_domain = {c.domain: c for c in found}
    assert "josenunez.com" in by_domain
    idn = to_ascii("josénúñez.com")
    assert idn and idn.startswith("xn--") and idn in by_domain
    assert by_domain[idn].display == "josénúñez.com"
    assert fold("Łukasz Weiß") == "lukasz weiss"


def test_typos_and_homoglyphs_of_the_own_domain_but_never_the_domain_itself() -> None:
    found = candidates(domains=("janedoe.net",))
    by_domain = {c.domain: c for c in found}
    assert "janedoe.net" not in by_domain
    assert {"jandoe.net", "jaendoe.net", "janeedoe.net", "jane-doe.net"} <= set(by_domain)  # typos
    assert by_domain["jandoe.net"].reason == "typo"
    cyrillic_a = to_ascii("j\u0430nedoe.net")
    assert by_domain[cyrillic_a].reason == "homoglyph" and by_domain[cyrillic_a].display == "j\u0430nedoe.net"
    assert "janedoe.com" in by_domain and by_domain["janedoe.com"].reason == "other-ending"
    assert (
        by_domain[to_ascii("\u0458\u0430n\u0435d\u043e\u0435.net")].reason == "homoglyph"
    )  # every letter that has a Cyrillic twin


def test_ascii_lookalikes() -> None:
    found = domains(candidates(domains=("william.org",)))
    assert {"wi1liam.org", "vvilliam.org"} <= found
    assert "rnail.com" in domains(candidates(domains=("mail.com",)))


def test_usernames_and_two_level_endings() -> None:
    assert {"janedoe.com", "jane-doe.com"} <= domains(candidates(usernames=("@Jane_Doe",)))
    assert split_domain("www.janedoe.co.uk") == ("janedoe", "co.uk")
    assert {c.domain for c in candidates(domains=("janedoe.co.uk",)) if c.reason == "typo"} >= {
        "jandoe.co.uk"
    }


def test_nothing_from_nothing() -> None:
    assert candidates() == [] and name_labels("  ") == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(max_size=20), st.text(max_size=30))
def test_any_input_gives_valid_dns_names(name: str, username: str, domain: str) -> None:
    found = candidates(names=(name,), usernames=(username,), domains=(domain,))
    assert len(found) <= MAX_CANDIDATES
    for candidate in found:
        assert candidate.domain.isascii() and len(candidate.domain) <= 253
        assert all(0 < len(label) <= 63 for label in candidate.domain.split("."))
