"""Server faults: every check that asks a server, against loopback stand-ins behind a proxy that answers each
request with a fault chosen at random.

Each target is a check with its stand-in (tests/servers) set up so that the truth has a finding: a
clean result under faults therefore means a fault hid something. One input is one run; its bytes seed
the random choice of fault per request (or, in some runs, one fault for every request: a storm). HTTP
faults: a stall past the time-out, 429 with and without Retry-After, 500 and 503, a body cut short,
garbage, a body that announces 1 GiB and keeps coming, one that dribbles a byte at a time, and the
server killed (every later request closed at once); the sign-in renewal targets fault only the token
endpoint. DNS faults: silence, SERVFAIL, REFUSED, NXDOMAIN for every name, garbage, a truncated answer,
an answer to another question id; DNS over HTTPS and over TLS get HTTP's faults or their framing's, and
DNS's inside a well-formed answer. ManageSieve and IMAP faults are in mail_faults.py. "pass" forwards the
request to the stand-in unchanged.

The harness counts (tests/fuzz/runner.py): tracebacks; runs past the time limit (the check's time-out of
TIMEOUT seconds on a dozen questions, plus grace: TIME_LIMIT); and runs that end clean although the last
answer to some question was a fault ("damaged reported clean").
"""

from __future__ import annotations

import hashlib
import http.client
import random
import socket
import ssl
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.servers.mail_http import SocketThread

TIMEOUT = 1.0  # the checks' --timeout, in seconds
TIME_LIMIT = 20.0  # a run past this is over time
SEED = b"server faults"  # the unmutated input: every request passes (the baseline, which has a finding)
HTTP_FAULTS = (
    "pass",
    "pass",
    "stall",
    "429-retry-after",
    "429",
    "500",
    "503",
    "truncated",
    "garbage",
    "huge",
    "dribble",
    "killed",
)
DNS_FAULTS = ("pass", "pass", "silent", "servfail", "refused", "garbage", "truncated", "wrong-id")
# ManageSieve and IMAP (mail_faults.py): per command answered
MAIL_FAULTS = (
    "pass",
    "pass",
    "pass",
    "stall",
    "cut",
    "garbage",
    "dribble",
    "huge-literal",
    "flood",
    "no",
    "bye",
    "killed",
)
# Faults only ever sent as a storm: NXDOMAIN for one name alone is a lie no check can tell from the truth
# without asking another resolver (network.dns does that); NXDOMAIN for every name can be told.
STORM_ONLY: dict[tuple[str, ...], tuple[str, ...]] = {DNS_FAULTS: ("nxdomain",)}
HUGE = 1024**3
STORMS = 0.3  # the share of runs in which every request gets the same fault


@dataclass
class Plan:
    """The fault for each request, drawn from a seeded random source; what each question's last answer was."""

    rng: random.Random | None  # None: every request passes
    faults: tuple[str, ...]
    storm: str = ""  # one fault for every request (a 429 storm, NXDOMAIN for every name), or ""
    last: dict[str, str] = field(default_factory=dict)
    killed: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    def pick(self, key: str) -> str:
        with self.lock:
            if self.killed:
                fault = "killed"
            elif self.rng is None:
                fault = "pass"
            elif self.storm:
                fault = self.storm
            else:
                fault = self.rng.choice(self.faults)
                self.killed = fault == "killed"
            self.last[key] = fault
            return fault

    def hid_something(self) -> bool:
        """Whether the last answer to some question was a fault."""
        return any(fault != "pass" for fault in self.last.values())


# --- HTTP ------------------------------------------------------------------------------------------


class FaultProxy:
    """An HTTP server on 127.0.0.1 that forwards to `upstream` or answers with the plan's fault.

    With `only`, requests whose path does not contain it are always forwarded (the sign-in renewal alone
    faulted, say).
    """

    def __init__(
        self, upstream: str, plan: Plan, *, only: str = "", tls: tuple[str, str] | None = None
    ) -> None:
        self.upstream = upstream
        self.plan = plan
        self.only = only
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                proxy.answer(self, body)

            do_GET = do_POST = _any

            def log_message(self, *args: object) -> None:
                pass

        context = None
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def finish_request(self, request: Any, client_address: Any) -> None:
                if context is not None:  # the handshake in the request's own thread
                    request.settimeout(3)
                    try:
                        request = context.wrap_socket(request, server_side=True)
                    except (OSError, ssl.SSLError):
                        return
                super().finish_request(request, client_address)

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that hung up on a fault is expected

        self.httpd = Server(("127.0.0.1", 0), Handler)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _forward(
        self, handler: BaseHTTPRequestHandler, body: bytes, fault: str
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        host = self.upstream.split("://", 1)[1]
        connection = http.client.HTTPConnection(host, timeout=10)
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in ("host", "connection")}
        connection.request(handler.command, handler.path, body=body or None, headers=headers)
        response = connection.getresponse()
        data = response.read().replace(self.upstream.encode(), self.url.encode())
        kept = [
            (k, v)
            for k, v in response.getheaders()
            if k.lower() not in ("content-length", "connection", "transfer-encoding", "date", "server")
        ]
        connection.close()
        return response.status, kept, data

    def answer(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        if self.only and self.only not in handler.path:
            fault = "pass"
        else:
            fault = self.plan.pick(self.question(handler, body))
        out = handler.wfile
        if fault in ("killed", "stall"):
            if fault == "stall":
                time.sleep(TIMEOUT * 1.5)
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault.startswith(("429", "500", "503")):
            status = int(fault[:3])
            handler.send_response(status)
            if fault == "429-retry-after":
                handler.send_header("Retry-After", "1")
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", "2")
            handler.end_headers()
            out.write(b"{}")
            return
        if fault == "garbage":
            junk = random.Random(body + handler.path.encode()).randbytes(300)
            self._send(handler, 200, [("Content-Type", "application/json")], junk)
            return
        if fault == "huge":
            self._huge(handler)
            return
        status, headers, data = self._forward(handler, body, fault)
        if fault == "truncated":
            self._send(handler, status, headers, data, send=len(data) // 2)
            handler.close_connection = True
        elif fault == "dribble":
            self._send(handler, status, headers, data, send=0)
            for byte in data:
                out.write(bytes([byte]))
                out.flush()
                time.sleep(0.3)
        else:  # "pass", or a fault inside a well-formed answer (FaultDoh)
            self._send(handler, status, headers, data)

    def question(self, handler: BaseHTTPRequestHandler, body: bytes) -> str:
        """What the request asks, for the plan's record of each question's last answer."""
        return f"{handler.command} {handler.path}"

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler,
        status: int,
        headers: list[tuple[str, str]],
        data: bytes,
        *,
        send: int | None = None,
    ) -> None:
        handler.send_response(status)
        for name, value in headers:
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data if send is None else data[:send])
        handler.wfile.flush()

    @staticmethod
    def _huge(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(HUGE))
        handler.end_headers()
        chunk = b"[" + b" " * ((1 << 16) - 1)
        sent = 0
        while sent < HUGE:
            handler.wfile.write(chunk)
            sent += len(chunk)
        handler.close_connection = True


# --- DNS -------------------------------------------------------------------------------------------


class FaultDns(SocketThread):
    """A DNS server over UDP on 127.0.0.1 that answers from a network_dns Zone, or with the plan's fault."""

    def __init__(self, zone: Any, plan: Plan) -> None:
        self.zone = zone
        self.plan = plan
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{sock.getsockname()[1]}"
        super().__init__(sock)

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                wire, peer = self.sock.recvfrom(4096)
            except (TimeoutError, OSError):
                continue
            answer = self._answer(wire)
            if answer is not None:
                self.sock.sendto(answer, peer)

    def _answer(self, wire: bytes) -> bytes | None:
        import dns.message

        try:
            query = dns.message.from_wire(wire)
        except Exception:  # noqa: BLE001 - a stand-in answers garbage with silence
            return None
        return faulted_reply(self.zone, query, wire, self.plan.pick(dns_question(query)))


def dns_question(query: Any) -> str:
    """ "NAME TYPE" of a DNS query, for the plan's record of each question's last answer."""
    question = query.question[0] if query.question else None
    return f"{question.name} {question.rdtype}" if question is not None else "?"


def faulted_reply(zone: Any, query: Any, wire: bytes, fault: str) -> bytes | None:
    """The zone's answer to `wire`, or the DNS fault drawn for it (None: silence)."""
    import dns.flags
    import dns.message
    import dns.rcode

    if fault in ("silent", "killed"):
        return None
    if fault == "garbage":
        return wire[:2] + random.Random(wire).randbytes(40)
    if fault == "pass":
        return zone.respond(wire)  # type: ignore[no-any-return]
    response = dns.message.make_response(query)
    if fault == "servfail":
        response.set_rcode(dns.rcode.SERVFAIL)
    elif fault == "refused":
        response.set_rcode(dns.rcode.REFUSED)
    elif fault == "nxdomain":
        response.set_rcode(dns.rcode.NXDOMAIN)
    elif fault == "truncated":
        response.flags |= dns.flags.TC
    elif fault == "wrong-id":
        response.id = (query.id + 1) % 65536
    return response.to_wire()


# --- DNS over HTTPS and over TLS -------------------------------------------------------------------

# The independent resolvers' faults: HTTP's for DNS over HTTPS, and inside a well-formed answer DNS's
# (SERVFAIL, REFUSED, another query id; NXDOMAIN only as a storm). DNS over TLS, which has no HTTP, takes
# a status fault as REFUSED (a server too busy to answer) and the body faults on its own framing.
ENCRYPTED_FAULTS = (
    "pass",
    "pass",
    "pass",
    "stall",
    "429-retry-after",
    "500",
    "truncated",
    "garbage",
    "huge",
    "dribble",
    "killed",
    "servfail",
    "refused",
    "wrong-id",
)
STORM_ONLY[ENCRYPTED_FAULTS] = ("nxdomain",)


class FaultDoh(FaultProxy):
    """DNS over HTTPS on 127.0.0.1 answering from a network_dns Zone, or with the plan's fault."""

    def __init__(self, zone: Any, plan: Plan, tls: tuple[str, str]) -> None:
        super().__init__("", plan, tls=tls)
        self.zone = zone

    def __enter__(self) -> FaultDoh:
        super().__enter__()
        return self

    @property
    def doh_url(self) -> str:
        """The URL to give as --endpoint doh."""
        return self.url + "/dns-query"

    def question(self, handler: BaseHTTPRequestHandler, body: bytes) -> str:
        return "doh " + _question_of(body)

    def _forward(
        self, handler: BaseHTTPRequestHandler, body: bytes, fault: str
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        import dns.message

        try:
            query = dns.message.from_wire(body)
        except Exception:  # noqa: BLE001 - a stand-in answers a query it cannot read with 400
            return 400, [], b""
        inner = fault if fault in ("servfail", "refused", "wrong-id", "nxdomain") else "pass"
        reply = faulted_reply(self.zone, query, body, inner) or b""
        return 200, [("Content-Type", "application/dns-message")], reply


def _question_of(wire: bytes) -> str:
    import dns.message

    try:
        return dns_question(dns.message.from_wire(wire))
    except Exception:  # noqa: BLE001 - a query the stand-in cannot read
        return "?"


class FaultDot(SocketThread):
    """DNS over TLS on 127.0.0.1 answering from a network_dns Zone, or with the plan's fault."""

    def __init__(self, zone: Any, plan: Plan, tls: tuple[str, str]) -> None:
        self.zone = zone
        self.plan = plan
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(*tls)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(32)
        self.port = sock.getsockname()[1]
        super().__init__(sock)

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                raw, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._talk, args=(raw,), daemon=True).start()

    def _talk(self, raw: socket.socket) -> None:
        raw.settimeout(3)
        try:
            if self.plan.killed:
                return
            connection = self.context.wrap_socket(raw, server_side=True)
            while not self.stopping.is_set() and self._one(connection):
                pass
        except (OSError, ssl.SSLError, struct.error):
            return
        finally:
            raw.close()

    def _one(self, connection: ssl.SSLSocket) -> bool:
        """Answer one length-prefixed query; False when the connection is to end."""
        import dns.message

        head = _exactly(connection, 2)
        wire = _exactly(connection, struct.unpack("!H", head)[0])
        try:
            query = dns.message.from_wire(wire)
        except Exception:  # noqa: BLE001 - a stand-in ends a connection it cannot read
            return False
        fault = self.plan.pick("dot " + dns_question(query))
        if fault in ("stall", "silent"):
            self.stopping.wait(TIMEOUT * 1.5)
            return False
        if fault.startswith(("429", "500", "503")):
            fault = "refused"
        if fault == "huge":
            connection.sendall(b"\xff\xff" + random.Random(wire).randbytes(65535))
            return True
        if fault == "garbage":
            junk = random.Random(wire).randbytes(40)
            connection.sendall(struct.pack("!H", len(junk)) + junk)
            return True
        reply = faulted_reply(self.zone, query, wire, "pass" if fault in ("truncated", "dribble") else fault)
        if reply is None:
            return False
        framed = struct.pack("!H", len(reply)) + reply
        if fault == "truncated":
            connection.sendall(framed[: len(framed) // 2])
            return False
        if fault == "dribble":
            for byte in framed:
                if self.stopping.is_set():
                    return False
                connection.sendall(bytes([byte]))
                time.sleep(0.3)
            return True
        connection.sendall(framed)
        return True


def _exactly(connection: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise ConnectionResetError("closed")
        data += chunk
    return data


# --- the targets ------------------------------------------------------------------------------------

Setup = Callable[[Plan], Any]  # a context manager yielding the run's keyword arguments


@dataclass(frozen=True)
class Target:
    """One network check and how to stand its server up behind the faults."""

    name: str
    check: str  # "module:Class"
    setup: Setup
    faults: tuple[str, ...] = HTTP_FAULTS


def _expired_sign_in(refresh_token: str) -> str:
    """A stored sign-in as `cybercheck login` keeps it, whose access token has expired: the check renews it."""
    import json

    blob = {"access_token": "expired", "refresh_token": refresh_token, "expires_at": 1, "client_id": "id"}
    return json.dumps(blob)


@contextmanager
def _gmail(plan: Plan, *, renew: bool = False) -> Iterator[dict[str, Any]]:
    from tests.fuzz.readers import _quiet_mailbox
    from tests.servers.mail_gmail import GOOD_TOKEN, REFRESH_TOKEN, GmailStub
    from tests.servers.mail_http import StubServer

    mailbox = _quiet_mailbox()
    mailbox["filters"] = {
        "filter": [
            {"id": "A", "criteria": {"from": "bank.example"}, "action": {"forward": "spy@evil.example"}}
        ]
    }
    only = "/token" if renew else ""
    with StubServer(GmailStub(mailbox)) as server, FaultProxy(server.url, plan, only=only) as proxy:
        yield {
            "endpoints": {"gmail": proxy.url, "google-oauth": proxy.url},
            "secrets": {"gmail-token": _expired_sign_in(REFRESH_TOKEN) if renew else GOOD_TOKEN},
        }


MICROSOFT_TOKEN = "/oauth2/v2.0/token"  # the sign-in renewal's path under --endpoint microsoft-login


@contextmanager
def _outlook(plan: Plan, *, renew: bool = False) -> Iterator[dict[str, Any]]:
    from tests.servers.mail_graph import GOOD_TOKEN, REFRESH_TOKEN, GraphStub
    from tests.servers.mail_http import StubServer

    stub = GraphStub()
    only = MICROSOFT_TOKEN if renew else ""
    with StubServer(stub) as server, FaultProxy(server.url, plan, only=only) as proxy:
        stub.base = proxy.url
        yield {
            "endpoints": {"graph": proxy.url, "microsoft-login": proxy.url},
            "secrets": {"outlook-token": _expired_sign_in(REFRESH_TOKEN) if renew else GOOD_TOKEN},
        }


@contextmanager
def _microsoft_methods(plan: Plan, *, renew: bool = False) -> Iterator[dict[str, Any]]:
    from tests.servers import sessions_graph

    running, base = sessions_graph.serve("work")
    token = _expired_sign_in(sessions_graph.REFRESH_TOKEN) if renew else sessions_graph.TOKEN
    try:
        with FaultProxy(base, plan, only=MICROSOFT_TOKEN if renew else "") as proxy:
            yield {
                "endpoints": {"graph": proxy.url, "microsoft-login": proxy.url},
                "secrets": {"outlook-token": token},
                "inputs": {"owner": "me@example.org"},
            }
    finally:
        running.shutdown()
        running.server_close()


@contextmanager
def _breached_accounts(plan: Plan) -> Iterator[dict[str, Any]]:
    from tests.servers.passwords_hibp import AccountReply, HibpServer, HibpState, breach

    state = HibpState()
    state.accounts["alice@example.com"] = AccountReply(200, [breach("Adobe")])
    with HibpServer(state) as server, FaultProxy(server.url, plan) as proxy:
        yield {
            "endpoints": {"hibp": proxy.url + "/api/v3"},
            "secrets": {"hibp": state.api_key},
            "inputs": {"email": ["alice@example.com", "bob@example.com"]},
        }


@contextmanager
def _pwned_passwords(plan: Plan) -> Iterator[dict[str, Any]]:
    from tests.servers.passwords_hibp import HibpServer, HibpState

    state = HibpState()
    state.add_passwords({"Tulip-hedge-42": 250})
    export = Path(__file__).resolve().parents[1] / "fixtures" / "passwords" / "firefox.csv"
    with HibpServer(state) as server, FaultProxy(server.url, plan) as proxy:
        yield {"endpoints": {"pwned": proxy.url}, "inputs": {"passwords": str(export)}}


SIEVE_SCRIPT = """require ["fileinto"];
if address :is "from" "office@solicitor.example" {
    fileinto "Old Stuff";
}
"""  # a finding only when IMAP says "Old Stuff" is a trash folder (SPECIAL-USE): both servers must answer
_dovecot: list[Any] = []  # the one Dovecot of this process (and of the children forked after it started)


def _shared_dovecot() -> Any:
    """The test Dovecot (tests/servers/mail_dovecot.py), started once and stopped when this process ends."""
    if not _dovecot:
        import atexit
        import shutil
        from contextlib import ExitStack

        from tests.servers.mail_dovecot import running_dovecot

        if shutil.which("dovecot") is None:
            raise RuntimeError("mail.sieve's server faults need Dovecot with Pigeonhole installed")
        stack = ExitStack()
        _dovecot.append(stack.enter_context(running_dovecot()))
        atexit.register(stack.close)
    return _dovecot[0]


@contextmanager
def _sieve(plan: Plan) -> Iterator[dict[str, Any]]:
    """mail.sieve: Dovecot's ManageSieve and IMAP, each behind a proxy that ends TLS and faults answers."""
    from tests.fuzz.mail_faults import MailFaultProxy

    server = _shared_dovecot()
    cert, key = str(server.cert), str(server.key)
    with _trusting(cert):
        server.upload({"filters": SIEVE_SCRIPT}, active="filters")
        with (
            MailFaultProxy(server.sieve_port, plan, cert, key, "sieve") as sieve,
            MailFaultProxy(server.imap_port, plan, cert, key, "imap") as imap,
        ):
            yield {
                "inputs": {
                    "imap": f"127.0.0.1:{imap.port}",
                    "imap-user": server.user,
                    "sieve-port": str(sieve.port),
                },
                "secrets": {"imap": server.password},
            }


def _dns_servers() -> Any:
    """tests/servers/network_dns (imported by the name the network tests give it)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "servers"))
    import network_dns

    return network_dns


def _zone(records: dict[str, dict[str, list[str]]]) -> Any:
    return _dns_servers().Zone(records=records)


@contextmanager
def _lookalike(plan: Plan) -> Iterator[dict[str, Any]]:
    zone = _zone({"jane-doe.com": {"NS": ["ns1.other.example."], "A": ["198.51.100.66"]}})
    with FaultDns(zone, plan) as server:
        yield {"nameservers": [server.address], "inputs": {"name": "Jane Doe"}, "country": "GB"}


@contextmanager
def _mail_provider(plan: Plan) -> Iterator[dict[str, Any]]:
    zone = _zone(
        {
            "work.example": {
                "MX": ["10 mx.work.example."],
                "TXT": ['"v=spf1 +all"'],
            },
            "_dmarc.work.example": {},
        }
    )
    with FaultDns(zone, plan) as server:
        yield {
            "nameservers": [server.address],
            "inputs": {"domain": "work.example", "own-domain": "work.example"},
        }


@lru_cache(maxsize=1)
def _certificate() -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 and localhost, made once per process: (certificate, key)."""
    import atexit
    import shutil
    import subprocess
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="cybercheck-fuzz-tls-"))
    atexit.register(shutil.rmtree, folder, True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
        check=True, capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)


@contextmanager
def _network_dns(plan: Plan) -> Iterator[dict[str, Any]]:
    """network.dns: this computer's resolver (faulted) hijacks a sign-in name; DNS over TLS and over HTTPS
    (honest, not faulted) give the truth to compare with."""
    from tests.checks.network.conftest import REAL

    network_dns = _dns_servers()
    cert, key = _certificate()
    hijacked = network_dns.zone_of(REAL)
    hijacked.overrides = {"accounts.google.com": {"A": ["45.77.10.20"]}}
    with _trusting(cert):
        dot = network_dns.DotServer(network_dns.zone_of(REAL), cert, key)
        doh = network_dns.DohServer(network_dns.zone_of(REAL), cert, key)
        try:
            with FaultDns(hijacked, plan) as system:
                yield {
                    "nameservers": [system.address],
                    "endpoints": {"doh": doh.url, "dot": f"127.0.0.1:{dot.port}#localhost"},
                }
        finally:
            dot.close()
            doh.close()


@contextmanager
def _network_dns_encrypted(plan: Plan) -> Iterator[dict[str, Any]]:
    """network.dns: this computer's resolver (honest here) hijacks a sign-in name; the DNS-over-TLS and
    DNS-over-HTTPS servers that give the truth to compare with are faulted."""
    from tests.checks.network.conftest import REAL

    network_dns = _dns_servers()
    cert, key = _certificate()
    hijacked = network_dns.zone_of(REAL)
    hijacked.overrides = {"accounts.google.com": {"A": ["45.77.10.20"]}}
    system = network_dns.DnsServer(hijacked)
    try:
        with (
            _trusting(cert),
            FaultDot(network_dns.zone_of(REAL), plan, (cert, key)) as dot,
            FaultDoh(network_dns.zone_of(REAL), plan, (cert, key)) as doh,
        ):
            yield {
                "nameservers": [system.address],
                "endpoints": {"doh": doh.doh_url, "dot": f"127.0.0.1:{dot.port}#localhost"},
            }
    finally:
        system.close()


@contextmanager
def _trusting(cert: str) -> Iterator[None]:
    """The test certificate trusted by ssl and requests for the block's duration."""
    import os

    saved = {name: os.environ.get(name) for name in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE")}
    os.environ.update({"SSL_CERT_FILE": cert, "REQUESTS_CA_BUNDLE": cert})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _renewing(setup: Callable[..., Any]) -> Setup:
    return lambda plan: setup(plan, renew=True)


# The harness runs the first three targets once in its own process before forking: these three, so that
# the Dovecot and the test certificate are made there once and every forked run shares them (a child
# that made its own would leave them behind, since it ends without running atexit).
TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("mail.sieve", "checks.mail.checks:SieveFilters", _sieve, MAIL_FAULTS),
        Target(
            "network.dns-encrypted",
            "checks.network.checks:DnsCheck",
            _network_dns_encrypted,
            ENCRYPTED_FAULTS,
        ),
        Target("network.dns", "checks.network.checks:DnsCheck", _network_dns, DNS_FAULTS),
        Target("mail.gmail", "checks.mail.checks:GmailSettings", _gmail),
        Target("mail.gmail-renewal", "checks.mail.checks:GmailSettings", _renewing(_gmail)),
        Target("mail.outlook", "checks.mail.checks:OutlookRules", _outlook),
        Target("mail.outlook-renewal", "checks.mail.checks:OutlookRules", _renewing(_outlook)),
        Target("sessions.microsoft", "checks.sessions.checks:MicrosoftMethods", _microsoft_methods),
        Target(
            "sessions.microsoft-renewal",
            "checks.sessions.checks:MicrosoftMethods",
            _renewing(_microsoft_methods),
        ),
        Target("passwords.breached-accounts", "checks.passwords.checks:BreachedAccounts", _breached_accounts),
        Target("passwords.pwned", "checks.passwords.checks:PwnedPasswords", _pwned_passwords),
        Target("identity.lookalike", "checks.identity.checks:Lookalike", _lookalike, DNS_FAULTS),
        Target("mail.provider", "checks.mail.checks:MailProvider", _mail_provider, DNS_FAULTS),
    )
}
_last: list[Plan] = []  # the plan of the run just made in this process (each input runs in its own child)


def run_faulted(path: Path, data: bytes) -> Any:
    """Run the target named by `path` with faults drawn from `data` (SEED: none); the CheckResult."""
    import importlib

    from cybercheck.testing import run

    target = TARGETS[path.name]
    rng = None if data == SEED else random.Random(hashlib.sha256(data).digest())
    plan = Plan(rng, target.faults)
    if rng is not None and rng.random() < STORMS:
        plan.storm = rng.choice(
            [f for f in target.faults if f not in ("pass", "killed")]
            + list(STORM_ONLY.get(target.faults, ()))
        )
    _last[:] = [plan]
    module, name = target.check.split(":")
    check = getattr(importlib.import_module(module), name)
    with target.setup(plan) as kwargs:
        return run(check, timeout=TIMEOUT, **kwargs)


def nothing_hidden() -> bool:
    """Whether the last run's every question got a true answer in the end (the harness's oracle)."""
    return not (_last and _last[0].hid_something())
