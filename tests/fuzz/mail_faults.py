"""Faults from a mail server: a proxy in front of the test Dovecot's ManageSieve or IMAP port.

The proxy ends TLS itself, with Dovecot's own certificate (which the check is made to trust), so that
it sees every command and can answer it with a fault instead of Dovecot's answer: a stall past the
time-out, the answer cut off half-way, garbage, the answer dribbled a byte every 0.3 s, a literal
announcing 1 GiB that keeps coming, endless long lines, NO, BYE, and the server killed (every later
command and connection closed at once). "pass" relays Dovecot's answer. Commands are relayed to
Dovecot as the client sent them; STARTTLS is done on both sides when Dovecot agrees to it. LOGOUT is
always relayed: no check reads its answer, so a fault there would hide nothing.
"""

from __future__ import annotations

import contextlib
import random
import re
import socket
import ssl
import threading
import time
from typing import Any

from tests.fuzz.server_faults import HUGE, TIMEOUT, Plan
from tests.servers.mail_http import SocketThread

_LITERAL = re.compile(rb"\{(\d+)\+?\}\r?\n$")


class _Stream:
    """A socket with a read buffer: lines, and exact byte counts."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def _fill(self) -> bool:
        chunk = self.sock.recv(65536)
        self.buffer += chunk
        return bool(chunk)

    def line(self) -> bytes:
        while b"\n" not in self.buffer:
            if not self._fill():
                raise ConnectionError("closed")
        cut = self.buffer.index(b"\n") + 1
        line, self.buffer = self.buffer[:cut], self.buffer[cut:]
        return line

    def exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            if not self._fill():
                raise ConnectionError("closed")
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def with_literals(self) -> bytes:
        """One line, with the literals it announces and the rest of the line after each."""
        out = self.line()
        while match := _LITERAL.search(out):
            out += self.exactly(int(match.group(1)))
            out += self.line()
        return out


class MailFaultProxy(SocketThread):
    """A ManageSieve (`protocol` "sieve") or IMAP ("imap") proxy on 127.0.0.1 that faults answers."""

    def __init__(self, upstream_port: int, plan: Plan, cert: str, key: str, protocol: str) -> None:
        self.upstream_port = upstream_port
        self.plan = plan
        self.protocol = protocol
        self.server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.server_side.load_cert_chain(cert, key)
        self.client_side = ssl.create_default_context(cafile=cert)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        self.port = sock.getsockname()[1]
        self.open: list[socket.socket] = []
        super().__init__(sock)

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        for sock in list(self.open):
            _close(sock)

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                client, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.open.append(client)
            threading.Thread(target=self._talk, args=(client,), daemon=True).start()

    def _talk(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        try:
            if self.plan.killed:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=10)
            self.open.append(upstream)
            client.settimeout(30)
            self._session(client, upstream)
        except (OSError, ssl.SSLError, ConnectionError, ValueError):
            return  # the check hung up, or a fault closed the connection
        finally:
            _close(client)
            if upstream is not None:
                _close(upstream)

    def _session(self, client: socket.socket, upstream: socket.socket) -> None:
        near, far = _Stream(client), _Stream(upstream)
        if not self._deliver(near, "greeting", self._answer(far, None), None):
            return
        while not self.stopping.is_set():
            command = near.with_literals()
            words = command.split(None, 2)
            tag = words[0] if self.protocol == "imap" and words else None
            verb = (words[1] if tag is not None and len(words) > 1 else words[0] if words else b"").upper()
            far.sock.sendall(command)
            answer = self._answer(far, tag)
            if verb == b"LOGOUT":
                near.sock.sendall(answer)
                return
            if not self._deliver(near, verb.decode("ascii", "replace"), answer, tag):
                return
            if verb == b"STARTTLS" and _ok(answer, tag):
                near.sock = self.server_side.wrap_socket(near.sock, server_side=True)
                far.sock = self.client_side.wrap_socket(far.sock, server_hostname="127.0.0.1")
                self.open += [near.sock, far.sock]
                # RFC 5804: ManageSieve sends its capabilities again, unasked
                if self.protocol == "sieve" and not self._deliver(
                    near, "capabilities", self._answer(far, None), None
                ):
                    return

    def _answer(self, far: _Stream, tag: bytes | None) -> bytes:
        """Dovecot's whole answer: to the IMAP command `tag`, the IMAP greeting (no tag), or ManageSieve's."""
        out = b""
        while True:
            line = far.with_literals()
            out += line
            head = line.split(None, 1)[0].upper() if line.strip() else b""
            if self.protocol == "imap":
                if tag is None or head == tag.upper():
                    return out
            elif head in (b"OK", b"NO", b"BYE"):
                return out

    def _deliver(self, near: _Stream, verb: str, answer: bytes, tag: bytes | None) -> bool:
        """Send the answer, or the fault drawn for it; False when the connection is to end."""
        fault = self.plan.pick(f"{self.protocol} {verb}")
        out = near.sock
        if fault == "pass":
            out.sendall(answer)
            return True
        if fault == "stall":
            self.stopping.wait(TIMEOUT * 1.5)
        elif fault == "cut":
            out.sendall(answer[: len(answer) // 2])
        elif fault == "garbage":
            junk = random.Random(answer).randbytes(300)
            out.sendall(junk + b"\r\n" + junk[::-1] + b"\r\n")
            return True
        elif fault == "dribble":
            for byte in answer:
                if self.stopping.is_set():
                    break
                out.sendall(bytes([byte]))
                time.sleep(0.3)
            return True
        elif fault == "huge-literal":
            head = b'* LIST () "/" ' if self.protocol == "imap" else b""
            out.sendall(head + b"{%d}\r\n" % HUGE)
            _flood(out, b"x" * 65536, self.stopping)
        elif fault == "flood":
            line = (b'* LIST () "/" ' if self.protocol == "imap" else b'"script" ') + b"y" * 60000 + b"\r\n"
            _flood(out, line, self.stopping)
        elif fault == "no":
            out.sendall((tag or b"*") + b' NO "fault"\r\n' if self.protocol == "imap" else b'NO "fault"\r\n')
            return tag is not None or self.protocol == "sieve"
        elif fault == "bye":
            out.sendall(b"* BYE shutting down\r\n" if self.protocol == "imap" else b'BYE "shutting down"\r\n')
        return False  # stall, cut, huge, flood, bye and killed end the connection


def _ok(answer: bytes, tag: bytes | None) -> bool:
    last = answer.rstrip(b"\r\n").rsplit(b"\n", 1)[-1].split()
    if tag is not None:
        return len(last) > 1 and last[1].upper() == b"OK"
    return bool(last) and last[0].upper() == b"OK"


def _flood(out: socket.socket, chunk: bytes, stopping: threading.Event) -> None:
    sent = 0
    while sent < HUGE and not stopping.is_set():
        out.sendall(chunk)
        sent += len(chunk)


def _close(sock: Any) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
