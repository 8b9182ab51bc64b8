"""The traffic judgement on records: indicator matches (stalkerware and watchware kept apart) and
TinyCheck's heuristics."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from checks.network.judge.traffic import judge_traffic
from checks.network.records import Destination, HttpRequest, NameSighting, ServerCertificate, TrafficRead
from cybercheck.indicators.load import load_indicators
from cybercheck.pipeline.model import Severity

WHEN = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def indicators():  # type: ignore[no-untyped-def]
    return load_indicators()


def capture(**kwargs) -> TrafficRead:  # type: ignore[no-untyped-def]
    kwargs.setdefault("names", (NameSighting("www.example.com", "dns", 1, WHEN, WHEN, ("198.51.100.1",)),))
    return TrafficRead(source="pcap capture t", kind="capture", **kwargs)


def test_stalkerware_server_subdomain_and_address(indicators) -> None:  # type: ignore[no-untyped-def]
    read = capture(
        names=(
            NameSighting("x.media-sync-a100.thetruthspy.com", "tls", 3, WHEN, WHEN, ("203.0.113.50",), ("192.168.1.23",)),
            NameSighting("www.example.com", "dns", 1),
        ),
    )
    (finding,) = list(judge_traffic(read, indicators))
    assert finding.code == "network.traffic.stalkerware" and finding.severity is Severity.URGENT
    assert finding.subject.startswith("TheTruthSpy: ")
    fields = finding.evidence[0].fields
    assert fields["matched indicator"] == "domain media-sync-a100.thetruthspy.com"
    assert fields["device on this network"] == "192.168.1.23"


def test_an_indicator_address_without_a_name(indicators) -> None:  # type: ignore[no-untyped-def]
    address = next(ip for ip, threat in indicators.ips.items() if threat.kind.value == "stalkerware")
    read = capture(destinations=(Destination(address, 443, "tcp", 10, 500, 900, WHEN, WHEN, (WHEN.timestamp(),), ("x.invalid",)),))
    codes = [f.code for f in judge_traffic(read, indicators)]
    assert "network.traffic.stalkerware" in codes


def test_watchware_is_kept_apart(indicators) -> None:  # type: ignore[no-untyped-def]
    read = capture(names=(NameSighting("location.family.microsoft.com", "dns", 1), NameSighting("family.microsoft.com", "http", 1)))
    found = {f.code: f for f in judge_traffic(read, indicators)}
    assert set(found) == {"network.traffic.watchware", "network.traffic.watchware-website"}
    assert found["network.traffic.watchware"].severity < Severity.HIGH


def test_a_sellers_shop_is_a_website_even_when_listed_as_a_server(indicators) -> None:  # type: ignore[no-untyped-def]
    read = capture(names=(NameSighting("www.mspy.com", "dns", 1),))
    assert [f.code for f in judge_traffic(read, indicators)] == ["network.traffic.stalkerware-website"]


def test_dynamic_dns(indicators) -> None:  # type: ignore[no-untyped-def]
    read = capture(names=(NameSighting("home.duckdns.org", "dns", 2), NameSighting("duckdns.org", "dns", 1)))
    (finding,) = list(judge_traffic(read, indicators))
    assert finding.code == "network.traffic.dynamic-dns" and "home.duckdns.org" in finding.subject


def test_beaconing_to_a_rare_host_but_not_to_a_big_provider(indicators) -> None:  # type: ignore[no-untyped-def]
    start = WHEN.timestamp()
    steady = tuple(start + 300 * i + (3 if i % 2 else -2) for i in range(8))
    read = capture(
        destinations=(
            Destination("198.51.100.7", 443, "tcp", 80, 40_000, 2_000, WHEN, WHEN, steady, ("sync.rare.example",)),
            Destination("142.250.1.1", 443, "tcp", 80, 4_000, 2_000, WHEN, WHEN, steady, ("mail.google.com",)),
            Destination("198.51.100.8", 443, "tcp", 80, 400, 2_000, WHEN, WHEN,
                        tuple(start + t for t in (0, 40, 300, 310, 900, 2000, 2100)), ("irregular.example",)),
        ),
    )
    beacons = [f for f in judge_traffic(read, indicators) if f.code == "network.traffic.beaconing"]
    assert [f.subject for f in beacons] == ["sync.rare.example: contacted every 5 minutes, 8 times"]


def test_addresses_never_looked_up(indicators) -> None:  # type: ignore[no-untyped-def]
    started = (WHEN.timestamp(), WHEN.timestamp() + 2 * 3600)  # new connections for two hours
    read = capture(
        destinations=(
            Destination("198.51.100.1", 443, "tcp", 5, 10, 10, WHEN, WHEN, started),  # looked up
            Destination("198.51.100.99", 8443, "tcp", 5, 10, 10, WHEN, WHEN, started),  # never looked up
            Destination("198.51.100.98", 443, "tcp", 5, 10, 10, WHEN, WHEN, started, ("named.example",)),  # has an SNI
            Destination("198.51.100.97", 3478, "udp", 5, 10, 10, WHEN, WHEN, started),  # UDP: calls do this
        ),
    )
    (finding,) = [f for f in judge_traffic(read, indicators) if f.code == "network.traffic.unnamed-address"]
    assert [e.fields["address"] for e in finding.evidence] == ["198.51.100.99"]
    # without any lookups in the capture, nothing is flagged (the phone may use encrypted DNS)
    assert not list(judge_traffic(capture(names=(), destinations=read.destinations), indicators))


def test_a_short_capture_of_an_app_already_running_raises_nothing(indicators) -> None:  # type: ignore[no-untyped-def]
    """KakaoTalk, 47 s: its servers were looked up before the capture began (tests/realworld)."""
    start = WHEN.timestamp()
    read = capture(
        destinations=(
            Destination("103.246.57.251", 5223, "tcp", 40, 4_000, 9_000, WHEN, WHEN, (start, start + 30)),
            Destination("173.252.97.2", 443, "tcp", 20, 2_000, 5_000, WHEN, WHEN, (start + 12,)),
        ),
    )
    assert [f.code for f in judge_traffic(read, indicators)] == []


def test_plain_uploads_but_not_certificate_checks(indicators) -> None:  # type: ignore[no-untyped-def]
    read = capture(
        http=(
            HttpRequest("up.example.org", "POST", "/u", 120, "198.51.100.3", 80, WHEN, "application/json"),
            HttpRequest("ocsp.example.com", "POST", "/", 80, "198.51.100.4", 80, WHEN, "application/ocsp-request"),
            HttpRequest("site.example.org", "GET", "/", 0, "198.51.100.5", 80, WHEN),
        ),
    )
    (finding,) = list(judge_traffic(read, indicators))
    assert finding.code == "network.traffic.plain-http-upload" and finding.subject == "up.example.org: 1 unencrypted uploads, 120 bytes"


def test_certificates(indicators) -> None:  # type: ignore[no-untyped-def]
    read = capture(
        certificates=(
            ServerCertificate("198.51.100.9", 443, "panel.example.net", "CN=panel", "CN=panel", True, WHEN),
            ServerCertificate("198.51.100.9", 443, "files.example.net", "CN=files.example.net", "C=US, O=Let's Encrypt, CN=R11", False, WHEN),
            ServerCertificate("142.250.1.1", 443, "accounts.google.com", "CN=x", "CN=x", True, WHEN),  # not rare
            ServerCertificate("198.51.100.9", 443, "ok.example.net", "CN=ok", "O=Some CA", False, WHEN),
        ),
    )
    found = sorted((f.code, f.severity) for f in judge_traffic(read, indicators))
    assert found == [("network.traffic.free-certificate", Severity.INFO), ("network.traffic.self-signed-certificate", Severity.LOW)]


def test_home_made_certificates_on_this_device_or_its_own_network_are_no_finding(indicators) -> None:  # type: ignore[no-untyped-def]
    """ntopng's own page on 127.0.0.1 (tests/realworld), a router, a remote-desktop peer on the LAN."""
    read = capture(
        certificates=(
            ServerCertificate("127.0.0.1", 3001, "localhost", "CN=ntop", "CN=ntop", True, WHEN),
            ServerCertificate("::1", 8443, "", "CN=me", "CN=me", True, WHEN),
            ServerCertificate("192.168.1.1", 443, "", "CN=router", "CN=router", True, WHEN),
            ServerCertificate("10.0.0.20", 3389, "", "CN=DESKTOP-1", "CN=DESKTOP-1", True, WHEN),
            ServerCertificate("fe80::1%eth0", 443, "", "CN=printer", "CN=printer", True, WHEN),
        ),
    )
    assert list(judge_traffic(read, indicators)) == []


def test_ordinary_traffic_finds_nothing(indicators) -> None:  # type: ignore[no-untyped-def]
    assert list(judge_traffic(capture(), indicators)) == []
