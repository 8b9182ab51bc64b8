"""Writes pcap and pcapng files, and builds the packets in them, for tests, the demo and the benchmark.

Formats: libpcap ("tcpdump" format, https://www.tcpdump.org/manpages/pcap-savefile.5.html) and
pcapng (IETF draft-ietf-opsawg-pcapng): Section Header, Interface Description (with
if_tsresol) and Enhanced/Simple Packet Blocks, in either byte order. Packets are Ethernet
II with IPv4 or IPv6, UDP and TCP (RFC 791, 8200, 768, 793); DNS messages come from
dnspython, TLS records follow RFC 8446/5246, HTTP/1.1 RFC 9112.
"""

from __future__ import annotations

import ipaddress
import struct
from typing import BinaryIO

ETH_SRC = bytes.fromhex("020000000001")
ETH_DST = bytes.fromhex("020000000002")


# link, network and transport layers ----------------------------------------------------------
def ip_packet(src: str, dst: str, proto: int, payload: bytes, *, ttl: int = 64) -> tuple[int, bytes]:
    """(ethertype, IPv4 or IPv6 packet) from `src` to `dst` carrying `payload`."""
    s, d = ipaddress.ip_address(src), ipaddress.ip_address(dst)
    if s.version == 4:
        header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0x4000, ttl, proto, 0, s.packed, d.packed)
        return 0x0800, header + payload
    header = struct.pack("!IHBB16s16s", 6 << 28, len(payload), proto, ttl, s.packed, d.packed)
    return 0x86DD, header + payload


def ethernet(ethertype: int, packet: bytes, *, vlan: int | None = None) -> bytes:
    """An Ethernet II frame, optionally with an 802.1Q tag."""
    tag = struct.pack("!HH", 0x8100, vlan) if vlan is not None else b""
    return ETH_DST + ETH_SRC + tag + struct.pack("!H", ethertype) + packet


def udp(sport: int, dport: int, payload: bytes) -> bytes:
    """A UDP datagram (checksum left zero, which IPv4 allows)."""
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def tcp(sport: int, dport: int, payload: bytes = b"", *, seq: int = 1000, ack: int = 0, flags: int = 0x18) -> bytes:
    """A TCP segment; flags 0x18 is PSH+ACK, 0x02 is SYN."""
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload


def frame(src: str, dst: str, transport: bytes, *, proto: int, vlan: int | None = None) -> bytes:
    """An Ethernet frame from `src` to `dst` carrying a UDP (17) or TCP (6) payload."""
    ethertype, packet = ip_packet(src, dst, proto, transport)
    return ethernet(ethertype, packet, vlan=vlan)


def udp_frame(src: str, dst: str, sport: int, dport: int, payload: bytes) -> bytes:
    """An Ethernet frame carrying one UDP datagram."""
    return frame(src, dst, udp(sport, dport, payload), proto=17)


def tcp_frame(src: str, dst: str, sport: int, dport: int, payload: bytes = b"", **kwargs: int) -> bytes:
    """An Ethernet frame carrying one TCP segment."""
    return frame(src, dst, tcp(sport, dport, payload, **kwargs), proto=6)


# application messages --------------------------------------------------------------------
def dns_query(name: str, rdtype: str = "A", ident: int = 1) -> bytes:
    """A DNS query in wire format."""
    import dns.message

    query = dns.message.make_query(name, rdtype)
    query.id = ident
    return query.to_wire()


def dns_response(name: str, addresses: list[str], ident: int = 1, *, cname: str | None = None, nxdomain: bool = False) -> bytes:
    """A DNS response in wire format: A/AAAA answers for `name` (through a CNAME if given)."""
    import dns.message
    import dns.rcode
    import dns.rrset

    query = dns.message.make_query(name, "AAAA" if addresses and ":" in addresses[0] else "A")
    query.id = ident
    response = dns.message.make_response(query)
    if nxdomain:
        response.set_rcode(dns.rcode.NXDOMAIN)
        return response.to_wire()
    owner = name
    if cname:
        response.answer.append(dns.rrset.from_text(name.rstrip(".") + ".", 300, "IN", "CNAME", cname + "."))
        owner = cname
    for address in addresses:
        kind = "AAAA" if ":" in address else "A"
        response.answer.append(dns.rrset.from_text(owner.rstrip(".") + ".", 300, "IN", kind, address))
    return response.to_wire()


def _extension(kind: int, body: bytes) -> bytes:
    return struct.pack("!HH", kind, len(body)) + body


def client_hello(server_name: str | None, *, padding: int = 0) -> bytes:
    """A TLS ClientHello record with an SNI extension (and `padding` bytes of padding extension)."""
    extensions = b""
    if server_name is not None:
        name = server_name.encode("ascii")
        entry = b"\x00" + struct.pack("!H", len(name)) + name
        extensions += _extension(0, struct.pack("!H", len(entry)) + entry)
    extensions += _extension(43, b"\x04\x03\x04\x03\x03")  # supported_versions: TLS 1.3, 1.2
    if padding:
        extensions += _extension(21, b"\x00" * padding)
    body = (
        b"\x03\x03" + bytes(32) + b"\x20" + bytes(32)
        + struct.pack("!H", 4) + b"\x13\x01\x13\x02" + b"\x01\x00"
        + struct.pack("!H", len(extensions)) + extensions
    )
    handshake = b"\x01" + len(body).to_bytes(3, "big") + body
    return b"\x16\x03\x01" + struct.pack("!H", len(handshake)) + handshake


def server_flight(certificate_der: bytes, *, tls13: bool = False) -> bytes:
    """A server's first flight: ServerHello, then (TLS 1.2) the Certificate and ServerHelloDone."""
    extensions = _extension(43, b"\x03\x04") if tls13 else b""
    hello = b"\x03\x03" + bytes(32) + b"\x00" + b"\xc0\x2f" + b"\x00" + struct.pack("!H", len(extensions)) + extensions
    messages = b"\x02" + len(hello).to_bytes(3, "big") + hello
    if not tls13:
        chain = len(certificate_der).to_bytes(3, "big") + certificate_der
        body = len(chain).to_bytes(3, "big") + chain
        messages += b"\x0b" + len(body).to_bytes(3, "big") + body + b"\x0e\x00\x00\x00"
    return b"\x16\x03\x03" + struct.pack("!H", len(messages)) + messages


def http_request(method: str, host: str, path: str = "/", body: bytes = b"") -> bytes:
    """An HTTP/1.1 request with a Host header (and Content-Length when there is a body)."""
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: test\r\n"
    if body:
        head += f"Content-Length: {len(body)}\r\n"
    return head.encode("ascii") + b"\r\n" + body


# files -----------------------------------------------------------------------------------
class PcapWriter:
    """A libpcap file: microsecond or nanosecond time stamps, little- or big-endian."""

    def __init__(self, out: BinaryIO, *, order: str = "<", nanos: bool = False, linktype: int = 1, snaplen: int = 65535) -> None:
        self.out, self.order, self.nanos, self.snaplen = out, order, nanos, snaplen
        magic = 0xA1B23C4D if nanos else 0xA1B2C3D4
        out.write(struct.pack(order + "IHHiIII", magic, 2, 4, 0, 0, snaplen, linktype))

    def packet(self, ts: float, data: bytes, *, origlen: int | None = None) -> None:
        """Write one packet record (cut to the snap length, as a capture would)."""
        seconds = int(ts)
        fraction = round((ts - seconds) * (1e9 if self.nanos else 1e6))
        kept = data[: self.snaplen]
        self.out.write(struct.pack(self.order + "IIII", seconds, fraction, len(kept), origlen or len(data)) + kept)


class PcapngWriter:
    """A pcapng file with one section and one interface."""

    def __init__(self, out: BinaryIO, *, order: str = "<", linktype: int = 1, tsresol: int = 6) -> None:
        self.out, self.order = out, order
        self.tick = 10.0 ** -tsresol
        self._block(0x0A0D0D0A, struct.pack(order + "IHHq", 0x1A2B3C4D, 1, 0, -1))
        options = struct.pack(order + "HH", 9, 1) + bytes([tsresol]) + b"\x00\x00\x00" + struct.pack(order + "HH", 0, 0)
        self._block(1, struct.pack(order + "HHI", linktype, 0, 0) + options)

    def _block(self, kind: int, body: bytes) -> None:
        body += b"\x00" * (-len(body) % 4)
        length = 12 + len(body)
        self.out.write(struct.pack(self.order + "II", kind, length) + body + struct.pack(self.order + "I", length))

    def packet(self, ts: float, data: bytes, *, origlen: int | None = None, interface: int = 0) -> None:
        """Write one Enhanced Packet Block."""
        ticks = round(ts / self.tick)
        head = struct.pack(self.order + "IIIII", interface, ticks >> 32, ticks & 0xFFFFFFFF, len(data), origlen or len(data))
        self._block(6, head + data)

    def simple(self, data: bytes) -> None:
        """Write one Simple Packet Block (no time stamp)."""
        self._block(3, struct.pack(self.order + "I", len(data)) + data)

    def other(self, kind: int, body: bytes) -> None:
        """Write a block of another type (which readers must skip)."""
        self._block(kind, body)


# the demo ------------------------------------------------------------------------------------
DEMO_C2 = "media-sync-a100.thetruthspy.com"  # a TheTruthSpy C2 domain in Echap's ioc.yaml


def demo_capture(out: BinaryIO) -> None:
    """The demo's capture: a phone on a laptop hotspot, a few ordinary sites and one stalkerware server.

    Every address is from the documentation ranges (RFC 5737) or the hotspot's private range,
    except the answers for www.google.com, which are Google's.
    """
    phone, hotspot = "192.168.137.42", "192.168.137.1"
    writer = PcapngWriter(out)
    start = 1_764_583_200.0  # 2025-12-01 10:00 UTC
    visits = [
        ("www.google.com", "142.250.187.228"),
        ("weather.example.com", "198.51.100.20"),
        (DEMO_C2, "203.0.113.50"),
        ("news.example.org", "198.51.100.31"),
    ]
    for number, (name, address) in enumerate(visits):
        ts = start + number * 41.0
        port = 40100 + number
        writer.packet(ts, udp_frame(phone, hotspot, port, 53, dns_query(name, "A", 0x100 + number)))
        writer.packet(ts + 0.02, udp_frame(hotspot, phone, 53, port, dns_response(name, [address], 0x100 + number)))
        writer.packet(ts + 0.05, tcp_frame(phone, address, port + 1000, 443, seq=0, flags=0x02))
        writer.packet(ts + 0.09, tcp_frame(phone, address, port + 1000, 443, client_hello(name), seq=1))
