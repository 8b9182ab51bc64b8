"""Parsers for the small text formats computer.apps reads: desktop entries, units, passwd, keys, certificates.

Each takes text from outside and returns plain values; bad lines are skipped, never raised.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

_KEY_TYPES = re.compile(r"^(ssh-(rsa|dss|ed25519|ed448)|ecdsa-sha2-\S+|sk-\S+@openssh\.com)$")


def ini_section(text: str, section: str) -> dict[str, str]:
    """The keys of one [section] of a desktop entry or systemd unit (first value of each key wins)."""
    found: dict[str, str] = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            continue
        if current == section and "=" in line:
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), value.strip()[:2000])
    return found


@dataclass(frozen=True, slots=True)
class PasswdEntry:
    """One line of /etc/passwd."""

    name: str
    uid: int
    home: str
    shell: str


def passwd_entries(text: str) -> Iterator[PasswdEntry]:
    """The well-formed lines of an /etc/passwd file."""
    for line in text.splitlines():
        fields = line.strip().split(":")
        if len(fields) != 7 or not fields[0] or not fields[2].isdigit() or len(fields[2]) > 10:
            continue
        yield PasswdEntry(fields[0], int(fields[2]), fields[5], fields[6])


def group_members(text: str, groups: set[str]) -> set[str]:
    """Everyone listed as a member of any of `groups` in an /etc/group file."""
    members: set[str] = set()
    for line in text.splitlines():
        fields = line.strip().split(":")
        if len(fields) == 4 and fields[0] in groups:
            members.update(m.strip() for m in fields[3].split(",") if m.strip())
    return members


@dataclass(frozen=True, slots=True)
class Key:
    """One public key line of an authorized_keys file."""

    key_type: str
    comment: str
    fingerprint: str  # "SHA256:..." as ssh-keygen -l shows it


def authorized_keys(text: str) -> Iterator[Key]:
    """The keys in an authorized_keys file (options before the key type are allowed)."""
    for line in text.splitlines():
        words = line.strip().split()
        if not words or words[0].startswith("#"):
            continue
        for index, word in enumerate(words[:-1]):
            if _KEY_TYPES.match(word):
                try:
                    blob = base64.b64decode(words[index + 1], validate=True)
                except (binascii.Error, ValueError):
                    break
                digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
                yield Key(word, " ".join(words[index + 2 :])[:200], f"SHA256:{digest}")
                break


def pem_certificates(data: bytes) -> list[str]:
    """The SHA-256 fingerprints of the certificates in PEM or DER data."""
    text = data.decode("ascii", errors="ignore")
    blocks = re.findall(r"-----BEGIN CERTIFICATE-----(.+?)-----END CERTIFICATE-----", text, flags=re.DOTALL)
    if not blocks:
        return [hashlib.sha256(data).hexdigest()] if data[:1] == b"\x30" else []
    prints = []
    for block in blocks[:50]:
        try:
            der = base64.b64decode("".join(block.split()), validate=True)
        except (binascii.Error, ValueError):
            continue
        prints.append(hashlib.sha256(der).hexdigest())
    return prints


def crontab_commands(text: str, *, system: bool) -> Iterator[str]:
    """The commands of a crontab (a system one has a user field before the command)."""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" in line.split(" ", 1)[0]:
            continue
        words = line.split()
        skip = (1 if words[0].startswith("@") else 5) + (1 if system else 0)
        if len(words) > skip:
            yield " ".join(words[skip:])[:2000]
