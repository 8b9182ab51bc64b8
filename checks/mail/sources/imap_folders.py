"""Reads a mailbox's folder list over IMAP to learn which folders are its trash, junk and archive.

It uses the SPECIAL-USE flags (RFC 6154) the server puts on each folder, and only lists
folders: it opens no folder and reads no message. TLS as for ManageSieve: STARTTLS, or TLS
from the start on port 993 or with `implicit_tls`; certificates verified by the system.
"""

from __future__ import annotations

import contextlib
import imaplib
import io
import re
import ssl
import time
from collections.abc import Mapping
from typing import Any, cast

from checks.mail.folders import SPECIAL_USE, role_from_name
from checks.mail.records import FolderRole
from cybercheck.errors import DamagedInput, Refused, SourceError, Unreachable
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

_LIST = re.compile(
    rb'^\((?P<flags>[^)]*)\)\s+(?:"[^"\\]*(?:\\.[^"\\]*)*"|NIL)\s+(?P<name>.+)$', re.IGNORECASE
)
MAX_FOLDERS = 5000
MAX_LINE = 64 * 1024
MAX_LITERAL = 64 * 1024  # a folder name sent as a literal
MAX_ANSWER = 8 * 1024 * 1024  # one answer: far past the 5,000 folders read
ANSWER_TIME = 4  # one answer must arrive whole within this many time-outs


def parse_list_line(line: bytes) -> tuple[str, FolderRole] | None:
    """One LIST answer ('(\\HasNoChildren \\Trash) "/" Trash') as (folder name, role)."""
    match = _LIST.match(line.strip())
    if not match:
        return None
    name = match.group("name").strip()
    if name.startswith(b'"') and name.endswith(b'"') and len(name) >= 2:
        name = re.sub(rb"\\(.)", rb"\1", name[1:-1])
    text = _decode_utf7(name.decode("utf-8", errors="replace"))
    flags = match.group("flags").decode("ascii", errors="replace").lower().split()
    for flag in flags:
        if flag in SPECIAL_USE:
            return text, SPECIAL_USE[flag]
    return text, FolderRole.INBOX if text.upper() == "INBOX" else role_from_name(text)


def _decode_utf7(name: str) -> str:
    """IMAP's modified UTF-7 folder names ("Entw&APw-rfe" -> "Entwürfe")."""
    import base64

    def piece(match: re.Match[str]) -> str:
        body = match.group(1)
        if not body:
            return "&"
        data = body.replace(",", "/")
        data += "=" * (-len(data) % 4)
        try:
            return base64.b64decode(data).decode("utf-16-be")
        except (ValueError, UnicodeDecodeError):
            return match.group(0)

    return re.sub(r"&([A-Za-z0-9+,]*)-", piece, name)


class _Bounded(imaplib.IMAP4):
    """imaplib with each answer bounded in time and size.

    imaplib's time-out applies to each read, so a server sending a byte a second never trips it, and it
    reads a literal of any announced size into memory. Here each answer (from one command sent to the
    next) must arrive within ANSWER_TIME time-outs, a literal past MAX_LITERAL or an answer past
    MAX_ANSWER ends the read, and both are told apart from a refused password.
    """

    _answer_timeout = 15.0
    _deadline = 0.0
    _received = 0

    def _arm(self) -> None:
        self._deadline = time.monotonic() + ANSWER_TIME * self._answer_timeout
        self._received = 0

    def open(
        self, host: str = "", port: Any = 143, timeout: float | None = None
    ) -> None:  # IMAP4_SSL's port may be None
        self._answer_timeout = timeout or self._answer_timeout
        self._arm()  # the greeting
        super().open(host, port, timeout)

    def send(self, data: Any) -> None:
        self._arm()
        super().send(data)

    def _stream(self) -> io.BufferedReader:
        return cast("io.BufferedReader", self.file)  # imaplib's makefile("rb") of its socket

    def _wait(self) -> None:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise _TooSlow
        self.sock.settimeout(min(self._answer_timeout, left))

    def _count(self, data: bytes) -> bytes:
        self._received += len(data)
        if self._received > MAX_ANSWER:
            raise _TooMuch
        return data

    def readline(self) -> bytes:
        line = b""
        while not line.endswith(b"\n"):
            self._wait()
            ahead = self._stream().peek(1)  # at most one read from the socket, bounded by _wait
            if not ahead:
                raise imaplib.IMAP4.abort("socket error: EOF")
            end = ahead.find(b"\n")
            line += self._count(self._stream().read(end + 1 if end >= 0 else len(ahead)))
            if len(line) > MAX_LINE:
                raise _TooMuch
        return line

    def read(self, size: int) -> bytes:
        if size > MAX_LITERAL:
            raise _TooMuch
        data = b""
        while len(data) < size:
            self._wait()
            chunk = self._stream().read1(size - len(data))
            if not chunk:
                raise imaplib.IMAP4.abort("socket error: EOF")
            data += self._count(chunk)
        return data


class _BoundedSSL(_Bounded, imaplib.IMAP4_SSL):
    """The same over TLS from the start."""


class _TooSlow(Exception):
    """An answer that did not arrive whole in time."""


class _TooMuch(Exception):
    """An answer, line or literal far past any folder list."""


def folder_roles(
    host: str, port: int, user: str, password: Secret, *, implicit_tls: bool, timeout: float = 15.0
) -> Mapping[str, FolderRole]:
    """Folder name -> role for every folder of the mailbox."""
    try:
        return _folder_roles(host, port, user, password, implicit_tls=implicit_tls, timeout=timeout)
    except _TooSlow:
        raise Unreachable(
            text("mail.imap-too-slow", host=host), detail="answer past its time limit"
        ) from None
    except _TooMuch:
        raise DamagedInput(text("mail.imap-too-much", host=host), detail=f"over {MAX_ANSWER} bytes") from None


def _folder_roles(
    host: str, port: int, user: str, password: Secret, *, implicit_tls: bool, timeout: float
) -> Mapping[str, FolderRole]:
    context = ssl.create_default_context()
    imap: imaplib.IMAP4
    try:
        if implicit_tls:
            imap = _BoundedSSL(host, port, ssl_context=context, timeout=timeout)
        else:
            imap = _Bounded(host, port, timeout=timeout)
            imap.starttls(ssl_context=context)
    except ssl.SSLCertVerificationError as error:
        raise Unreachable(
            text("mail.imap-certificate", host=host),
            detail=f"certificate: {error.verify_message or error}",
        ) from None
    except (OSError, imaplib.IMAP4.error) as error:
        raise Unreachable(
            text("mail.imap-tls-failed", host=host),
            detail=f"{type(error).__name__}: {str(error)[:200]}",
        ) from None
    try:
        try:
            imap.login(user, password.reveal())
        except imaplib.IMAP4.abort as error:  # lost or not IMAP: not a refusal of the password
            raise Unreachable(
                text("mail.imap-connection-lost", host=host), detail=f"LOGIN: {str(error)[:200]}"
            ) from None
        except imaplib.IMAP4.error:
            raise Refused(
                text("mail.imap-password-refused", host=host),
                detail="IMAP LOGIN refused",
            ) from None
        try:
            status, lines = imap.list()
        except (OSError, imaplib.IMAP4.error) as error:
            raise SourceError(
                text("mail.imap-list-stopped", host=host), detail=type(error).__name__
            ) from None
        if status != "OK":
            raise SourceError(text("mail.imap-list-refused", host=host), detail=f"LIST {status}")
        roles: dict[str, FolderRole] = {}
        for line in (lines or [])[:MAX_FOLDERS]:
            parsed = parse_list_line(line) if isinstance(line, bytes) else None
            if parsed:
                roles[parsed[0]] = parsed[1]
        return roles
    except (OSError, imaplib.IMAP4.abort) as error:
        raise Unreachable(text("mail.imap-connection-lost", host=host), detail=type(error).__name__) from None
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            imap.logout()
