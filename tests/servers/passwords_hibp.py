"""A loopback stand-in for Have I Been Pwned: the Pwned Passwords range API and the breached-account API.

It speaks the documented shapes (../shared/reference/accounts.md, section 1): range bodies
are `SUFFIX:COUNT` lines joined by CRLF with no final newline, padded with random `:0`
lines after the real ones when `Add-Padding: true` is sent; breached-account answers are
200 with a JSON array, 404 with an empty body, 401 for a wrong key, 429 with `retry-after`,
and 503. Every request's path and headers are recorded.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

SHA1_SUFFIX = 35
NTLM_SUFFIX = 27


@dataclass(frozen=True, slots=True)
class Seen:
    """One request the server received."""

    method: str
    path: str
    headers: Mapping[str, str]


@dataclass
class AccountReply:
    """How the breached-account endpoint answers for one address."""

    status: int = 200
    breaches: list[dict[str, object]] = field(default_factory=list)
    retry_after: int | None = None
    times: int | None = None  # answer this way this many times, then with `then`
    then: AccountReply | None = None
    raw: bytes | None = None  # a body sent as it is instead of the JSON (a garbled answer)


class HibpState:
    """What the server knows and what it has seen; tests change it between requests."""

    def __init__(self) -> None:
        self.sha1: dict[str, int] = {}  # full upper-case hash -> count
        self.ntlm: dict[str, int] = {}
        self.api_key = "0123456789abcdef0123456789abcdef"
        self.accounts: dict[str, AccountReply] = {}
        self.range_faults: dict[str, tuple[int, bytes]] = {}  # prefix -> (status, body)
        self.latency = 0.0
        self.bom = False
        self.lower_case = False
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.most_in_flight = 0  # the most requests being answered at one moment
        self.lock = threading.Lock()
        self.random = random.Random(7)

    def add_passwords(self, passwords: Mapping[str, int]) -> None:
        """Make each password known with its count, in both the SHA-1 and the NTLM lists."""
        for password, count in passwords.items():
            self.sha1[hashlib.sha1(password.encode()).hexdigest().upper()] = count
            self.ntlm[ntlm(password)] = count

    def add_hashes(self, hashes: Iterable[str], count: int = 1) -> None:
        """Make SHA-1 hashes known (for bulk filling, as in the benchmark)."""
        for value in hashes:
            self.sha1[value.upper()] = count

    def range_paths(self) -> list[str]:
        """The paths of every range request so far."""
        return [s.path for s in self.seen if s.path.startswith("/range/")]


def ntlm(password: str) -> str:
    """The NTLM hash of a password, upper-case hex."""
    from Crypto.Hash import MD4

    return MD4.new(password.encode("utf-16-le")).hexdigest().upper()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # NOTE: headers and body leave in one segment with Nagle off, as a real server sends them;
    # otherwise Nagle's algorithm and delayed ACKs add about 40 ms to every keep-alive answer.
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        state = self.server.state
        with state.lock:
            state.seen.append(Seen("GET", self.path, dict(self.headers.items())))
            state.in_flight += 1
            state.most_in_flight = max(state.most_in_flight, state.in_flight)
        try:
            if state.latency:
                time.sleep(state.latency)
            self._answer(state)
        finally:
            with state.lock:
                state.in_flight -= 1

    def _answer(self, state: HibpState) -> None:
        parts = urlsplit(self.path)
        if parts.path.startswith("/range/"):
            self._range(state, parts.path[len("/range/") :], parts.query)
        elif parts.path.startswith("/api/v3/breachedaccount/"):
            self._account(state, unquote(parts.path[len("/api/v3/breachedaccount/") :]))
        else:
            self._send(404, b"Invalid API query", "text/plain")

    def _range(self, state: HibpState, prefix: str, query: str) -> None:
        if prefix.upper() in state.range_faults:
            status, body = state.range_faults[prefix.upper()]
            self._send(status, body, "text/plain")
            return
        if len(prefix) != 5:
            self._send(400, b"The hash prefix was not in a valid format", "text/plain")
            return
        try:
            int(prefix, 16)
        except ValueError:
            self._send(400, b"The hash prefix was not valid hexadecimal", "text/plain")
            return
        ntlm_mode = "mode=ntlm" in query
        table = state.ntlm if ntlm_mode else state.sha1
        prefix = prefix.upper()
        lines = [f"{h[5:]}:{c}" for h, c in sorted(table.items()) if h.startswith(prefix)]
        if self.headers.get("Add-Padding", "").lower() == "true":
            width = NTLM_SUFFIX if ntlm_mode else SHA1_SUFFIX
            with state.lock:
                extra = 10 + state.random.randrange(200)
                lines += [f"{state.random.getrandbits(width * 4):0{width}X}:0" for _ in range(extra)]
        text = "\r\n".join(lines)  # CRLF between lines, no final newline, as the real worker does
        if state.lower_case:
            text = text.lower()
        body = text.encode()
        if state.bom:
            body = b"\xef\xbb\xbf" + body
        self._send(200, body, "text/plain")

    def _account(self, state: HibpState, account: str) -> None:
        if self.headers.get("hibp-api-key") != state.api_key:
            self._json(401, {"statusCode": 401, "message": "Access denied due to invalid hibp-api-key."})
            return
        with state.lock:
            reply = state.accounts.get(account.lower())
            if reply is not None and reply.times is not None:
                reply.times -= 1
                if reply.times < 0 and reply.then is not None:
                    state.accounts[account.lower()] = reply = reply.then
        if reply is None or reply.status == 404:
            self._send(404, b"", "text/plain")
        elif reply.status == 429:
            seconds = reply.retry_after or 1
            self._json(
                429,
                {"statusCode": 429, "message": f"Rate limit is exceeded. Try again in {seconds} seconds."},
                {"retry-after": str(seconds)},
            )
        elif reply.raw is not None:
            self._send(reply.status, reply.raw, "text/html")
        elif reply.status == 200:
            self._json(200, reply.breaches)
        else:
            self._send(reply.status, b"<html><body>Service Unavailable</body></html>", "text/html")

    def _json(self, status: int, data: object, headers: Mapping[str, str] | None = None) -> None:
        self._send(status, json.dumps(data).encode(), "application/json", headers)

    def _send(self, status: int, body: bytes, kind: str, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, state: HibpState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class HibpServer:
    """The stand-in server in a background thread; use as a context manager."""

    def __init__(self, state: HibpState | None = None) -> None:
        self.state = state or HibpState()
        self._server = _Server(self.state)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="hibp stand-in", daemon=True
        )

    @property
    def url(self) -> str:
        """The base address, e.g. http://127.0.0.1:41234 (the range API's `pwned` endpoint)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def accounts_url(self) -> str:
        """The breached-account API's base (the `hibp` endpoint)."""
        return self.url + "/api/v3"

    def __enter__(self) -> HibpServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def breach(name: str, **fields: object) -> dict[str, object]:
    """A breach in HIBP's full (untruncated) JSON shape, with invented values."""
    item: dict[str, object] = {
        "Name": name,
        "Title": name,
        "Domain": f"{name.lower()}.example",
        "BreachDate": "2019-05-01",
        "AddedDate": "2019-07-10T12:00:00Z",
        "ModifiedDate": "2019-07-10T12:00:00Z",
        "PwnCount": 1234567,
        "Description": "<p>An invented breach for tests.</p>",
        "LogoPath": f"https://example.invalid/{name}.png",
        "DataClasses": ["Email addresses", "Passwords"],
        "IsVerified": True,
        "IsFabricated": False,
        "IsSensitive": False,
        "IsRetired": False,
        "IsSpamList": False,
        "IsMalware": False,
        "IsStealerLog": False,
        "IsSubscriptionFree": False,
    }
    item.update(fields)
    return item
