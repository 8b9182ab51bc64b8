"""Decodes captured packets down to the fields the traffic check needs, and nothing more.

Link layer (Ethernet with VLAN tags, Linux cooked v1/v2, raw IP, BSD loopback), IPv4 and
IPv6, TCP and UDP; then DNS (UDP and TCP), the TLS ClientHello server name, the server
certificate of TLS 1.2 and older, and HTTP request lines and Host headers. TCP is
reassembled only where one of those messages spans segments. Packets are read in place
from one buffer; damaged ones are counted and skipped.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

from checks.network.addresses import PUBLIC_CACHE, is_public, text_address
from checks.network.sources import dnswire, tls
from checks.network.sources.capture_file import Buffer
from checks.network.sources.httphead import HTTP_STARTS, read_request_head

DNS_PORTS = frozenset((53, 5353, 5355))
MAX_STREAM = 65536 + 2  # bytes buffered for one handshake or DNS-over-TCP stream
MAX_HTTP = 50_000  # HTTP requests kept one by one
MAX_ADDRESSES = 32  # addresses and clients kept per name
UDP_IDLE = 60.0  # seconds of silence after which UDP traffic counts as a new exchange
_U16 = struct.Struct("!H").unpack_from
_U32 = struct.Struct("!I").unpack_from
_PORTS = struct.Struct("!HH").unpack_from
_FIRST_BYTES = frozenset(b"\x16GPHDOCT")  # a TLS handshake, or an HTTP method's first letter
# Tables are lists updated in place, once per packet, for speed.
NameUse = list[Any]  # [requests, first, last, addresses, clients, responses]
FlowStats = list[Any]  # [packets, bytes out, bytes in, first, last, starts, names]
# time, host, method, path, body bytes, address, port, content type
HttpRow = tuple[float, str, str, str, int, str, int, str]
# time, address, port, server name, subject, issuer, self-signed
CertificateRow = tuple[float, str, int, str, str, str, bool]


@dataclass
class _Stream:
    kind: str  # "hello", "cert", "dns"
    next_seq: int
    data: bytearray
    need: int = 0
    server_name: str = ""


@dataclass
class Extracted:
    """What the decoder gathered, keyed for speed; capture.py turns it into records."""

    # (name, via) -> [requests, first, last, addresses, clients, responses]
    names: dict[tuple[str, str], NameUse] = field(default_factory=dict)
    flows: dict[tuple[bytes, int, int], FlowStats] = field(
        default_factory=dict
    )  # (remote, port, proto) -> stats
    http: list[HttpRow] = field(default_factory=list)
    certificates: list[CertificateRow] = field(default_factory=list)
    packets: int = 0
    truncated: int = 0
    malformed: int = 0
    not_ip: int = 0
    unread_links: dict[int, int] = field(default_factory=dict)  # link type -> packets it could not read
    quic: int = 0  # UDP packets to or from port 443: QUIC, encrypted, names not readable
    http_dropped: int = 0
    first: float | None = None
    last: float | None = None


class Decoder:
    """Feeds on packet records one by one and gathers names, flows, HTTP requests and certificates."""

    def __init__(self) -> None:
        self.out = Extracted()
        self.flows = self.out.flows
        self.streams: dict[bytes, _Stream] = {}
        self.conn_sni: dict[bytes, str] = {}
        self.stream_ports: dict[int, int] = {}  # source port -> open streams from it: a cheap first test

    # link and network layers ------------------------------------------------------------
    def packet(self, ts: float, linktype: int, buf: Buffer, off: int, caplen: int) -> None:
        """Decode one packet record of `caplen` bytes at `off` in `buf` (the caller counts packets, times)."""
        out = self.out
        end = off + caplen
        if linktype == 1:  # Ethernet
            if caplen < 14:
                out.truncated += 1
                return
            ethertype = (buf[off + 12] << 8) | buf[off + 13]
            l3 = off + 14
            while ethertype in (0x8100, 0x88A8) and l3 + 4 <= end:
                ethertype = (buf[l3 + 2] << 8) | buf[l3 + 3]
                l3 += 4
        elif linktype in (101, 12, 14, 228, 229):  # raw IP
            l3 = off
            ethertype = 0x0800 if caplen and buf[off] >> 4 == 4 else 0x86DD
        elif linktype == 113:  # Linux cooked v1
            if caplen < 16:
                out.truncated += 1
                return
            ethertype = (buf[off + 14] << 8) | buf[off + 15]
            l3 = off + 16
        elif linktype == 276:  # Linux cooked v2
            if caplen < 20:
                out.truncated += 1
                return
            ethertype = (buf[off] << 8) | buf[off + 1]
            l3 = off + 20
        elif linktype in (0, 108):  # BSD loopback: address family in host or network order
            if caplen < 4:
                out.truncated += 1
                return
            family = buf[off] | buf[off + 3]
            ethertype = 0x0800 if family == 2 else 0x86DD if family in (24, 28, 30) else 0
            l3 = off + 4
        elif linktype in (9, 50, 204):  # PPP, PPP in HDLC-like framing, PPP with a direction byte
            l3 = off + (1 if linktype == 204 else 0)
            if l3 + 2 <= end and buf[l3] == 0xFF and buf[l3 + 1] == 0x03:  # address and control fields
                l3 += 2
            if l3 + 2 > end:
                out.truncated += 1
                return
            protocol = (buf[l3] << 8) | buf[l3 + 1]
            ethertype = {0x0021: 0x0800, 0x0057: 0x86DD, 0x0281: 0x8847, 0x0283: 0x8848}.get(protocol, 0)
            l3 += 2
        elif linktype == 104:  # Cisco HDLC: address, control, then an Ethernet type
            if caplen < 4:
                out.truncated += 1
                return
            ethertype = (buf[off + 2] << 8) | buf[off + 3]
            l3 = off + 4
        elif linktype == 239:  # Linux NFLOG: a header, then type-length-value parts; type 9 is the packet
            found = _nflog_payload(buf, off, end)
            if found is None:
                out.malformed += 1
                return
            family, l3 = found
            ethertype = 0x0800 if family == 2 else 0x86DD if family == 10 else 0
        elif linktype == 258:  # Apple PKTAP: a header of its own length, naming the link type inside
            if caplen < 12:
                out.truncated += 1
                return
            length = int.from_bytes(buf[off : off + 4], "little")
            inner = int.from_bytes(buf[off + 8 : off + 12], "little")
            if length < 12 or length > caplen or inner == 258:
                out.malformed += 1
                return
            self.packet(ts, inner, buf, off + length, caplen - length)
            return
        else:
            out.unread_links[linktype] = out.unread_links.get(linktype, 0) + 1
            return
        if ethertype in (0x8847, 0x8848):  # MPLS: labels, the last marked bottom of stack, then the packet
            while l3 + 4 <= end and not buf[l3 + 2] & 0x01:
                l3 += 4
            l3 += 4
            ethertype = (
                0x0800 if l3 < end and buf[l3] >> 4 == 4 else 0x86DD if l3 < end and buf[l3] >> 4 == 6 else 0
            )
        if ethertype == 0x0800:
            if l3 + 20 > end:
                out.truncated += 1
                return
            ihl = (buf[l3] & 0x0F) * 4
            if buf[l3] >> 4 != 4 or ihl < 20:
                out.malformed += 1
                return
            total = (buf[l3 + 2] << 8) | buf[l3 + 3]
            if total == 0:
                # NOTE: captured on the sending host before segmentation offload: the network card
                # fills in the length later, so the packet runs to the end of what was captured.
                total = end - l3
            if total < ihl:
                out.malformed += 1
                return
            if ((buf[l3 + 6] & 0x1F) << 8) | buf[l3 + 7]:
                return  # a later fragment: no ports to read
            proto = buf[l3 + 9]
            src = buf[l3 + 12 : l3 + 16]
            dst = buf[l3 + 16 : l3 + 20]
            l4 = l3 + ihl
            ip_end = min(end, l3 + total)
        elif ethertype == 0x86DD:
            if l3 + 40 > end:
                out.truncated += 1
                return
            if buf[l3] >> 4 != 6:
                out.malformed += 1
                return
            proto = buf[l3 + 6]
            src = buf[l3 + 8 : l3 + 24]
            dst = buf[l3 + 24 : l3 + 40]
            ip_end = min(end, l3 + 40 + ((buf[l3 + 4] << 8) | buf[l3 + 5]))
            l4 = l3 + 40
            for _ in range(8):
                if proto in (0, 43, 60) and l4 + 2 <= ip_end:
                    proto, l4 = buf[l4], l4 + (buf[l4 + 1] + 1) * 8
                elif proto == 44 and l4 + 8 <= ip_end:
                    if ((buf[l4 + 2] << 8) | buf[l4 + 3]) & 0xFFF8:
                        return  # a later fragment
                    proto, l4 = buf[l4], l4 + 8
                else:
                    break
        else:
            out.not_ip += 1
            return
        if proto == 6:
            self._tcp(ts, buf, src, dst, l4, ip_end)
        elif proto == 17:
            self._udp(ts, buf, src, dst, l4, ip_end)

    # transport --------------------------------------------------------------------------
    def _flow(
        self, ts: float, src: bytes, dst: bytes, sport: int, dport: int, proto: int, size: int
    ) -> FlowStats | None:
        """The flow with the address outside; None for traffic inside the local network."""
        public = PUBLIC_CACHE.get(dst)
        if public is None:
            public = is_public(dst)
        if public:
            key, outward = (dst, dport, proto), True
        elif is_public(src):
            key, outward = (src, sport, proto), False
        else:
            return None
        flow = self.flows.get(key)
        if flow is None:
            # packets, bytes out, bytes in, first, last, starts, names
            flow = self.flows[key] = [0, 0, 0, ts, ts, [], set()]
            if proto == 17 and outward:
                flow[5].append(ts)
        elif proto == 17 and outward and ts - flow[4] > UDP_IDLE:
            flow[5].append(ts)
        flow[0] += 1
        if outward:
            flow[1] += size
        else:
            flow[2] += size
        if ts > flow[4]:
            flow[4] = ts
        elif ts < flow[3]:
            flow[3] = ts
        return flow

    def _tcp(self, ts: float, buf: Buffer, src: bytes, dst: bytes, l4: int, ip_end: int) -> None:
        if l4 + 20 > ip_end:
            self.out.truncated += 1
            return
        sport, dport = _PORTS(buf, l4)
        offset = (buf[l4 + 12] >> 4) * 4
        flags = buf[l4 + 13]
        if offset < 20:
            self.out.malformed += 1
            return
        start = l4 + offset
        flow = self._flow(ts, src, dst, sport, dport, 6, max(0, ip_end - start))
        if flags & 0x12 == 0x02 and flow is not None and is_public(dst):
            flow[5].append(ts)  # SYN without ACK: a new connection from this side
        if start >= ip_end:
            return
        streams = self.streams
        ports = self.stream_ports
        if (sport in ports) or sport in DNS_PORTS or dport in DNS_PORTS or buf[start] in _FIRST_BYTES:
            key = src + dst + buf[l4 : l4 + 4]
            seq = _U32(buf, l4 + 4)[0]
            stream = streams.get(key) if streams else None
            if stream is not None:
                self._continue(ts, stream, key, seq, buf[start:ip_end], src, dst, sport, dport, flow)
                if flags & 0x05 and key in streams:  # FIN or RST: nothing more will come
                    self._close(key)
                return
            head = buf[start : start + 6]
            if dport in (53, 5353, 5355) or sport in (53, 5353, 5355):
                stream = self._open(key, sport, _Stream("dns", seq, bytearray()))
                self._continue(ts, stream, key, seq, buf[start:ip_end], src, dst, sport, dport, flow)
            elif len(head) == 6 and head[0] == 0x16 and head[1] == 3 and head[5] in (1, 2):
                need = 5 + ((head[3] << 8) | head[4])
                kind = "hello" if head[5] == 1 else "cert"
                stream = _Stream(kind, seq, bytearray(), need=need if kind == "hello" else MAX_STREAM)
                if kind == "cert":
                    stream.server_name = self.conn_sni.get(
                        dst + src + buf[l4 + 2 : l4 + 4] + buf[l4 : l4 + 2], ""
                    )
                self._open(key, sport, stream)
                self._continue(ts, stream, key, seq, buf[start:ip_end], src, dst, sport, dport, flow)
            elif head[:4] in HTTP_STARTS:
                self._http(ts, buf[start:ip_end], src, dst, dport, flow)

    def _udp(self, ts: float, buf: Buffer, src: bytes, dst: bytes, l4: int, ip_end: int) -> None:
        if l4 + 8 > ip_end:
            self.out.truncated += 1
            return
        sport, dport = _PORTS(buf, l4)
        self._flow(ts, src, dst, sport, dport, 17, ip_end - l4 - 8)
        if dport in DNS_PORTS or sport in DNS_PORTS:
            self._dns(ts, buf[l4 + 8 : ip_end], src, dst)
        elif dport == 443 or sport == 443:
            self.out.quic += 1

    # streams ----------------------------------------------------------------------------
    def _open(self, key: bytes, port: int, stream: _Stream) -> _Stream:
        self.streams[key] = stream
        self.stream_ports[port] = self.stream_ports.get(port, 0) + 1
        return stream

    def _close(self, key: bytes) -> None:
        if self.streams.pop(key, None) is None:
            return
        port = (key[-4] << 8) | key[-3]
        left = self.stream_ports.get(port, 1) - 1
        if left:
            self.stream_ports[port] = left
        else:
            self.stream_ports.pop(port, None)

    def _continue(
        self,
        ts: float,
        stream: _Stream,
        key: bytes,
        seq: int,
        payload: bytes,
        src: bytes,
        dst: bytes,
        sport: int,
        dport: int,
        flow: FlowStats | None,
    ) -> None:
        if seq != stream.next_seq:
            if (stream.next_seq - seq) & 0xFFFFFFFF < 0x80000000:
                return  # a retransmission of what we already have
            if stream.kind != "dns":
                self._close(key)
                return
            stream.data.clear()  # DNS over TCP: start again from this segment
        stream.next_seq = (seq + len(payload)) & 0xFFFFFFFF
        stream.data += payload
        data = stream.data
        if stream.kind == "dns":
            while len(data) >= 2:
                length = (data[0] << 8) | data[1]
                if len(data) < 2 + length:
                    break
                self._dns(ts, bytes(data[2 : 2 + length]), src, dst)
                del data[: 2 + length]
            if len(data) > MAX_STREAM:
                data.clear()
            return
        if stream.kind == "hello":
            if len(data) < stream.need and len(data) < MAX_STREAM:
                return
            self._close(key)
            self._hello(ts, bytes(data), src, dst, sport, dport, flow)
            return
        self._certificate(ts, stream, key, src, sport)

    def _hello(
        self, ts: float, data: bytes, src: bytes, dst: bytes, sport: int, dport: int, flow: FlowStats | None
    ) -> None:
        try:
            name = tls.client_hello_sni(data)
        except tls.BadHandshake:
            self.out.malformed += 1
            return
        if not name:
            return
        self._name(ts, name, "tls", dst, src)
        if flow is not None:
            flow[6].add(name)
        if len(self.conn_sni) < 1_000_000:
            self.conn_sni[src + dst + struct.pack("!HH", sport, dport)] = name

    def _certificate(self, ts: float, stream: _Stream, key: bytes, server: bytes, port: int) -> None:
        try:
            messages = tls.handshake_messages(bytes(stream.data))
            if messages and messages[0][0] == 2 and not tls.server_hello_is_legacy(messages[0][1]):
                self._close(key)  # TLS 1.3: the certificate is encrypted
                return
            for kind, body in messages:
                if kind == 11:
                    self._close(key)
                    names = tls.certificate_names(tls.first_certificate(body))
                    self.out.certificates.append(
                        (
                            ts,
                            text_address(server),
                            port,
                            stream.server_name,
                            names.subject,
                            names.issuer,
                            names.self_signed,
                        )
                    )
                    return
                if kind == 14:
                    break
            else:
                if len(stream.data) < MAX_STREAM:
                    return
            self._close(key)
        except tls.BadHandshake:
            self._close(key)
            self.out.malformed += 1

    # application messages ---------------------------------------------------------------
    def _dns(self, ts: float, payload: bytes, src: bytes, dst: bytes) -> None:
        try:
            message = dnswire.parse_message(payload)
        except dnswire.BadMessage:
            self.out.malformed += 1
            return
        client = dst if message.response else src
        answers: dict[str, set[str]] = {}
        if message.response:
            for owner, address in message.addresses:
                answers.setdefault(owner, set()).add(address)
            for owner, target in reversed(
                message.aliases
            ):  # an answer under a CNAME belongs to the asked name
                answers.setdefault(owner, set()).update(answers.get(target, ()))
        for name, _ in message.questions:
            if not name:
                continue
            use = self._name(ts, name, "dns", None, client, response=message.response)
            found = answers.get(name, set()) or {a for _, a in message.addresses}
            addresses = use[3]
            for address in found:
                if len(addresses) < MAX_ADDRESSES:
                    addresses.add(address)

    def _name(
        self, ts: float, name: str, via: str, address: bytes | None, client: bytes, response: bool = False
    ) -> NameUse:
        names = self.out.names
        use = names.get((name, via))
        if use is None:
            use = names[(name, via)] = [0, ts, ts, set(), set(), 0]
        use[5 if response else 0] += 1
        use[1] = min(use[1], ts)
        use[2] = max(use[2], ts)
        if address is not None and len(use[3]) < MAX_ADDRESSES:
            use[3].add(text_address(address))
        if not is_public(client) and len(use[4]) < MAX_ADDRESSES:
            use[4].add(text_address(client))
        return use

    def _http(
        self, ts: float, payload: bytes, src: bytes, dst: bytes, dport: int, flow: FlowStats | None
    ) -> None:
        head = read_request_head(payload)
        if head is None:
            self.out.malformed += 1
            return
        if head.host:
            self._name(ts, head.host, "http", dst, src)
            if flow is not None:
                flow[6].add(head.host)
        if len(self.out.http) < MAX_HTTP:
            self.out.http.append(
                (
                    ts,
                    head.host,
                    head.method,
                    head.path,
                    head.body_bytes,
                    text_address(dst),
                    dport,
                    head.content_type,
                )
            )
        else:
            self.out.http_dropped += 1


def _nflog_payload(buf: Buffer, off: int, end: int) -> tuple[int, int] | None:
    """The address family and where the packet starts in an NFLOG record; None when it holds none."""
    if end - off < 4:
        return None
    family = buf[off]
    at = off + 4
    while at + 4 <= end:
        size = buf[at] | (
            buf[at + 1] << 8
        )  # lengths are in the capturing host's order: little-endian in practice
        kind = buf[at + 2] | (buf[at + 3] << 8)
        if size < 4 or at + size > end:
            return None
        if kind == 9:  # NFULA_PAYLOAD
            return family, at + 4
        at += (size + 3) & ~3
    return None
