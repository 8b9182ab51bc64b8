"""The Pwned Passwords range API against a real local server speaking its documented shapes."""

from __future__ import annotations

import hashlib
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.passwords.sources.range_api import parse_range, range_counts
from cybercheck.errors import DamagedInput
from cybercheck.net import make_session
from cybercheck.secrets import Secret


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest().upper()


def _two_sharing_a_prefix() -> tuple[str, str]:
    seen: dict[str, str] = {}
    for i in itertools.count():
        word = f"shared-{i}"
        prefix = _sha1(word)[:5]
        if prefix in seen:
            return seen[prefix], word
        seen[prefix] = word
    raise AssertionError


def test_counts_padding_and_prefixes(hibp) -> None:
    first, second = _two_sharing_a_prefix()
    hibp.state.add_passwords({"P@ssw0rd": 52579, first: 3, "hunter2": 17})
    passwords = ["P@ssw0rd", first, second, "hunter2", "never-seen-anywhere-91", "P@ssw0rd"]
    lookup = range_counts(make_session(), hibp.url, [Secret(p) for p in passwords])
    assert lookup.counts == (52579, 3, 0, 17, 0, 52579)
    assert lookup.failed == () and lookup.problems == ()
    paths = hibp.state.range_paths()
    # one request per distinct prefix, and only five characters of the hash in each
    assert sorted(paths) == sorted({f"/range/{_sha1(p)[:5]}" for p in passwords})
    assert len(paths) == 4
    for seen in hibp.state.seen:
        assert seen.headers.get("Add-Padding") == "true"
        assert len(seen.path.rsplit("/", 1)[1]) == 5
        for password in passwords:
            assert _sha1(password)[5:] not in str(seen)


@pytest.mark.parametrize(("bom", "lower"), [(True, False), (False, True), (True, True)])
def test_bom_and_lower_case_bodies(hibp, bom: bool, lower: bool) -> None:
    hibp.state.bom, hibp.state.lower_case = bom, lower
    hibp.state.add_passwords({"P@ssw0rd": 52579})
    lookup = range_counts(make_session(), hibp.url, [Secret("P@ssw0rd")])
    assert lookup.counts == (52579,)


def test_a_failed_range_is_a_gap_never_absent(hibp) -> None:
    hibp.state.add_passwords({"P@ssw0rd": 5, "hunter2": 17})
    hibp.state.range_faults[_sha1("hunter2")[:5]] = (503, b"<html>busy</html>")
    hibp.state.range_faults[_sha1("letmein")[:5]] = (200, b"<html>You have been blocked</html>")
    lookup = range_counts(make_session(retries=0), hibp.url, [Secret(p) for p in ("P@ssw0rd", "hunter2", "letmein")])
    assert lookup.counts == (5, None, None)
    assert lookup.failed == (1, 2)
    assert any("busy" in p for p in lookup.problems)
    assert any("could not understand" in p for p in lookup.problems)


@pytest.mark.parametrize("status", [429, 500, 502, 404])
def test_error_statuses_are_gaps(hibp, status: int) -> None:
    hibp.state.range_faults[_sha1("hunter2")[:5]] = (status, b"")
    lookup = range_counts(make_session(retries=0), hibp.url, [Secret("hunter2")])
    assert lookup.counts == (None,) and lookup.problems


def test_a_server_that_does_not_answer_in_time_is_a_gap(hibp) -> None:
    hibp.state.latency = 1.0
    lookup = range_counts(make_session(retries=0, timeout=0.3), hibp.url, [Secret("hunter2")])
    assert lookup.counts == (None,)
    assert "did not answer in time" in lookup.problems[0] or "could not reach" in lookup.problems[0]


def test_unreachable_server_is_a_gap() -> None:
    lookup = range_counts(make_session(retries=0, timeout=2), "http://127.0.0.1:9", [Secret("x")])
    assert lookup.counts == (None,)
    assert lookup.problems and "could not reach" in lookup.problems[0]


def test_progress_is_shown_when_there_are_many(hibp) -> None:
    events: list[str] = []

    class Task:
        def advance(self, amount: int = 1) -> None:
            events.append("advance")

        def close(self) -> None:
            events.append("close")

    totals: list[int] = []

    def start(total: int) -> Task:
        totals.append(total)
        return Task()

    passwords = [Secret(f"pw-{i}") for i in range(40)]
    range_counts(make_session(), hibp.url, passwords, start_progress=start)
    assert totals == [len({_sha1(p.reveal())[:5] for p in passwords})]
    assert events.count("advance") == totals[0] and events[-1] == "close"


def test_parse_range_handles_crlf_lf_and_padding() -> None:
    body = b"\xef\xbb\xbf" + b"0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n2dc183f740ee76f27b78eb39c8ad972a757:52579\n7F3A0C1E9B2D44A0C5E6F7A8B9C0D1E2F30:0"
    assert parse_range(body) == {"0018A45C4D1DEF81644B54AB7F969B88D65": 1, "2DC183F740EE76F27B78EB39C8AD972A757": 52579}


@pytest.mark.parametrize("body", [b"", b"<html>", b"ABC:1", b"\xff\xfe\x00", b"0018A45C4D1DEF81644B54AB7F969B88D65:x"])
def test_parse_range_refuses_garbage(body: bytes) -> None:
    with pytest.raises(DamagedInput):
        parse_range(body)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=500))
def test_parse_range_never_raises_anything_else(body: bytes) -> None:
    try:
        parse_range(body)
    except DamagedInput:
        pass


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text("0123456789ABCDEF", min_size=35, max_size=35), st.integers(0, 10**7), max_size=30), st.sampled_from(["\r\n", "\n"]))
def test_parse_range_reads_what_was_written(table: dict[str, int], newline: str) -> None:
    body = newline.join(f"{k}:{v}" for k, v in table.items()).encode() or b"0" * 35 + b":0"
    assert parse_range(body) == {k: v for k, v in table.items() if v}


def test_requests_go_out_side_by_side(hibp) -> None:
    hibp.state.latency = 0.2
    passwords = [Secret(f"pw-{i}") for i in range(40)]
    lookup = range_counts(make_session(), hibp.url, passwords)
    assert lookup.failed == ()
    assert hibp.state.most_in_flight > 8
