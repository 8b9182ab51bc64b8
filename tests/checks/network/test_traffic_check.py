"""network.traffic as the runner runs it: inputs, coverage, gaps, the demo and its documentation."""

from __future__ import annotations

import io
import re
from pathlib import Path

import netcapture_writer as w

from checks.network.checks import Traffic
from cybercheck.advice import all_advice
from cybercheck.pipeline.model import Status
from cybercheck.testing import make_context, run

ROOT = Path(__file__).parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "network"
EXAMPLE = ROOT / "checks" / "network" / "examples" / "phone-capture.pcapng"
CODES = {
    "network.dns.private-answer", "network.dns.blocked", "network.dns.answer-differs", "network.dns.mail-differs",
    "network.dns.missing-answer", "network.dns.nxdomain-rewriting",
    "network.traffic.stalkerware", "network.traffic.watchware", "network.traffic.stalkerware-website",
    "network.traffic.watchware-website", "network.traffic.dynamic-dns", "network.traffic.beaconing",
    "network.traffic.unnamed-address", "network.traffic.plain-http-upload",
    "network.traffic.self-signed-certificate", "network.traffic.free-certificate",
    "identity.lookalike.homoglyph-domain", "identity.lookalike.typo-domain", "identity.lookalike.other-ending",
    "identity.lookalike.name-domain", "identity.lookalike.username-domain",
}


def test_every_code_has_advice_and_every_code_is_emitted_somewhere() -> None:
    assert CODES <= set(all_advice())
    source = "".join(p.read_text(encoding="utf-8") for folder in ("network", "identity") for p in (ROOT / "checks" / folder).rglob("*.py"))
    for code in CODES:
        assert code in source or code.rsplit(".", 1)[1] in source, code
    written = {c for c in all_advice() if c.startswith(("network.", "identity."))}
    assert written == CODES  # no advice for codes that are never emitted


def test_demo_example_finds_the_stalkerware_server_offline() -> None:
    result = run(Traffic, make_context(Traffic.id, inputs={"pcap": EXAMPLE}, offline=True))
    assert result.status is Status.FOUND
    assert [f.code for f in result.findings] == ["network.traffic.stalkerware"]
    assert "media-sync-a100.thetruthspy.com" in result.findings[0].subject
    assert result.looked_at and "16 packets" in result.looked_at[0]
    assert Traffic.example_inputs == {"pcap": "examples/phone-capture.pcapng"}


def test_a_clean_capture_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "clean.pcap"
    with path.open("wb") as handle:
        writer = w.PcapWriter(handle)
        writer.packet(1e9, w.udp_frame("192.168.1.2", "192.168.1.1", 5000, 53, w.dns_query("www.example.com")))
    result = run(Traffic, make_context(Traffic.id, inputs={"pcap": path}))
    assert result.status is Status.CLEAN and "1 names looked up" in result.looked_at[0]


def test_damaged_packets_make_it_incomplete(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = w.PcapWriter(buffer)
    writer.packet(1e9, w.udp_frame("192.168.1.2", "192.168.1.1", 5000, 53, w.dns_query("www.example.com")))
    writer.packet(1e9, w.udp_frame("192.168.1.2", "192.168.1.1", 5000, 53, b"junk"))
    path = tmp_path / "damaged.pcap"
    path.write_bytes(buffer.getvalue()[:-3])
    result = run(Traffic, make_context(Traffic.id, inputs={"pcap": path}))
    assert result.status is Status.INCOMPLETE
    assert any("ends in the middle" in g for g in result.gaps)


def test_a_file_that_is_not_a_capture_is_a_plain_failure(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    result = run(Traffic, make_context(Traffic.id, inputs={"pcap": path}))
    assert result.status is Status.FAILED and "not a packet capture" in result.gaps[0] + result.problem.plain


def test_dns_log_and_capture_together() -> None:
    result = run(Traffic, make_context(Traffic.id, inputs={"pcap": EXAMPLE, "dnslog": FIXTURES / "pihole.log"}))
    assert {f.code for f in result.findings} == {"network.traffic.stalkerware", "network.traffic.stalkerware-website"}
    assert len(result.looked_at) == 2 and "router's own clock" in result.looked_at[1]


def test_without_inputs_it_is_not_run() -> None:
    result = run(Traffic, make_context(Traffic.id))
    assert result.status is Status.NOT_RUN and "pcap" in result.unmet[0]


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("`", "")).strip()


def test_the_capture_advice_is_the_same_in_the_readme_and_in_checks_show() -> None:
    doc = Traffic.about
    howto = _words(doc[doc.index("How to make a capture safely.") :])
    assert "15 to 30 minutes" in howto and "tcpdump" in howto and "Wireshark" in howto
    readme = _words((ROOT / "README.md").read_text(encoding="utf-8"))
    assert howto in readme
