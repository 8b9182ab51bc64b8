"""Reads the few parts of a TLS handshake that travel in the clear: the server name a device asks
for (SNI), and in TLS 1.2 and older the server's certificate (its subject and issuer)."""

from __future__ import annotations

from dataclasses import dataclass


class BadHandshake(ValueError):
    """The bytes are not the TLS handshake they claimed to be; `detail` says why, for developers only."""

    def __init__(self, *, detail: str) -> None:
        super().__init__(detail)


@dataclass(frozen=True, slots=True)
class CertificateNames:
    """Who a certificate names as its owner (subject) and who signed it (issuer)."""

    subject: str
    issuer: str
    self_signed: bool


def handshake_messages(data: bytes) -> list[tuple[int, bytes]]:
    """The handshake messages (type, body) in a run of TLS handshake records; stops at the first gap."""
    stream = bytearray()
    offset = 0
    while offset + 5 <= len(data) and data[offset] == 0x16:
        length = (data[offset + 3] << 8) | data[offset + 4]
        stream += data[offset + 5 : offset + 5 + length]
        offset += 5 + length
    messages = []
    position = 0
    while position + 4 <= len(stream):
        kind = stream[position]
        length = (stream[position + 1] << 16) | (stream[position + 2] << 8) | stream[position + 3]
        if position + 4 + length > len(stream):
            break
        messages.append((kind, bytes(stream[position + 4 : position + 4 + length])))
        position += 4 + length
    return messages


def client_hello_sni(data: bytes) -> str | None:
    """The server name in a ClientHello record at the start of `data`; None when it has none.

    BadHandshake when the record is not a well-formed ClientHello.
    """
    messages = handshake_messages(data)
    if not messages or messages[0][0] != 1:
        raise BadHandshake(detail="not a ClientHello")
    body = messages[0][1]
    try:
        offset = 2 + 32  # version, random
        offset += 1 + body[offset]  # session id
        offset += 2 + ((body[offset] << 8) | body[offset + 1])  # cipher suites
        offset += 1 + body[offset]  # compression methods
        if offset + 2 > len(body):
            return None  # no extensions at all
        end = offset + 2 + ((body[offset] << 8) | body[offset + 1])
        offset += 2
        while offset + 4 <= min(end, len(body)):
            kind = (body[offset] << 8) | body[offset + 1]
            length = (body[offset + 2] << 8) | body[offset + 3]
            offset += 4
            if kind == 0:
                return _server_name(body[offset : offset + length])
            offset += length
    except IndexError:
        raise BadHandshake(detail="ClientHello cut short") from None
    return None


def _server_name(extension: bytes) -> str | None:
    offset = 2  # list length
    while offset + 3 <= len(extension):
        kind = extension[offset]
        length = (extension[offset + 1] << 8) | extension[offset + 2]
        name = extension[offset + 3 : offset + 3 + length]
        if len(name) != length:
            raise BadHandshake(detail="server name cut short")
        if kind == 0:
            return name.decode("ascii", "backslashreplace").rstrip(".").lower()
        offset += 3 + length
    return None


def server_hello_is_legacy(body: bytes) -> bool:
    """Whether a ServerHello chose TLS 1.2 or older (so the certificate follows in the clear)."""
    if len(body) < 38:
        raise BadHandshake(detail="ServerHello cut short")
    offset = 2 + 32
    offset += 1 + body[offset]
    offset += 3  # cipher suite, compression
    if offset + 2 > len(body):
        return True
    end = offset + 2 + ((body[offset] << 8) | body[offset + 1])
    offset += 2
    while offset + 4 <= min(end, len(body)):
        kind = (body[offset] << 8) | body[offset + 1]
        length = (body[offset + 2] << 8) | body[offset + 3]
        if kind == 43:  # supported_versions: TLS 1.3 or later
            return False
        offset += 4 + length
    return True


def first_certificate(body: bytes) -> bytes:
    """The server's own certificate (DER) from a TLS 1.2 Certificate message body."""
    if len(body) < 6:
        raise BadHandshake(detail="Certificate message cut short")
    length = (body[3] << 16) | (body[4] << 8) | body[5]
    der = body[6 : 6 + length]
    if len(der) != length or not length:
        raise BadHandshake(detail="certificate cut short")
    return der


# DER: just enough to find a certificate's subject and issuer names ----------------------------
_NAME_OIDS = {b"\x55\x04\x03": "CN", b"\x55\x04\x0a": "O"}


def _tlv(data: bytes, offset: int) -> tuple[int, int, int]:
    """(tag, start of value, end of value) of the DER element at `offset`."""
    if offset + 2 > len(data):
        raise BadHandshake(detail="DER cut short")
    tag = data[offset]
    length = data[offset + 1]
    offset += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or offset + count > len(data):
            raise BadHandshake(detail="bad DER length")
        length = int.from_bytes(data[offset : offset + count], "big")
        offset += count
    if offset + length > len(data):
        raise BadHandshake(detail="DER value cut short")
    return tag, offset, offset + length


def certificate_names(der: bytes) -> CertificateNames:
    """The subject and issuer of an X.509 certificate, as "CN=..., O=..."; BadHandshake if damaged."""
    _, cert_start, _ = _tlv(der, 0)
    _, tbs, tbs_end = _tlv(der, cert_start)
    offset = tbs
    tag, _, end = _tlv(der, offset)
    if tag == 0xA0:  # explicit version
        offset = end
    parts = []
    for _ in range(5):  # serial, signature algorithm, issuer, validity, subject
        _, _, end = _tlv(der, offset)
        parts.append(der[offset:end])
        offset = end
        if offset > tbs_end:
            raise BadHandshake(detail="certificate cut short")
    issuer, subject = parts[2], parts[4]
    return CertificateNames(
        subject=_name_text(subject), issuer=_name_text(issuer), self_signed=issuer == subject
    )


def _name_text(name: bytes) -> str:
    found = []
    _, offset, end = _tlv(name, 0)
    while offset < end:  # each RDN is a SET of SEQUENCE(OID, value)
        _, set_start, set_end = _tlv(name, offset)
        position = set_start
        while position < set_end:
            _, seq_start, seq_end = _tlv(name, position)
            _, oid_start, oid_end = _tlv(name, seq_start)
            key = _NAME_OIDS.get(name[oid_start:oid_end])
            if key:
                _, value_start, value_end = _tlv(name, oid_end)
                found.append(f"{key}={name[value_start:value_end].decode('utf-8', 'replace')}")
            position = seq_end
        offset = set_end
    return ", ".join(found)
