"""ManageSieve helpers for the tests: uploading scripts to the real Dovecot (PUTSCRIPT and
SETACTIVE, which the check itself never sends), and a fake server that misbehaves on purpose.

The fake server follows RFC 5804's exchange (capabilities, STARTTLS, capabilities again,
AUTHENTICATE, LISTSCRIPTS) until the point where it is told to fail.
"""

from __future__ import annotations

import base64
import socket
import ssl
import threading
from pathlib import Path

from tests.servers.mail_http import SocketThread

CAPABILITIES = (
    b'"IMPLEMENTATION" "Fake Sieve"\r\n"SASL" "PLAIN"\r\n"SIEVE" "fileinto copy"\r\n'
    b'"STARTTLS"\r\n"VERSION" "1.0"\r\nOK "ready"\r\n'
)


def _read_response(stream) -> list[bytes]:  # type: ignore[no-untyped-def]
    lines = []
    while True:
        line = stream.readline()
        if not line:
            raise ConnectionError("closed")
        lines.append(line)
        if line.split(b" ", 1)[0].strip() in (b"OK", b"NO", b"BYE"):
            return lines


def upload(
    host: str, port: int, user: str, password: str, scripts: dict[str, str], active: str | None
) -> None:
    """Put scripts on a ManageSieve server and make one active (test set-up only)."""
    with socket.create_connection((host, port), timeout=10) as raw:
        stream = raw.makefile("rb")
        _read_response(stream)
        raw.sendall(b"STARTTLS\r\n")
        _read_response(stream)
        tls = ssl.create_default_context().wrap_socket(raw, server_hostname=host)
        stream = tls.makefile("rb")
        _read_response(stream)
        blob = base64.b64encode(f"\0{user}\0{password}".encode())
        tls.sendall(b'AUTHENTICATE "PLAIN" "' + blob + b'"\r\n')
        assert _read_response(stream)[-1].startswith(b"OK")
        for name, text in scripts.items():
            data = text.encode()
            tls.sendall(b'PUTSCRIPT "%s" {%d+}\r\n%s\r\n' % (name.encode(), len(data), data))
            answer = _read_response(stream)
            assert answer[-1].startswith(b"OK"), answer
        command = b'SETACTIVE "%s"\r\n' % active.encode() if active else b'SETACTIVE ""\r\n'
        tls.sendall(command)
        assert _read_response(stream)[-1].startswith(b"OK")
        tls.sendall(b"LOGOUT\r\n")


class FakeSieve(SocketThread):
    """A ManageSieve server on 127.0.0.1 that breaks in one chosen way.

    `fail`: "close-mid-listing" sends one script name and closes; "garbage" greets with noise;
    "silent" accepts and says nothing.
    """

    def __init__(self, cert: Path, key: Path, fail: str) -> None:
        self.fail = fail
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.context.load_cert_chain(cert, key)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(4)
        super().__init__(sock)
        self.port = sock.getsockname()[1]

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        try:
            if self.fail == "garbage":
                conn.sendall(b"\x00\xffHELLO THERE\r\n" * 3 + b"OK\r\n")
                return
            if self.fail == "silent":
                self.stopping.wait(5)
                return
            conn.sendall(CAPABILITIES)
            stream = conn.makefile("rb")
            stream.readline()  # STARTTLS
            conn.sendall(b'OK "Begin TLS negotiation now."\r\n')
            tls = self.context.wrap_socket(conn, server_side=True)
            tls.sendall(CAPABILITIES.replace(b'"STARTTLS"\r\n', b""))
            stream = tls.makefile("rb")
            stream.readline()  # AUTHENTICATE ... {N+}
            stream.readline()  # the literal
            tls.sendall(b'OK "Logged in."\r\n')
            stream.readline()  # LISTSCRIPTS
            tls.sendall(b'"first" ACTIVE\r\n"sec')
            tls.close()
        except (OSError, ssl.SSLError):
            pass
        finally:
            conn.close()
