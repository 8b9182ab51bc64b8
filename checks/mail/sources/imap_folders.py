"""Reads a mailbox's folder list over IMAP to learn which folders are its trash, junk and archive.

It uses the SPECIAL-USE flags (RFC 6154) the server puts on each folder, and only lists
folders: it opens no folder and reads no message. TLS as for ManageSieve: STARTTLS, or TLS
from the start on port 993 or with `implicit_tls`; certificates verified by the system.
"""

from __future__ import annotations

import contextlib
import re
import ssl
from collections.abc import Mapping

from checks.mail.folders import SPECIAL_USE, role_from_name
from checks.mail.records import FolderRole
from cybercheck.errors import Refused, SourceError, Unreachable
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

_LIST = re.compile(
    rb'^\((?P<flags>[^)]*)\)\s+(?:"[^"\\]*(?:\\.[^"\\]*)*"|NIL)\s+(?P<name>.+)$', re.IGNORECASE
)
MAX_FOLDERS = 5000


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


def folder_roles(
    host: str, port: int, user: str, password: Secret, *, implicit_tls: bool, timeout: float = 15.0
) -> Mapping[str, FolderRole]:
    """Folder name -> role for every folder of the mailbox."""
    import imaplib

    context = ssl.create_default_context()
    imap: imaplib.IMAP4
    try:
        if implicit_tls:
            imap = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=timeout)
        else:
            imap = imaplib.IMAP4(host, port, timeout=timeout)
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
