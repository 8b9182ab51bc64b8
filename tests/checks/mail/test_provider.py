"""mail.provider against a local DNS server: MX, SPF and DMARC; NXDOMAIN, time-outs, malformed TXT."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from checks.mail.checks import MailProvider
from checks.mail.providers import provider_of
from checks.mail.sources.dns import lookup_domain
from cybercheck.net import make_resolver
from cybercheck.pipeline.model import Severity, Status
from cybercheck.testing import run
from tests.servers.mail_dns import DNSServer, Zone


@pytest.fixture
def dns_server() -> Iterator[DNSServer]:
    zone = Zone(
        records={
            ("gmail.com", "MX"): ["5 gmail-smtp-in.l.google.com."],
            ("family.example", "MX"): ["1 smtp.google.com."],
            ("family.example", "TXT"): [
                '"v=spf1 include:_spf.google.com ~all"',
                '"google-site-verification=abc"',
            ],
            ("_dmarc.family.example", "TXT"): ['"v=DMARC1; p=none; rua=mailto:d@family.example"'],
            ("open.example", "MX"): ["10 mx.selfhosted.example."],
            ("open.example", "TXT"): ['"v=spf1 +all"'],
            ("work.example", "MX"): ["0 work-example.mail.protection.outlook.com."],
            ("work.example", "TXT"): [b"v=spf1 \xff\xfe -all", b"\x00\x01garbage"],
            ("_dmarc.work.example", "TXT"): ['"v=DMARC1; p=reject"', '"v=DMARC1; p=none"'],
        },
        nxdomain={"nowhere.example", "_dmarc.open.example"},
        silent={"slow.example"},
    )
    with DNSServer(zone) as server:
        yield server


def _run(server: DNSServer, **kwargs):  # type: ignore[no-untyped-def]
    return run(MailProvider, nameservers=[server.address], timeout=1.0, **kwargs)


def test_a_gmail_address_points_at_the_gmail_checks(dns_server: DNSServer) -> None:
    result = _run(dns_server, inputs={"owner": "sam@gmail.com"})
    assert result.status is Status.CLEAN
    assert "Google" in result.looked_at[0] and "mail.gmail" in result.looked_at[0]


def test_an_owned_domain_with_a_watching_dmarc_policy(dns_server: DNSServer) -> None:
    result = _run(dns_server, inputs={"owner": "sam@family.example", "own-domain": "family.example"})
    assert [(f.code, f.severity) for f in result.findings] == [
        ("mail.domain.dmarc-monitor-only", Severity.LOW)
    ]
    assert "SPF and DMARC records read" in result.looked_at[0]


def test_the_owner_question_decides_whether_spf_and_dmarc_are_read(dns_server: DNSServer) -> None:
    question = "Is open.example your own domain (one you or your business pay for), not a mail provider's?"
    result = _run(dns_server, inputs={"owner": "sam@open.example"}, answers={question: "yes"})
    assert sorted(f.code for f in result.findings) == [
        "mail.domain.no-dmarc",
        "mail.domain.spf-allows-anyone",
    ]
    assert "the check of filters kept on the mail server applies" in result.looked_at[0]
    result = _run(dns_server, inputs={"owner": "sam@open.example"}, answers={question: "no"})
    assert result.findings == ()


def test_malformed_txt_and_two_dmarc_records(dns_server: DNSServer) -> None:
    result = _run(dns_server, inputs={"domain": "work.example", "own-domain": "work.example"})
    assert [f.code for f in result.findings] == ["mail.domain.dmarc-broken"]
    assert "Microsoft" in result.looked_at[0]


def test_nxdomain_and_time_outs_are_gaps(dns_server: DNSServer) -> None:
    result = _run(dns_server, inputs={"owner": ["sam@nowhere.example", "sam@slow.example"]})
    assert result.status is Status.INCOMPLETE
    assert any("does not exist" in gap for gap in result.gaps)
    assert any("did not answer in time" in gap for gap in result.gaps)


def test_lookups_without_a_context(dns_server: DNSServer) -> None:
    found = lookup_domain(make_resolver((dns_server.address,), timeout=1.0), "family.example", owned=True)
    assert found.mx == ("smtp.google.com",)
    assert found.spf == ("v=spf1 include:_spf.google.com ~all",)
    assert provider_of(found.mx).checks == ("mail.gmail", "mail.takeout")  # type: ignore[union-attr]
