"""identity.lookalike against a DNS server on loopback."""

from __future__ import annotations

import network_dns

from checks.identity.candidates import to_ascii
from checks.identity.checks import Lookalike
from cybercheck.pipeline.model import Status
from cybercheck.testing import make_context, run


def test_registered_lookalikes_are_reported_with_their_records(dns_server) -> None:  # type: ignore[no-untyped-def]
    homoglyph = to_ascii("j\u0430nedoe.net")
    dns_server.zone.records = {
        "janedoe.net": {
            "NS": ["ns1.host.example."],
            "A": ["198.51.100.2"],
        },  # the person's own: never reported
        homoglyph: {"NS": ["ns1.cheap.example."], "A": ["198.51.100.66"], "MX": ["10 mx.cheap.example."]},
        "jane-doe.com": {"NS": ["ns1.other.example."], "AAAA": ["2001:db8::5"]},
        "janedoe.co.uk": {"NS": ["ns1.parked.example."]},
    }
    ctx = make_context(
        Lookalike.id,
        nameservers=[dns_server.address],
        country="GB",
        inputs={"name": "Jane Doe", "domain": "janedoe.net"},
    )
    result = run(Lookalike, ctx)
    assert result.status is Status.FOUND
    found = {f.evidence[0].fields["domain"]: f for f in result.findings}
    assert set(found) == {homoglyph, "jane-doe.com", "janedoe.co.uk"}
    assert found[homoglyph].code == "identity.lookalike.homoglyph-domain"
    assert found[homoglyph].subject == "j\u0430nedoe.net is registered"
    fields = found[homoglyph].evidence[0].fields
    assert fields["addresses (A)"] == "198.51.100.66" and fields["mail servers (MX)"] == "mx.cheap.example"
    assert found["jane-doe.com"].code == "identity.lookalike.name-domain"
    assert found["janedoe.co.uk"].evidence[0].fields["name servers (NS)"] == "ns1.parked.example"
    assert "registered" in result.looked_at[0]
    # a name that does not exist costs one question only
    asked_for_missing = [t for n, t in dns_server.zone.asked if n == "jandoe.net"]
    assert asked_for_missing == ["NS"]


def test_nothing_registered_is_clean(dns_server) -> None:  # type: ignore[no-untyped-def]
    result = run(
        Lookalike,
        make_context(Lookalike.id, nameservers=[dns_server.address], inputs={"username": "sam_example"}),
    )
    assert result.status is Status.CLEAN and result.looked_at


def test_a_resolver_that_invents_answers_is_not_believed(dns_server) -> None:  # type: ignore[no-untyped-def]
    dns_server.zone.behaviour = "rewrite"
    result = run(
        Lookalike,
        make_context(Lookalike.id, nameservers=[dns_server.address], inputs={"name": "Sam Example"}),
    )
    assert result.findings == () and result.status is Status.INCOMPLETE
    assert any("do not exist" in g for g in result.gaps)


def test_a_silent_resolver_means_not_run() -> None:
    silent = network_dns.DnsServer(network_dns.Zone(behaviour="timeout"))
    try:
        result = run(
            Lookalike,
            make_context(Lookalike.id, nameservers=[silent.address], timeout=0.3, inputs={"username": "sam"}),
        )
    finally:
        silent.close()
    assert result.status is Status.NOT_RUN and "no internet" in result.unmet[0]


def test_offline_and_without_inputs_it_is_not_run(dns_server) -> None:  # type: ignore[no-untyped-def]
    offline = run(
        Lookalike,
        make_context(Lookalike.id, nameservers=[dns_server.address], offline=True, inputs={"name": "Sam"}),
    )
    assert offline.status is Status.NOT_RUN and dns_server.zone.asked == []
    assert (
        run(Lookalike, make_context(Lookalike.id, nameservers=[dns_server.address])).status is Status.NOT_RUN
    )
