"""DNS logs the fuzzing harness (tests/fuzz) found reported clean although damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.network.checks import Traffic
from cybercheck.pipeline.model import Status
from cybercheck.testing import make_context, run

GOOD = b"Dec  1 10:00:00 pihole-FTL[2201]: query[A] www.google.com from 192.168.1.23\n"


@pytest.mark.parametrize(
    "damaged",
    [
        b"Dec  1 10:00:00 pihole-FTL[2201ded www.go\n",  # cut short and run together
        b"Dec  1 09:00:00 dnsmasqK1]: 17 192.168.1.23/51234 query[A] api.example.com from 192.168.1.23\n",
        b"Dec  1 09:00:00 dnsmasq[1]} 17 192.168.1.23/51234 reply api.example.com is 198.51.100.4\n",
        b"Dec  1 10:00:02 pihole",
        b"Dec  1 10:00:02 pihole-FTL[2201]: ",
        b"Dec  1 09:00:00 dnsiasq[1]: 17 192.168.1.23/51234 query[A] api.example.com from 192.168.1.23\n",
        b"Dec  1 10:00:02 piho[2201]: query[A]\n",
        b"Dec  1 09:00:00 dnsmasq[1]: 17 192.168.1.23/51234(reply api.example.bom is 198.51.100.4\n",
        b"Dec  1 09:00:00 dnsmasq[1]: 17 192.168.1.23/51234 reply api.example.com is!198.51.100.4\n",
        b"Dec  1 09:00:00 dnsmasq[1]: 17 192.168.1.23/51234 forwarded`api.example.com to 1&1.1.1\n",
        b"Dec  1 09:00:00 dnsmasq[1]: 17"
        + b" " * 5000
        + b"192.168.1.23/51234 forwarded a.example.com to 1.1.1.1\n",
        b"Dec  1 10:00:00 pihole-FTL[2201]: forwarded www.google.com to 1#1.1.1\n",
        b"Dec  1 10:00:00 pihole-FTL[2201]: reply www.go#gle.com is 142.250.187.228\n",
        b"Dec  1 09:00:05 dnsma"
        + b"A" * 550_000
        + b"[1]: 18 192.168.1.23/51240 query[A] a.example.com from 192.168.1.23\n",
    ],
    ids=[
        "run-together",
        "program-flipped",
        "colon-flipped",
        "cut-short",
        "cut-after-the-program",
        "program-a-near-miss",
        "program-cut",
        "extra-line-not-a-query",
        "reply-damaged",
        "forwarded-damaged",
        "huge-field",
        "forwarded-to-a-damaged-address",
        "reply-name-damaged",
        "huge-program-name",
    ],
)
def test_a_damaged_dns_line_is_a_gap(tmp_path: Path, damaged: bytes) -> None:
    log = tmp_path / "dns.log"
    log.write_bytes(GOOD + damaged)
    result = run(Traffic, make_context(Traffic.id, inputs={"dnslog": log}, offline=True))
    assert result.status is not Status.CLEAN, result.gaps


def test_another_programs_line_is_not_damage(tmp_path: Path) -> None:
    log = tmp_path / "dns.log"
    log.write_bytes(GOOD + b"Dec  1 00:08:00 router kernel: [1234.5] a line from another program\n")
    result = run(Traffic, make_context(Traffic.id, inputs={"dnslog": log}, offline=True))
    assert result.status is Status.CLEAN, result.gaps


@pytest.mark.parametrize(
    "damaged",
    [
        GOOD.rstrip(b"\n") + b" " + GOOD,  # two lines run together: the second query would be lost
        b"Dec  1 09:00:05 dnsmasq[1]: 18 192.168.1.23/51240 quer\x99\xb2y[HTTPS] family.microsoft.com from 1.2.3.4\n",
        b"Dec  1 09:00:00 dnsmasq[1]: 17 192.168.1.23/\x17\x9a51234 query[A] api.example.com from 192.168.1.23\n",
    ],
    ids=["run-together", "bytes-not-text-in-the-message", "control-character"],
)
def test_a_dnsmasq_line_with_damage_inside_is_a_gap(tmp_path: Path, damaged: bytes) -> None:
    log = tmp_path / "dns.log"
    log.write_bytes(GOOD + damaged)
    result = run(Traffic, make_context(Traffic.id, inputs={"dnslog": log}, offline=True))
    assert result.status is not Status.CLEAN, result.gaps


def test_dnsmasqs_own_other_lines_are_not_damage(tmp_path: Path) -> None:
    log = tmp_path / "dns.log"
    log.write_bytes(
        GOOD
        + b"Dec  1 10:00:00 dnsmasq[2201]: started, version 2.90 cachesize 10000\n"
        + b"Dec  1 10:00:00 dnsmasq[2201]: read /etc/hosts - 7 names\n"
        + b"Dec  1 10:00:01 dnsmasq[2201]: 3 192.168.1.23/5123 forwarded www.google.com to 1.1.1.1\n"
        + b"Dec  1 10:00:01 pihole-FTL[2201]: forwarded www.google.com to 127.0.0.1#5335\n"
        + b"Dec  1 10:00:01 dnsmasq-dhcp[2201]: DHCPACK(eth0) 192.168.1.23 aa:bb:cc:dd:ee:ff phone\n"
    )
    result = run(Traffic, make_context(Traffic.id, inputs={"dnslog": log}, offline=True))
    assert result.status is Status.CLEAN, result.gaps


# --- network.dns: faults from the independent resolvers (tests/fuzz/server_faults.py) -----------------


def _with_faulted_independents(storm: str, dns_server, certificate):  # type: ignore[no-untyped-def]
    """network.dns where this network's DNS hijacks accounts.google.com and both independent resolvers
    (DNS over TLS and over HTTPS) answer every question with the fault `storm`."""
    import random

    import network_dns

    from checks.network.checks import DnsCheck
    from tests.checks.network.conftest import REAL
    from tests.fuzz.server_faults import ENCRYPTED_FAULTS, FaultDoh, FaultDot, Plan

    dns_server.zone.overrides = {"accounts.google.com": {"A": ["45.77.10.20"]}}
    plan = Plan(random.Random(1), ENCRYPTED_FAULTS, storm=storm)
    with (
        FaultDot(network_dns.zone_of(REAL), plan, certificate) as dot,
        FaultDoh(network_dns.zone_of(REAL), plan, certificate) as doh,
    ):
        endpoints = {"doh": doh.doh_url, "dot": f"127.0.0.1:{dot.port}#localhost"}
        context = make_context(
            DnsCheck.id, nameservers=[dns_server.address], endpoints=endpoints, timeout=1.0
        )
        return run(DnsCheck, context)


def test_a_dns_over_tls_answer_cut_off_is_an_unanswered_question_not_a_fault_in_the_check(  # type: ignore[no-untyped-def]
    dns_server, certificate, trust_test_certificate
) -> None:
    result = _with_faulted_independents("truncated", dns_server, certificate)
    assert result.problem is None and result.status is Status.INCOMPLETE, result.problem


def test_independent_resolvers_saying_no_name_exists_leave_a_hijack_unchecked_never_clean(  # type: ignore[no-untyped-def]
    dns_server, certificate, trust_test_certificate
) -> None:
    result = _with_faulted_independents("nxdomain", dns_server, certificate)
    assert result.status is Status.INCOMPLETE, (result.findings, result.gaps)
    assert any("nothing to compare with" in gap and "accounts.google.com A" in gap for gap in result.gaps)


def test_an_independent_resolver_that_dribbles_costs_the_run_one_time_out_not_one_per_question(  # type: ignore[no-untyped-def]
    dns_server, certificate, trust_test_certificate
) -> None:
    import time

    started = time.monotonic()
    result = _with_faulted_independents("dribble", dns_server, certificate)
    assert time.monotonic() - started < 12  # 20 questions at 4 s each would be far past it
    assert result.status is Status.INCOMPLETE


def test_dns_over_https_answers_that_never_end_are_not_held_one_per_question(  # type: ignore[no-untyped-def]
    dns_server, certificate, trust_test_certificate
) -> None:
    """Each answer announces 1 GiB and keeps coming: up to 64 MB each, read for eight questions at once,
    came near 512 MB; a DNS message is never past 65,535 bytes."""
    import tracemalloc

    tracemalloc.start()
    try:
        result = _with_faulted_independents("huge", dns_server, certificate)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status is Status.INCOMPLETE
    assert peak < 32 * 1024**2
