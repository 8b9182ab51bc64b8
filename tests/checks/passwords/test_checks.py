"""The three password checks, run the way the runner runs them, against the loopback stand-in."""

from __future__ import annotations

from pathlib import Path

from checks.passwords.checks import BreachedAccounts, PwnedPasswords, ReusedPasswords
from checks.passwords.hashing import sha1_hex
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.model import Severity, Status
from cybercheck.net import make_session
from cybercheck.secrets import Secret
from cybercheck.testing import make_env, run
from tests.servers.passwords_hibp import AccountReply, breach

KEY = "0123456789abcdef0123456789abcdef"


def test_pwned_reads_an_export_and_names_entries_by_site(hibp, fixture_path: Path) -> None:
    hibp.state.add_passwords({"Tulip-hedge-42": 250})
    result = run(PwnedPasswords, inputs={"passwords": fixture_path / "bitwarden.csv"}, endpoints={"pwned": hibp.url})
    assert result.status is Status.FOUND
    (finding,) = result.findings
    assert finding.code == "passwords.pwned.seen"
    assert finding.severity is Severity.HIGH  # seen often, reused, and on an email account
    assert "mail.example.com (alice@example.com)" in finding.subject and "250" in finding.subject
    assert {e.fields.get("site") for e in finding.evidence[1:]} == {"mail.example.com", "shop.example"}
    assert any("recognised as a Bitwarden (CSV) export" in line for line in result.looked_at)
    assert any("1 different password checked" in line for line in result.looked_at)
    assert len(hibp.state.range_paths()) == 1


def test_pwned_asks_at_a_hidden_prompt_until_an_empty_answer(hibp) -> None:
    hibp.state.add_passwords({"hunter2": 17})
    env = make_env(hidden=["hunter2", "not-in-any-list-3141", ""], endpoints={"pwned": hibp.url})
    result = run(PwnedPasswords, Context(env, PwnedPasswords.id))
    assert [f.subject for f in result.findings] == ["Password 1 of the ones you typed has been seen 17 times in breaches"]
    assert result.findings[0].severity is Severity.MEDIUM
    assert len(env.asker.asked) == 3
    assert result.looked_at[0] == "2 passwords typed at a hidden prompt"


def test_pwned_is_not_run_when_nobody_can_type_and_no_export_is_given(hibp) -> None:
    result = run(PwnedPasswords, endpoints={"pwned": hibp.url})
    assert result.status is Status.NOT_RUN
    assert "--input passwords=FILE" in result.unmet[0]
    assert hibp.state.seen == []


def test_pwned_offline_without_a_corpus_is_not_run(fixture_path: Path) -> None:
    result = run(PwnedPasswords, inputs={"passwords": fixture_path / "chrome.csv"}, offline=True)
    assert result.status is Status.NOT_RUN
    assert "pwned-corpus" in result.unmet[0]


def test_pwned_offline_with_a_corpus_sends_nothing(tmp_path: Path, fixture_path: Path, sorted_corpus) -> None:
    corpus = sorted_corpus(tmp_path / "pwned.txt", {sha1_hex(Secret("Orchid#77")): 4, "F" * 40: 1})
    result = run(
        PwnedPasswords,
        inputs={"passwords": fixture_path / "chrome.csv", "pwned-corpus": corpus},
        offline=True,
    )
    assert result.status is Status.FOUND
    (finding,) = result.findings
    assert "bank.example (alice)" in finding.subject and "com.example.app (alice)" in finding.subject
    assert "searched offline" in finding.evidence[0].source


def test_pwned_with_a_failed_range_is_incomplete_and_names_what_was_not_checked(hibp, fixture_path: Path) -> None:
    hibp.state.range_faults[sha1_hex(Secret("Orchid#77"))[:5]] = (503, b"busy")
    env = make_env(inputs={"passwords": fixture_path / "chrome.csv"}, endpoints={"pwned": hibp.url})
    env._http = make_session(retries=0)
    result = run(PwnedPasswords, Context(env, PwnedPasswords.id))
    assert result.status is Status.INCOMPLETE
    assert "bank.example (alice)" in result.gaps[0] and "not known" in result.gaps[0]


def test_pwned_damaged_export_fails_with_a_plain_message(tmp_path: Path) -> None:
    bad = tmp_path / "export.csv"
    bad.write_bytes(b"\x00\x01garbage")
    result = run(PwnedPasswords, inputs={"passwords": bad})
    assert result.status is Status.FAILED
    assert "not a text file" in result.problem.plain


def test_reuse_finds_shared_similar_and_weak_passwords(tmp_path: Path) -> None:
    export = tmp_path / "chrome.csv"
    export.write_text(
        "name,url,username,password,note\n"
        "mail,https://mail.google.com,alice@gmail.com,Tulip-hedge-42,\n"
        "shop,https://shop.example,alice,Tulip-hedge-42,\n"
        "bank,https://bank.example,alice,Marigold-Lantern2023!,\n"
        "club,https://club.example,alice,Marigold-Lantern2024!,\n"
        "forum,https://forum.example,al,password1,\n"
        "solo,https://solo.example,al,k8#Vq2!mZr9@Lp4w,\n"
    )
    result = run(ReusedPasswords, inputs={"passwords": export})
    codes = sorted(f.code for f in result.findings)
    assert codes == ["passwords.reuse.same", "passwords.reuse.similar", "passwords.reuse.weak"]
    same = next(f for f in result.findings if f.code == "passwords.reuse.same")
    assert same.severity is Severity.HIGH  # one of them is an email account
    similar = next(f for f in result.findings if f.code == "passwords.reuse.similar")
    assert "bank.example (alice)" in similar.subject and "club.example (alice)" in similar.subject
    weak = next(f for f in result.findings if f.code == "passwords.reuse.weak")
    assert "forum.example (al)" in weak.subject
    assert weak.evidence[0].fields["hint"]
    assert any("zxcvbn" in line for line in result.looked_at)


def test_reuse_needs_an_export() -> None:
    result = run(ReusedPasswords)
    assert result.status is Status.NOT_RUN
    assert "--input passwords=FILE" in result.unmet[0]


def _accounts_run(hibp, emails, *, key: str = KEY, retries: int = 3):  # type: ignore[no-untyped-def]
    env = make_env(inputs={"email": emails}, secrets={"hibp": key}, endpoints={"hibp": hibp.accounts_url})
    env._http = make_session(retries=retries, timeout=5)
    return run(BreachedAccounts, Context(env, BreachedAccounts.id))


def test_breached_accounts_200_and_404(hibp) -> None:
    hibp.state.accounts["alice@example.com"] = AccountReply(
        200,
        [
            breach("Adobe", BreachDate="2013-10-04", DataClasses=["Email addresses", "Password hints", "Passwords"]),
            breach("SpamListX", IsSpamList=True, DataClasses=["Email addresses"]),
            breach("Quiz", DataClasses=["Email addresses", "Names"]),
        ],
    )
    result = _accounts_run(hibp, ["alice@example.com", "nobody@example.com"])
    assert result.status is Status.FOUND
    by_code = {(f.code, f.severity) for f in result.findings}
    assert by_code == {
        ("passwords.breach.found", Severity.HIGH),
        ("passwords.breach.low-concern", Severity.INFO),
        ("passwords.breach.found", Severity.LOW),
    }
    adobe = next(f for f in result.findings if "Adobe" in f.subject)
    assert adobe.subject == "alice@example.com was in the Adobe breach (October 2013)"
    assert adobe.evidence[0].fields["data lost"] == "Email addresses, Password hints, Passwords"
    assert result.looked_at == ("2 email addresses looked up in Have I Been Pwned; 3 breaches found",)
    paths = [s.path for s in hibp.state.seen]
    assert paths == [
        "/api/v3/breachedaccount/alice%40example.com?truncateResponse=false",
        "/api/v3/breachedaccount/nobody%40example.com?truncateResponse=false",
    ]
    assert all(s.headers.get("hibp-api-key") == KEY for s in hibp.state.seen)


def test_breached_accounts_none_found_is_clean(hibp) -> None:
    result = _accounts_run(hibp, ["nobody@example.com"])
    assert result.status is Status.CLEAN


def test_breached_accounts_bad_key_fails_plainly(hibp) -> None:
    result = _accounts_run(hibp, ["alice@example.com", "bob@example.com"], key="wrong")
    assert result.status is Status.FAILED
    assert "did not accept your API key" in result.problem.plain
    assert "cybercheck login hibp" in result.problem.plain
    assert len(hibp.state.seen) == 1  # a refused key stops at once


def test_breached_accounts_429_waits_as_told_and_carries_on(hibp) -> None:
    hibp.state.accounts["alice@example.com"] = AccountReply(
        429, retry_after=1, times=1, then=AccountReply(200, [breach("Adobe")])
    )
    result = _accounts_run(hibp, ["alice@example.com", "nobody@example.com"])
    assert result.status is Status.FOUND
    assert [s.path.split("/")[-1].split("?")[0] for s in hibp.state.seen] == [
        "alice%40example.com",
        "alice%40example.com",
        "nobody%40example.com",
    ]


def test_breached_accounts_503_leaves_a_gap_and_carries_on(hibp) -> None:
    hibp.state.accounts["alice@example.com"] = AccountReply(503)
    hibp.state.accounts["bob@example.com"] = AccountReply(200, [breach("Adobe")])
    result = _accounts_run(hibp, ["alice@example.com", "bob@example.com"], retries=0)
    assert result.status is Status.FOUND
    assert result.gaps and result.gaps[0].startswith("alice@example.com was not checked")
    assert "bob@example.com" in result.findings[0].subject


def test_breached_accounts_without_a_key_is_not_run_and_says_it_is_optional(hibp) -> None:
    result = run(BreachedAccounts, inputs={"email": "alice@example.com"}, endpoints={"hibp": hibp.accounts_url})
    assert result.status is Status.NOT_RUN
    assert "optional" in result.unmet[0] and "cybercheck login hibp" in result.unmet[0]
    assert hibp.state.seen == []


def test_breached_accounts_uses_owner_addresses_and_skips_non_addresses(hibp) -> None:
    env = make_env(inputs={"owner": ["Alice@Example.com", "+44 7700 900123"]}, secrets={"hibp": KEY}, endpoints={"hibp": hibp.accounts_url})
    result = run(BreachedAccounts, Context(env, BreachedAccounts.id))
    assert result.status is Status.CLEAN
    assert [s.path.split("?")[0] for s in hibp.state.seen] == ["/api/v3/breachedaccount/alice%40example.com"]


def test_sensitive_breach_keeps_its_name_out_of_the_headline(hibp) -> None:
    hibp.state.accounts["alice@example.com"] = AccountReply(200, [breach("SecretSite", IsSensitive=True)])
    result = _accounts_run(hibp, ["alice@example.com"])
    (finding,) = result.findings
    assert "SecretSite" not in finding.subject
    assert finding.evidence[0].fields["breach"] == "SecretSite"


def test_breached_accounts_garbled_answer_is_a_gap(hibp) -> None:
    hibp.state.accounts["alice@example.com"] = AccountReply(200, raw=b"<html>You have been blocked</html>")
    result = _accounts_run(hibp, ["alice@example.com"])
    assert result.status is Status.INCOMPLETE
    assert "could not understand" in result.gaps[0]


def test_not_run_inside_a_broad_scan_does_not_count_against_the_scan() -> None:
    from cybercheck.pipeline.plugins import installed_checks
    from cybercheck.pipeline.scheduler import run_all

    (entry,) = [e for e in installed_checks() if e.id == PwnedPasswords.id]
    (broad,) = run_all([(entry, False)], make_env()).results
    (named,) = run_all([(entry, True)], make_env()).results
    assert broad.status is Status.NOT_RUN and not broad.selected
    assert named.status is Status.NOT_RUN and named.selected


def test_the_demo_runs_both_export_checks_offline() -> None:
    from cybercheck.demo import demo_env, demo_plan
    from cybercheck.pipeline.scheduler import run_all

    plan, inputs = demo_plan()
    ours = [(entry, explicit) for entry, explicit in plan if entry.id.startswith("passwords.")]
    assert sorted(e.id for e, _ in ours) == ["passwords.pwned", "passwords.reuse"]
    results = {r.check_id: r for r in run_all(ours, demo_env(inputs, "GB")).results}
    assert results["passwords.pwned"].status is Status.FOUND
    assert "searched offline" in results["passwords.pwned"].findings[0].evidence[0].source
    assert {f.code for f in results["passwords.reuse"].findings} == {
        "passwords.reuse.same", "passwords.reuse.similar", "passwords.reuse.weak",
    }
    assert results["passwords.reuse"].complete
    # the demo's list is a thousand-line excerpt: the passwords not in it are a gap, never clean
    assert any("only part of the list" in gap for gap in results["passwords.pwned"].gaps)
