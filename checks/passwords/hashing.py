"""The two hashes Pwned Passwords is published in, computed locally from a Secret."""

from __future__ import annotations

import hashlib

from cybercheck.secrets import Secret


def sha1_hex(password: Secret) -> str:
    """The SHA-1 of the password's UTF-8 bytes, 40 upper-case hex digits."""
    return hashlib.sha1(password.reveal().encode("utf-8")).hexdigest().upper()


def ntlm_hex(password: Secret) -> str:
    """The NTLM hash (MD4 of the UTF-16LE bytes), 32 upper-case hex digits."""
    # NOTE: hashlib's md4 is missing where OpenSSL 3 disables legacy digests, so pycryptodome's is used.
    from Crypto.Hash import MD4

    return MD4.new(password.reveal().encode("utf-16-le")).hexdigest().upper()


HASHERS = {"SHA-1": sha1_hex, "NTLM": ntlm_hex}
HEX_LENGTH = {"SHA-1": 40, "NTLM": 32}
