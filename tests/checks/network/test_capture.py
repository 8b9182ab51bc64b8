"""The capture reader on pcap and pcapng files written here: both byte orders, DNS over UDP and
TCP, TLS server names (also split over segments), TLS 1.2 certificates, HTTP, and damage."""

from __future__ import annotations

import io
import struct
import subprocess
from pathlib import Path

import netcapture_writer as w
import pytest

from checks.network.sources.capture import read_buffer, read_capture
from cybercheck.errors import DamagedInput

PHONE, ROUTER, SERVER, SERVER6, PHONE6 = "192.168.43.17", "192.168.43.1", "203.0.113.9", "2001:db8::9", "fd00::17"
WRITERS = [
    pytest.param(w.PcapWriter, {"order": "<"}, id="pcap-little"),
    pytest.param(w.PcapWriter, {"order": ">"}, id="pcap-big"),
    pytest.param(w.PcapWriter, {"order": "<", "nanos": True}, id="pcap-nanoseconds"),
    pytest.param(w.PcapngWriter, {"order": "<"}, id="pcapng-little"),
    pytest.param(w.PcapngWriter, {"order": ">"}, id="pcapng-big"),
    pytest.param(w.PcapngWriter, {"order": "<", "tsresol": 9}, id="pcapng-nanoseconds"),
]
T0 = 1_764_583_200.0


def mixed(writer) -> None:  # type: ignore[no-untyped-def]
    """DNS over UDP and TCP, TLS (one and two segments), HTTP, IPv6."""
    writer.packet(T0, w.udp_frame(PHONE, ROUTER, 5000, 53, w.dns_query("Udp.Example.COM", ident=1)))
    writer.packet(T0 + 0.1, w.udp_frame(ROUTER, PHONE, 53, 5000, w.dns_response("udp.example.com", [SERVER], 1, cname="edge.cdn.example")))
    query = w.dns_query("tcp.example.net", "AAAA", 2)
    stream = struct.pack("!H", len(query)) + query
    writer.packet(T0 + 1, w.tcp_frame(PHONE, ROUTER, 5001, 53, stream[:7], seq=100))  # split over two segments
    writer.packet(T0 + 1.1, w.tcp_frame(PHONE, ROUTER, 5001, 53, stream[7:], seq=107))
    writer.packet(T0 + 2, w.tcp_frame(PHONE, SERVER, 40000, 443, flags=0x02, seq=0))
    writer.packet(T0 + 2.1, w.tcp_frame(PHONE, SERVER, 40000, 443, w.client_hello("one.example.org"), seq=1))
    hello = w.client_hello("two.example.org", padding=1800)
    writer.packet(T0 + 3, w.tcp_frame(PHONE, SERVER, 40001, 443, hello[:1400], seq=1))
    writer.packet(T0 + 3.05, w.tcp_frame(PHONE, SERVER, 40001, 443, hello[:1400], seq=1))  # a retransmission
    writer.packet(T0 + 3.1, w.tcp_frame(PHONE, SERVER, 40001, 443, hello[1400:], seq=1401))
    writer.packet(T0 + 4, w.tcp_frame(PHONE, SERVER, 40002, 8080, w.http_request("POST", "Upload.Example.ORG:8080", "/up?token=secret", b"x" * 50), seq=1))
    writer.packet(T0 + 5, w.frame(PHONE6, SERVER6, w.tcp(40003, 443, w.client_hello("six.example.org")), proto=6))
    writer.packet(T0 + 6, w.frame(PHONE, SERVER, w.udp(5002, 53, w.dns_query("vlan.example.com")), proto=17, vlan=7))


def names(read) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(n.name, n.via) for n in read.names}


@pytest.mark.parametrize(("cls", "options"), WRITERS)
def test_every_format_and_byte_order(cls, options) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    mixed(cls(buffer, **options))
    read = read_buffer(buffer.getvalue(), source="test")
    assert names(read) == {
        ("udp.example.com", "dns"), ("tcp.example.net", "dns"), ("vlan.example.com", "dns"),
        ("one.example.org", "tls"), ("two.example.org", "tls"), ("six.example.org", "tls"),
        ("upload.example.org", "http"),
    }
    assert read.skipped_malformed == read.skipped_truncated == 0 and not read.file_truncated
    assert read.items == 12
    by_name = {n.name: n for n in read.names}
    assert by_name["udp.example.com"].addresses == (SERVER,)  # the answer under the CNAME belongs to the asked name
    assert by_name["udp.example.com"].clients == (PHONE,)
    assert by_name["udp.example.com"].first.timestamp() == pytest.approx(T0, abs=1e-6)
    assert by_name["two.example.org"].count == 1  # the retransmission is not a second hello
    (request,) = read.http
    assert (request.method, request.path, request.body_bytes, request.port) == ("POST", "/up", 50, 8080)
    destination = next(d for d in read.destinations if d.address == SERVER and d.port == 443)
    assert destination.starts == (T0 + 2,) or destination.starts[0] == pytest.approx(T0 + 2)
    assert "one.example.org" in destination.names


def test_tls12_certificate_is_read_and_tls13_is_not(tmp_path: Path) -> None:
    der = _self_signed(tmp_path)
    buffer = io.BytesIO()
    writer = w.PcapWriter(buffer)
    writer.packet(T0, w.tcp_frame(PHONE, SERVER, 40000, 443, w.client_hello("panel.example.net"), seq=1))
    flight = w.server_flight(der)
    writer.packet(T0 + 0.1, w.tcp_frame(SERVER, PHONE, 443, 40000, flight[:300], seq=1))
    writer.packet(T0 + 0.2, w.tcp_frame(SERVER, PHONE, 443, 40000, flight[300:], seq=301))
    writer.packet(T0 + 1, w.tcp_frame(PHONE, SERVER, 40001, 443, w.client_hello("modern.example.net"), seq=1))
    writer.packet(T0 + 1.1, w.tcp_frame(SERVER, PHONE, 443, 40001, w.server_flight(der, tls13=True), seq=1))
    read = read_buffer(buffer.getvalue(), source="t")
    (certificate,) = read.certificates
    assert certificate.server_name == "panel.example.net"
    assert certificate.self_signed and "CN=panel.example.net" in certificate.subject and "O=Test Panel" in certificate.issuer


def _self_signed(folder: Path) -> bytes:
    pytest.importorskip("ssl")
    der = folder / "c.der"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(folder / "k.pem"), "-subj", "/CN=panel.example.net/O=Test Panel", "-days", "1",
         "-outform", "DER", "-out", str(der)],
        check=True, capture_output=True,
    )
    return der.read_bytes()


def test_truncated_and_malformed_packets_are_counted_and_skipped() -> None:
    buffer = io.BytesIO()
    writer = w.PcapWriter(buffer, snaplen=40)  # cuts packets after 40 bytes, as `tcpdump -s 40` would
    writer.packet(T0, w.udp_frame(PHONE, ROUTER, 5000, 53, w.dns_query("cut.example.com")))
    good = io.BytesIO()
    ok = w.PcapWriter(good)
    ok.packet(T0, w.udp_frame(PHONE, ROUTER, 5000, 53, w.dns_query("fine.example.com")))
    ok.packet(T0, w.udp_frame(PHONE, ROUTER, 5000, 53, b"\x00\x01garbage"))  # not DNS
    bad_ip = bytearray(w.udp_frame(PHONE, ROUTER, 5000, 53, w.dns_query("x.example.com")))
    bad_ip[14] = 0x41  # IPv4 header length 4 bytes: impossible
    ok.packet(T0, bytes(bad_ip))
    ok.packet(T0, w.ethernet(0x0806, b"\x00" * 28))  # ARP: not IP
    ok.packet(T0, w.tcp_frame(PHONE, SERVER, 1, 443, b"\x16\x03\x01\x00\x05\x01\x00\x00\x01\x03", seq=1))  # a one-byte hello
    cut = read_buffer(buffer.getvalue(), source="cut")
    assert cut.names == () and cut.skipped_truncated + cut.skipped_malformed == 1
    read = read_buffer(good.getvalue(), source="good")
    assert names(read) == {("fine.example.com", "dns")}
    assert read.skipped_malformed == 3 and read.not_ip == 1


def test_a_segment_captured_before_offload_is_read_to_its_end() -> None:
    """TCP segmentation offload: the sender's capture has IP total length 0 (tcpdump's
    ipv4_tcp_http_xml_tso.pcap, tests/realworld); the packet runs to the end of what was captured."""
    buffer = io.BytesIO()
    writer = w.PcapWriter(buffer)
    frame = bytearray(w.tcp_frame(PHONE, SERVER, 40000, 80, b"GET / HTTP/1.1\r\nHost: tso.example.com\r\n\r\n"))
    frame[16:18] = b"\x00\x00"  # the IPv4 total length, left for the network card to fill in
    writer.packet(T0, bytes(frame))
    read = read_buffer(buffer.getvalue(), source="tso")
    assert names(read) == {("tso.example.com", "http")} and read.skipped_malformed == 0


def test_a_file_cut_short_keeps_what_came_before() -> None:
    buffer = io.BytesIO()
    writer = w.PcapngWriter(buffer)
    writer.packet(T0, w.udp_frame(PHONE, ROUTER, 5000, 53, w.dns_query("before.example.com")))
    writer.packet(T0, w.udp_frame(PHONE, ROUTER, 5000, 53, w.dns_query("lost.example.com")))
    data = buffer.getvalue()[:-20]
    read = read_buffer(data, source="short")
    assert names(read) == {("before.example.com", "dns")} and read.file_truncated


def test_other_pcapng_blocks_and_simple_packets() -> None:
    buffer = io.BytesIO()
    writer = w.PcapngWriter(buffer, order=">")
    writer.other(0x00000BAD, b"custom block body")
    writer.simple(w.udp_frame(PHONE, ROUTER, 5000, 53, w.dns_query("simple.example.com")))
    assert names(read_buffer(buffer.getvalue(), source="t")) == {("simple.example.com", "dns")}


@pytest.mark.parametrize("linktype", [101, 113, 276, 0])
def test_other_link_types(linktype: int) -> None:
    _, packet = w.ip_packet(PHONE, ROUTER, 17, w.udp(5000, 53, w.dns_query("link.example.com")))
    header = {
        101: b"",
        113: b"\x00\x00\x00\x01\x00\x06" + bytes(8) + b"\x08\x00",
        276: b"\x08\x00\x00\x00" + bytes(16),
        0: struct.pack("<I", 2),
    }[linktype]
    buffer = io.BytesIO()
    w.PcapWriter(buffer, linktype=linktype).packet(T0, header + packet)
    assert names(read_buffer(buffer.getvalue(), source="t")) == {("link.example.com", "dns")}


def test_not_a_capture(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("this is not a capture", encoding="utf-8")
    with pytest.raises(DamagedInput, match="not a packet capture"):
        read_capture(path)
    empty = tmp_path / "empty.pcap"
    empty.write_bytes(b"")
    with pytest.raises(DamagedInput, match="empty"):
        read_capture(empty)


def test_reads_a_file_in_place(tmp_path: Path) -> None:
    path = tmp_path / "c.pcapng"
    with path.open("wb") as handle:
        mixed(w.PcapngWriter(handle))
    read = read_capture(path)
    assert read.source == "pcapng capture c.pcapng" and len(read.names) == 7


def test_demo_capture_is_reproducible() -> None:
    buffer = io.BytesIO()
    w.demo_capture(buffer)
    shipped = Path(__file__).parents[3] / "checks" / "network" / "examples" / "phone-capture.pcapng"
    assert shipped.read_bytes() == buffer.getvalue()
