"""Property tests: the capture, DNS, TLS and log parsers meet damaged input with a clear error or a
partial read, never another exception or a hang."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import netcapture_writer as w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.network.sources import dnswire, tls
from checks.network.sources.capture import read_buffer
from checks.network.sources.dnslog import parse_dnslog
from checks.network.sources.system_dns import linux_resolver, windows_resolver
from cybercheck.errors import DamagedInput

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _sample(order: str, pcapng: bool) -> bytes:
    buffer = io.BytesIO()
    writer = (w.PcapngWriter if pcapng else w.PcapWriter)(buffer, order=order)
    writer.packet(1e9, w.udp_frame("192.168.1.2", "192.168.1.1", 5000, 53, w.dns_query("a.example.com")))
    writer.packet(1e9, w.udp_frame("192.168.1.1", "192.168.1.2", 53, 5000, w.dns_response("a.example.com", ["198.51.100.1"], cname="b.example")))
    hello = w.client_hello("tls.example.org", padding=300)
    writer.packet(1e9, w.tcp_frame("192.168.1.2", "198.51.100.1", 4000, 443, hello[:200], seq=1))
    writer.packet(1e9, w.tcp_frame("192.168.1.2", "198.51.100.1", 4000, 443, hello[200:], seq=201))
    writer.packet(1e9, w.tcp_frame("192.168.1.2", "198.51.100.1", 4001, 80, w.http_request("POST", "h.example", "/", b"abc"), seq=1))
    writer.packet(1e9, w.tcp_frame("198.51.100.1", "192.168.1.2", 443, 4000, w.server_flight(b"\x30\x03\x02\x01\x00"), seq=1))
    return buffer.getvalue()


SAMPLES = [_sample(o, n) for o in "<>" for n in (False, True)]


def _read(data: bytes) -> None:
    try:
        read = read_buffer(data, source="fuzz")
    except DamagedInput:
        return
    assert read.items >= 0 and all(n.name for n in read.names)


@FAST
@given(st.sampled_from(SAMPLES), st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=12), st.integers(0, 10_000))
def test_damaged_captures(sample: bytes, flips: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(sample)
    for position, value in flips:
        data[position % len(data)] = value
    _read(bytes(data[: max(4, len(data) - cut % len(data))]))


@FAST
@given(st.sampled_from([s[:24] for s in SAMPLES[:2]] + [s[:48] for s in SAMPLES[2:]]), st.binary(max_size=2000))
def test_random_records_after_a_real_header(header: bytes, tail: bytes) -> None:
    _read(header + tail)


@FAST
@given(st.binary(max_size=600))
def test_random_bytes_are_refused_or_read(data: bytes) -> None:
    _read(data)


@FAST
@given(st.binary(max_size=600))
def test_dns_messages(data: bytes) -> None:
    try:
        message = dnswire.parse_message(data)
    except dnswire.BadMessage:
        return
    assert all(isinstance(name, str) for name, _ in message.questions)


@FAST
@given(st.binary(max_size=800), st.integers(0, 2))
def test_tls_records(data: bytes, prefix: int) -> None:
    head = [b"", b"\x16\x03\x01" + len(data).to_bytes(2, "big"), b"\x16\x03\x03\x00\x10\x0b"][prefix]
    try:
        tls.client_hello_sni(head + data)
    except tls.BadHandshake:
        pass
    try:
        tls.certificate_names(data)
    except tls.BadHandshake:
        pass
    for _, body in tls.handshake_messages(head + data):
        try:
            tls.server_hello_is_legacy(body)
            tls.first_certificate(body)
        except tls.BadHandshake:
            pass


LOG_LINES = st.sampled_from([
    "Dec  1 10:00:00 dnsmasq[1]: query[A] a.example.com from 192.168.1.2",
    "Dec  1 10:00:00 dnsmasq[1]: reply a.example.com is 198.51.100.1",
    "Feb 30 25:61:00 dnsmasq[1]: query[A] b.example.com from x",
    "Dec  1 10:00:00 pihole-FTL[1]: gravity blocked c.example.com is 0.0.0.0",
    "0.0.0.0 d.example.com",
])


@FAST
@given(st.lists(st.one_of(LOG_LINES, st.text(max_size=80)), max_size=30))
def test_dns_logs(lines: list[str]) -> None:
    try:
        read = parse_dnslog("\n".join(lines), source="fuzz", now=datetime(2026, 12, 1, tzinfo=timezone.utc))
    except DamagedInput:
        return
    assert all(n.name and n.count >= 1 for n in read.names)


@FAST
@given(st.text(max_size=400))
def test_resolver_files(text: str) -> None:
    linux_resolver(text, source="fuzz")
    windows_resolver(text)
