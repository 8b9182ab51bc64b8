"""Local DNS servers on 127.0.0.1 for the network and identity tests: plain DNS over UDP and TCP
(RFC 1035), DNS over TLS (RFC 7858) and DNS over HTTPS (RFC 8484), all answering from one zone.

A zone can tell the truth, hijack some names, invent answers for names that do not exist
(NXDOMAIN rewriting), or never answer (time-outs). Messages are built and read with dnspython.
"""

from __future__ import annotations

import base64
import ipaddress
import socket
import ssl
import struct
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset


@dataclass
class Zone:
    """What the server knows: name -> record type -> values, and how it behaves."""

    records: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    behaviour: str = "honest"  # "honest", "rewrite" (invents names and addresses), "timeout" (never answers)
    rewrite_to: str = "198.51.100.77"
    overrides: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # hijacked answers
    nxdomain: set[str] = field(default_factory=set)  # names it falsely says do not exist
    asked: list[tuple[str, str]] = field(default_factory=list)

    def respond(self, wire: bytes) -> bytes | None:
        """The answer to one query in wire format, or None to stay silent."""
        try:
            query = dns.message.from_wire(wire)
        except Exception:  # noqa: BLE001 - a test server answers garbage with silence
            return None
        if self.behaviour == "timeout" or not query.question:
            return None
        question = query.question[0]
        name = question.name.to_text().rstrip(".").lower()
        rdtype = dns.rdatatype.to_text(question.rdtype)
        self.asked.append((name, rdtype))
        response = dns.message.make_response(query)
        response.flags |= dns.flags.RA
        table = self.overrides if name in self.overrides else self.records
        if name and "." not in name and name not in table and name not in self.nxdomain:
            table = {name: {"NS": [f"a.nic.{name}."]}}  # every top-level domain exists
        if name in self.nxdomain or name not in table:
            if self.behaviour == "rewrite":  # every name exists, and has an address
                if rdtype == "A":
                    response.answer.append(dns.rrset.from_text(question.name, 60, "IN", "A", self.rewrite_to))
            else:
                response.set_rcode(dns.rcode.NXDOMAIN)
            return response.to_wire()
        for value in table[name].get(rdtype, []):
            response.answer.append(dns.rrset.from_text(question.name, 300, "IN", rdtype, value))
        return response.to_wire()


class DnsServer:
    """Plain DNS on one loopback port, over UDP and TCP, in daemon threads."""

    def __init__(self, zone: Zone) -> None:
        self.zone = zone
        self.stopping = threading.Event()
        for _ in range(20):
            self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.udp.bind(("127.0.0.1", 0))
            self.port = self.udp.getsockname()[1]
            self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                self.tcp.bind(("127.0.0.1", self.port))
                break
            except OSError:
                self.udp.close()
                self.tcp.close()
        self.tcp.listen(16)
        self.udp.settimeout(0.2)
        self.tcp.settimeout(0.2)
        self.threads = [threading.Thread(target=self._serve_udp, daemon=True), threading.Thread(target=self._serve_tcp, daemon=True)]
        for thread in self.threads:
            thread.start()

    @property
    def address(self) -> str:
        """ "127.0.0.1:PORT", as --nameserver takes it."""
        return f"127.0.0.1:{self.port}"

    def _serve_udp(self) -> None:
        while not self.stopping.is_set():
            try:
                wire, peer = self.udp.recvfrom(65535)
            except (TimeoutError, OSError):
                continue
            reply = self.zone.respond(wire)
            if reply is not None:
                self.udp.sendto(reply, peer)

    def _serve_tcp(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.tcp.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=serve_stream, args=(connection, self.zone, self.stopping), daemon=True).start()

    def close(self) -> None:
        """Stop serving and release the port."""
        self.stopping.set()
        for thread in self.threads:
            thread.join(2)
        self.udp.close()
        self.tcp.close()


def serve_stream(connection: socket.socket, zone: Zone, stopping: threading.Event) -> None:
    """Answer length-prefixed DNS messages on one TCP or TLS connection until it closes."""
    connection.settimeout(2)
    try:
        while not stopping.is_set():
            head = _read(connection, 2)
            if head is None:
                return
            wire = _read(connection, struct.unpack("!H", head)[0])
            if wire is None:
                return
            reply = zone.respond(wire)
            if reply is None:
                stopping.wait(3)  # silent: let the client time out
                return
            connection.sendall(struct.pack("!H", len(reply)) + reply)
    except (OSError, ssl.SSLError):
        return
    finally:
        connection.close()


def _read(connection: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


class DotServer:
    """DNS over TLS on a loopback port, with the given certificate."""

    def __init__(self, zone: Zone, certfile: str, keyfile: str) -> None:
        self.zone = zone
        self.stopping = threading.Event()
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(certfile, keyfile)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                raw, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._handshake, args=(raw,), daemon=True).start()

    def _handshake(self, raw: socket.socket) -> None:
        raw.settimeout(2)
        try:
            connection = self.context.wrap_socket(raw, server_side=True)
        except (OSError, ssl.SSLError):
            raw.close()
            return
        serve_stream(connection, self.zone, self.stopping)

    def close(self) -> None:
        """Stop serving."""
        self.stopping.set()
        self.thread.join(2)
        self.sock.close()


class DohServer:
    """DNS over HTTPS at https://127.0.0.1:PORT/dns-query (POST and GET), with the given certificate."""

    def __init__(self, zone: Zone, certfile: str, keyfile: str, *, status: int = 200) -> None:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def _answer(self, wire: bytes) -> None:
                reply = zone.respond(wire)
                if reply is None:
                    outer.stopping.wait(3)
                    return
                body = reply if outer.status == 200 else b"busy"
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/dns-message")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                if self.path != "/dns-query" or self.headers.get("Content-Type") != "application/dns-message":
                    self.send_error(415)
                    return
                self._answer(self.rfile.read(int(self.headers.get("Content-Length", "0"))))

            def do_GET(self) -> None:
                from urllib.parse import parse_qs, urlsplit

                value = parse_qs(urlsplit(self.path).query).get("dns", [""])[0]
                self._answer(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certfile, keyfile)

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 64

            def finish_request(self, request, client_address):  # type: ignore[no-untyped-def]
                # NOTE: the TLS handshake happens in the request's own thread, not the accept loop.
                request.settimeout(3)
                try:
                    request = context.wrap_socket(request, server_side=True)
                except (OSError, ssl.SSLError):
                    return
                super().finish_request(request, client_address)

        self.zone = zone
        self.status = status
        self.stopping = threading.Event()
        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        """The DoH URL."""
        return f"https://127.0.0.1:{self.port}/dns-query"

    def close(self) -> None:
        """Stop serving."""
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def zone_of(records: Mapping[str, Mapping[str, list[str]]], **kwargs: object) -> Zone:
    """A Zone from a plain mapping."""
    return Zone(records={k: dict(v) for k, v in records.items()}, **kwargs)  # type: ignore[arg-type]


# keeping tests on this machine -------------------------------------------------------------
def _loopback(host: object) -> bool:
    if not isinstance(host, str):
        return True  # AF_UNIX paths and the like
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def refuse_off_machine(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Make any connection, datagram or name lookup for an address off this machine raise AssertionError."""
    real_connect, real_connect_ex, real_sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto
    real_getaddrinfo = socket.getaddrinfo

    def refuse(address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if not _loopback(host):
            raise AssertionError(f"a test tried to reach {address!r}, which is not on this machine")

    def connect(self: socket.socket, address: object) -> None:
        refuse(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        refuse(address)
        return real_connect_ex(self, address)

    def sendto(self: socket.socket, data: bytes, *args: object) -> int:
        refuse(args[-1])
        return real_sendto(self, data, *args)

    def getaddrinfo(host: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        refuse(host.decode() if isinstance(host, bytes) else host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket.socket, "sendto", sendto)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
