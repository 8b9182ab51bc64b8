"""A small read-only ManageSieve client (RFC 5804): TLS, AUTHENTICATE PLAIN, LISTSCRIPTS, GETSCRIPT.

TLS is always used: STARTTLS by default, or TLS from the start (`implicit_tls`). The server's
certificate is verified against the system's trust store (ssl.create_default_context(), which
honours SSL_CERT_FILE); a certificate problem is an error, never a reason to go on without TLS.
Every socket has a time-out, and each whole answer must arrive within ANSWER_TIME of them (a
server sending a byte a second never times out a single read). The client never sends PUTSCRIPT,
SETACTIVE, DELETESCRIPT or RENAMESCRIPT.
"""

from __future__ import annotations

import base64
import contextlib
import re
import socket
import ssl
import time
from dataclasses import dataclass

from cybercheck.errors import DamagedInput, Refused, SourceError, Unreachable
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

MAX_LINE = 64 * 1024
MAX_LITERAL = 4 * 1024 * 1024
MAX_LINES = 10_000
MAX_ANSWER = MAX_LITERAL + 1024 * 1024  # one answer's bytes, all lines and literals together
ANSWER_TIME = 4  # one answer must arrive whole within this many time-outs (a server that dribbles)
_LITERAL = re.compile(rb"\{(\d+)\+?\}\r?\n?$")
_ATOM = re.compile(r'"((?:[^"\\]|\\.)*)"|(\{\d+\+?\})|([^\s()"]+)')


@dataclass(frozen=True, slots=True)
class Response:
    """A complete server response: the data lines before it, its status (OK/NO/BYE) and its text."""

    lines: tuple[bytes, ...]
    status: str
    text: str


def _words(line: str) -> list[str]:
    return [
        m.group(1) if m.group(1) is not None else (m.group(2) or m.group(3)) for m in _ATOM.finditer(line)
    ]


def script_text(data: bytes) -> str:
    """A script as the server sent it, as text."""
    return data.decode("utf-8", errors="replace")


def _unquote(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


class ManageSieve:
    """One read-only ManageSieve session; use as a context manager."""

    def __init__(
        self, host: str, port: int = 4190, *, implicit_tls: bool = False, timeout: float = 15.0
    ) -> None:
        self.host = host
        self.port = port
        self.implicit_tls = implicit_tls
        self.timeout = timeout
        self.capabilities: dict[str, str] = {}
        self._sock: socket.socket | None = None
        self._buffer = b""
        self._deadline = 0.0  # when the answer being read must be complete
        self._received = 0  # bytes of that answer so far

    # connection -------------------------------------------------------------------------
    def connect(self) -> None:
        """Connect, secure the connection and read the capabilities."""
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as error:
            raise Unreachable(
                text("mail.sieve-unreachable", host=self.host, port=self.port),
                detail=f"{type(error).__name__}: {error}",
            ) from None
        sock.settimeout(self.timeout)
        self._sock = sock
        if self.implicit_tls:
            self._wrap()
        self.capabilities = self._capabilities(self._response())
        if not self.implicit_tls:
            if "STARTTLS" not in self.capabilities:
                raise SourceError(
                    text("mail.sieve-no-starttls", host=self.host),
                    detail="no STARTTLS capability",
                )
            self._send(b"STARTTLS")
            answer = self._response()
            if answer.status != "OK":
                raise SourceError(
                    text("mail.sieve-starttls-refused", host=self.host),
                    detail=f"STARTTLS: {answer.status} {answer.text}",
                )
            self._wrap()
            # NOTE: RFC 5804 section 2.2: the server sends its capabilities again after TLS.
            self.capabilities = self._capabilities(self._response())

    def _wrap(self) -> None:
        assert self._sock is not None
        context = ssl.create_default_context()
        try:
            self._sock = context.wrap_socket(self._sock, server_hostname=self.host)
        except ssl.SSLCertVerificationError as error:
            raise Unreachable(
                text("mail.sieve-certificate", host=self.host),
                detail=f"certificate: {error.verify_message or error}",
            ) from None
        except (ssl.SSLError, OSError) as error:
            raise Unreachable(
                text("mail.sieve-tls-failed", host=self.host),
                detail=f"{type(error).__name__}: {error}",
            ) from None
        self._sock.settimeout(self.timeout)
        self._buffer = b""

    def close(self) -> None:
        """Say LOGOUT if the connection is still there, then close it."""
        if self._sock is None:
            return
        with contextlib.suppress(SourceError):
            self._send(b"LOGOUT")
        try:
            self._sock.close()
        finally:
            self._sock = None

    def __enter__(self) -> ManageSieve:
        self.connect()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # commands ---------------------------------------------------------------------------
    def authenticate(self, user: str, password: Secret) -> None:
        """AUTHENTICATE PLAIN; Refused when the server does not accept the user name or password."""
        mechanisms = self.capabilities.get("SASL", "").upper().split()
        if "PLAIN" not in mechanisms:
            raise SourceError(
                text("mail.sieve-no-sign-in-method", host=self.host),
                detail=f"SASL mechanisms: {' '.join(mechanisms) or 'none'}",
            )
        blob = base64.b64encode(f"\0{user}\0{password.reveal()}".encode())
        self._send(b'AUTHENTICATE "PLAIN" {%d+}\r\n' % len(blob) + blob)
        answer = self._response()
        if answer.status != "OK":
            raise Refused(
                text("mail.sieve-password-refused", host=self.host),
                detail=f"AUTHENTICATE: {answer.status} {answer.text[:200]}",
            )

    def listscripts(self) -> list[tuple[str, bool]]:
        """Every script's name and whether it is the active one."""
        answer = self._command(b"LISTSCRIPTS")
        out = []
        for line in answer.lines:
            words = _words(line.decode("utf-8", errors="replace"))
            if words:
                out.append((_unquote(words[0]), len(words) > 1 and words[1].upper() == "ACTIVE"))
        return out

    def getscript(self, name: str) -> str:
        """The text of one script."""
        quoted = name.replace("\\", "\\\\").replace('"', '\\"').encode("utf-8")
        answer = self._command(b'GETSCRIPT "' + quoted + b'"')
        return script_text(b"".join(answer.lines))

    def _command(self, line: bytes) -> Response:
        self._send(line)
        answer = self._response()
        if answer.status != "OK":
            raise SourceError(
                text("mail.sieve-command-refused", host=self.host, answer=answer.text[:120] or answer.status),
                detail=f"{line.split(b' ')[0].decode()}: {answer.status} {answer.text[:200]}",
            )
        return answer

    # wire -------------------------------------------------------------------------------
    def _send(self, line: bytes) -> None:
        if self._sock is None:
            raise SourceError(text("mail.sieve-closed", host=self.host))
        try:
            self._sock.sendall(line + b"\r\n")
        except OSError as error:
            raise self._lost(error) from None

    def _lost(self, error: Exception | None = None) -> SourceError:
        if isinstance(error, (socket.timeout, TimeoutError)):
            return Unreachable(text("mail.sieve-silent", host=self.host), detail="time-out")
        return Unreachable(
            text("mail.sieve-connection-lost", host=self.host),
            detail=f"{type(error).__name__}: {error}" if error else "connection closed",
        )

    def _fill(self) -> None:
        assert self._sock is not None
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise Unreachable(
                text("mail.sieve-too-slow", host=self.host), detail="answer past its time limit"
            )
        try:
            self._sock.settimeout(min(self.timeout, left))
            chunk = self._sock.recv(65536)
        except OSError as error:
            raise self._lost(error) from None
        if not chunk:
            raise self._lost()
        self._received += len(chunk)
        if self._received > MAX_ANSWER:
            raise DamagedInput(
                text("mail.sieve-too-many-lines", host=self.host), detail=f"over {MAX_ANSWER} bytes"
            )
        self._buffer += chunk

    def _line(self) -> bytes:
        while b"\r\n" not in self._buffer and b"\n" not in self._buffer:
            if len(self._buffer) > MAX_LINE:
                raise DamagedInput(text("mail.sieve-line-too-long", host=self.host))
            self._fill()
        cut = self._buffer.find(b"\n") + 1
        line, self._buffer = self._buffer[:cut], self._buffer[cut:]
        return line

    def _exactly(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._fill()
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def _response(self) -> Response:
        self._deadline = time.monotonic() + ANSWER_TIME * self.timeout
        self._received = len(self._buffer)
        lines: list[bytes] = []
        while len(lines) < MAX_LINES:
            line = self._line()
            head = line.split(b" ", 1)[0].strip().upper()
            if head in (b"OK", b"NO", b"BYE"):
                rest = line[len(head) :].decode("utf-8", errors="replace").strip()
                if head == b"BYE" and not lines:
                    raise Unreachable(
                        text("mail.sieve-bye", host=self.host),
                        detail=f"BYE {rest[:200]}",
                    )
                return Response(
                    tuple(lines),
                    head.decode(),
                    _unquote(" ".join(w for w in _words(rest) if not w.startswith("("))),
                )
            literal = _LITERAL.search(line.rstrip(b"\r\n") + b"\n")
            if literal:
                size = int(literal.group(1))
                if size > MAX_LITERAL:
                    raise DamagedInput(text("mail.sieve-script-too-large", host=self.host))
                lines.append(self._exactly(size))
                continue
            if line.strip():
                lines.append(line.rstrip(b"\r\n"))
        raise DamagedInput(text("mail.sieve-too-many-lines", host=self.host))

    @staticmethod
    def _capabilities(answer: Response) -> dict[str, str]:
        if answer.status != "OK":
            raise SourceError(text("mail.sieve-bad-greeting"), detail=answer.text[:200])
        out = {}
        for line in answer.lines:
            words = [_unquote(w) for w in _words(line.decode("utf-8", errors="replace"))]
            if words:
                out[words[0].upper()] = words[1] if len(words) > 1 else ""
        return out
