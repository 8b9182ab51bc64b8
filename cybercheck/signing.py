"""Ed25519 signatures over a report's manifest; the private key lives only in the OS keyring.

The key is made the first time it is needed and stored under the keyring service "cybercheck"
as `timeline-signing-key` (base64 of the 32 raw private bytes). It is never written to a file,
a report or a log: only the public key leaves this module.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cybercheck.errors import DamagedInput
from cybercheck.pipeline import words
from cybercheck.secrets import NoKeyring, Secret, SecretStore

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_NAME = "timeline-signing-key"
ALGORITHM = "Ed25519"


@dataclass(frozen=True, slots=True)
class PublicKey:
    """A public key as printed in a report: base64 of the raw 32 bytes, and a short fingerprint."""

    raw: bytes

    @property
    def text(self) -> str:
        """The key in base64, as printed in reports."""
        return base64.b64encode(self.raw).decode("ascii")

    @property
    def fingerprint(self) -> str:
        """The first 16 bytes of its SHA-256, in groups of four hex digits, for reading aloud."""
        digest = hashlib.sha256(self.raw).hexdigest()[:32]
        return " ".join(digest[i : i + 4] for i in range(0, 32, 4))

    @classmethod
    def from_text(cls, text: str) -> PublicKey:
        """The key from its base64 text; DamagedInput when it is not an Ed25519 key."""
        try:
            raw = base64.b64decode(text, validate=True)
        except (ValueError, TypeError):
            raw = b""
        if len(raw) != 32:
            raise DamagedInput(words.text("cybercheck.signing-public-key-damaged"))
        return cls(raw)


class Signer:
    """Signs with the keyring's Ed25519 key, making and storing one on first use."""

    def __init__(self, store: SecretStore | None = None) -> None:
        self._key = _load_or_make(store or SecretStore())

    @property
    def public_key(self) -> PublicKey:
        """The public half, safe to print and share."""
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        return PublicKey(self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of `data`."""
        return self._key.sign(data)

    def __repr__(self) -> str:
        return f"Signer({self.public_key.fingerprint})"

    def __reduce__(self) -> str:
        raise TypeError("a Signer holds a private key and cannot be pickled or copied to disk")


def verify(public_key: PublicKey, signature: bytes, data: bytes) -> bool:
    """Whether `signature` is `public_key`'s Ed25519 signature of `data`."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key.raw).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def _load_or_make(store: SecretStore) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    kept = store.get(KEY_NAME)
    if kept is not None:
        try:
            return Ed25519PrivateKey.from_private_bytes(base64.b64decode(kept.reveal(), validate=True))
        except ValueError:
            raise DamagedInput(words.text("cybercheck.signing-key-damaged")) from None
    store.check_keyring()  # NoKeyring (a plain message) before a key is made that could not be kept
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    encoded = base64.b64encode(raw).decode("ascii")
    store.set(KEY_NAME, Secret(encoded))
    kept_now = store.get(KEY_NAME)
    if (
        kept_now is None or kept_now.reveal() != encoded
    ):  # a keyring that accepts and forgets (keyring's "null")
        raise NoKeyring(words.text("cybercheck.signing-key-not-kept"))
    return key
