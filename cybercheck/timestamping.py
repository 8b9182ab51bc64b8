"""RFC 3161 trusted timestamps: ask a time-stamping authority (TSA) to sign a hash, and check its answer.

asn1crypto builds and parses the RFC 3161 structures (TimeStampReq, TimeStampResp, TSTInfo and the
CMS SignedData around it); `cryptography` checks the TSA's signature. Both are pure, well kept and
need no OpenSSL command line, so this works the same on Windows, macOS and Linux.

What a valid token proves: the TSA named in its certificate signed, at `time`, that it saw this
SHA-256. Whether to trust that TSA (its certificate chain) is the reader's decision; the
certificate's fingerprint is given so it can be checked.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cybercheck.errors import DamagedInput, Refused
from cybercheck.pipeline.words import text

if TYPE_CHECKING:
    import requests

CONTENT_TYPE_QUERY = "application/timestamp-query"
_HASHES = {"sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512, "sha1": hashlib.sha1}


@dataclass(frozen=True, slots=True)
class Timestamp:
    """A checked timestamp token: when the TSA says it saw the hash, and who the TSA is."""

    time: datetime
    tsa: str  # the subject of the TSA's certificate
    certificate_sha256: str
    serial: int
    token: bytes  # the DER timestamp token (CMS ContentInfo), kept to check again later


class BadTimestamp(DamagedInput):
    """A timestamp token is damaged, or does not cover the data it is said to cover."""


def request_body(data: bytes, nonce: int) -> bytes:
    """A DER TimeStampReq for the SHA-256 of `data`, asking for the TSA's certificate in the reply."""
    from asn1crypto import algos, tsp  # type: ignore[import-untyped]  # asn1crypto ships no type hints

    imprint = tsp.MessageImprint(
        {
            "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
            "hashed_message": hashlib.sha256(data).digest(),
        }
    )
    return bytes(
        tsp.TimeStampReq({"version": 1, "message_imprint": imprint, "nonce": nonce, "cert_req": True}).dump()
    )


def stamp(session: requests.Session, url: str, data: bytes) -> Timestamp:
    """Ask the TSA at `url` to timestamp the SHA-256 of `data` (only the hash is sent) and check the reply."""
    from cybercheck.net import request

    nonce = int.from_bytes(os.urandom(8), "big")
    response = request(
        session,
        "POST",
        url,
        service=text("cybercheck.timestamp-service", url=url),
        data=request_body(data, nonce),
        headers={"Content-Type": CONTENT_TYPE_QUERY},
    )
    if response.status_code != 200:
        raise Refused(
            text("cybercheck.timestamp-not-given", url=url),
            detail=f"HTTP {response.status_code}",
        )
    return read_reply(response.content, data, nonce=nonce)


def read_reply(reply: bytes, data: bytes, *, nonce: int | None) -> Timestamp:
    """The checked token from a DER TimeStampResp; BadTimestamp when it was refused or does not fit."""
    from asn1crypto import tsp

    try:
        parsed = tsp.TimeStampResp.load(reply)
        status = parsed["status"]["status"].native
        token = parsed["time_stamp_token"]
    except (ValueError, TypeError, KeyError) as error:
        raise BadTimestamp(text("cybercheck.timestamp-not-an-answer"), detail=str(error)) from None
    if status not in ("granted", "granted_with_mods") or not isinstance(token, tsp.ContentInfo):
        texts = parsed["status"]["status_string"].native or []
        raise BadTimestamp(
            text("cybercheck.timestamp-refused"),
            detail=f"status {status}: {' '.join(texts)}",
        )
    return check_token(token.dump(), data, nonce=nonce)


_PARSE_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError)


def check_token(token: bytes, data: bytes, *, nonce: int | None = None) -> Timestamp:
    """Check a DER timestamp token against `data`: the hash, the nonce if given, and the TSA's signature."""
    try:
        return _check_token(token, data, nonce)
    except _PARSE_ERRORS as error:  # asn1crypto parses lazily: damage can surface at any field
        raise BadTimestamp(text("cybercheck.timestamp-damaged"), detail=str(error)) from None


def _check_token(token: bytes, data: bytes, nonce: int | None) -> Timestamp:
    from asn1crypto import cms, tsp

    try:
        info = cms.ContentInfo.load(token)
        signed = info["content"]
        tst_bytes = signed["encap_content_info"]["content"].contents
        tst = tsp.TSTInfo.load(tst_bytes)
        imprint = tst["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].native
        hashed = imprint["hashed_message"].native
        gen_time = tst["gen_time"].native
        serial = int(tst["serial_number"].native)
        signer = signed["signer_infos"][0]
        certificate = _signer_certificate(signed, signer)
        envelope_ok = (
            info["content_type"].native == "signed_data"
            and signed["version"].native == "v3"
            and all(a["parameters"].native is None for a in signed["digest_algorithms"])
            and signer["version"].native
            == ("v1" if signer["sid"].name == "issuer_and_serial_number" else "v3")
            and signer["digest_algorithm"]["parameters"].native is None
            and signer["signature_algorithm"]["parameters"].native is None
            and signed["encap_content_info"]["content_type"].native == "tst_info"
            and signer["digest_algorithm"]["algorithm"].native
            in [a["algorithm"].native for a in signed["digest_algorithms"]]
        )
    except _PARSE_ERRORS as error:
        raise BadTimestamp(text("cybercheck.timestamp-damaged"), detail=str(error)) from None
    if not envelope_ok:
        raise BadTimestamp(text("cybercheck.timestamp-damaged"), detail="envelope fields changed")
    if algorithm not in _HASHES or _HASHES[algorithm](data).digest() != hashed:
        raise BadTimestamp(text("cybercheck.timestamp-other-contents"))
    if nonce is not None and tst["nonce"].native != nonce:
        raise BadTimestamp(text("cybercheck.timestamp-other-request"))
    _check_signature(signer, tst_bytes, certificate)
    _check_chain(signed, certificate)
    return Timestamp(
        time=gen_time,
        tsa=certificate.subject.human_friendly,
        certificate_sha256=hashlib.sha256(certificate.dump()).hexdigest(),
        serial=serial,
        token=token,
    )


def _signer_certificate(signed: Any, signer: Any) -> Any:
    sid = signer["sid"]
    for choice in signed["certificates"] or []:
        certificate = choice.chosen
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (
                certificate.issuer == wanted["issuer"]
                and certificate.serial_number == wanted["serial_number"].native
            ):
                return certificate
        elif certificate.key_identifier == sid.chosen.native:
            return certificate
    raise BadTimestamp(
        text("cybercheck.timestamp-no-certificate"),
    )


def _check_signature(signer: Any, tst_bytes: bytes, certificate: Any) -> None:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
    from cryptography.x509 import load_der_x509_certificate

    digest_name = signer["digest_algorithm"]["algorithm"].native
    if digest_name not in _HASHES:
        raise BadTimestamp(text("cybercheck.timestamp-hash-unknown"), detail=digest_name)
    attributes = signer["signed_attrs"]
    signed_bytes = tst_bytes
    if attributes:
        digests = [a["values"][0].native for a in attributes if a["type"].native == "message_digest"]
        if not digests or digests[0] != _HASHES[digest_name](tst_bytes).digest():
            raise BadTimestamp(text("cybercheck.timestamp-changed"))
        _check_certificate_binding(attributes, certificate)
        signed_bytes = (
            b"\x31" + attributes.dump()[1:]
        )  # signed over as a SET OF, not the [0] tag it is stored with
    chosen = {
        "sha256": hashes.SHA256(),
        "sha384": hashes.SHA384(),
        "sha512": hashes.SHA512(),
        "sha1": hashes.SHA1(),
    }[digest_name]
    try:
        key = load_der_x509_certificate(certificate.dump()).public_key()
    except Exception as error:  # noqa: BLE001 - cryptography raises several types for one damaged certificate
        raise BadTimestamp(
            text("cybercheck.timestamp-certificate-damaged"),
            detail=f"{type(error).__name__}: {error}",
        ) from None
    signature = signer["signature"].native
    try:
        family = signer["signature_algorithm"].signature_algo
    except ValueError:
        family = "unknown"
    try:
        if isinstance(key, rsa.RSAPublicKey) and family == "rsassa_pkcs1v15":
            key.verify(signature, signed_bytes, padding.PKCS1v15(), chosen)
        elif isinstance(key, ec.EllipticCurvePublicKey) and family == "ecdsa":
            key.verify(signature, signed_bytes, ec.ECDSA(chosen))
        else:
            raise BadTimestamp(text("cybercheck.timestamp-key-unknown"))
    except InvalidSignature:
        raise BadTimestamp(text("cybercheck.timestamp-signature-wrong")) from None


def _check_certificate_binding(attributes: Any, certificate: Any) -> None:
    """The signed ESS signing-certificate attribute (RFC 2634 / RFC 5035) must name this very certificate."""
    raw = certificate.dump()
    for attribute in attributes:
        kind = attribute["type"].native
        if kind == "content_type" and attribute["values"][0].native != "tst_info":
            raise BadTimestamp(text("cybercheck.timestamp-damaged"), detail="content type attribute")
        if kind == "signing_certificate":
            wanted = [c["cert_hash"].native for c in attribute["values"][0]["certs"]]
            if hashlib.sha1(raw).digest() not in wanted[:1]:  # SHA-1: what an ESSCertID holds
                raise BadTimestamp(text("cybercheck.timestamp-certificate-other"))
            return
        if kind == "signing_certificate_v2":
            first = attribute["values"][0]["certs"][0]
            algorithm = first["hash_algorithm"]["algorithm"].native
            if algorithm not in _HASHES or _HASHES[algorithm](raw).digest() != first["cert_hash"].native:
                raise BadTimestamp(text("cybercheck.timestamp-certificate-other"))
            return
    raise BadTimestamp(text("cybercheck.timestamp-certificate-unnamed"))


def _check_chain(signed: Any, certificate: Any) -> None:
    """Every other certificate the token carries must be the TSA certificate's issuer chain, all valid.

    This does not make the chain trusted (that is for the reader to decide from the fingerprints):
    it makes a changed byte anywhere in the certificates fail. A token carrying more than the TSA's own
    certificate must carry its chain up to a self-signed root.
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.x509 import load_der_x509_certificate

    try:
        carried = [c.chosen for c in signed["certificates"] or []]
        if any(
            c["signature_value"].contents[:1] != b"\x00" for c in carried
        ):  # unused bits, ignored by verifiers
            raise BadTimestamp(text("cybercheck.timestamp-chain-damaged"))
        others = [load_der_x509_certificate(c.dump()) for c in carried]
        current = load_der_x509_certificate(certificate.dump())
        remaining = [c for c in others if c != current]
        while remaining:
            issuer = next((c for c in remaining if c.subject == current.issuer), None)
            if issuer is None:
                raise BadTimestamp(text("cybercheck.timestamp-chain-stranger"))
            current.verify_directly_issued_by(issuer)
            remaining.remove(issuer)
            current = issuer
        if len(others) > 1 and current.subject != current.issuer:
            raise BadTimestamp(text("cybercheck.timestamp-chain-no-root"))
        if current.subject == current.issuer:
            current.verify_directly_issued_by(current)
    except BadTimestamp:
        raise
    except (InvalidSignature, ValueError, TypeError) as error:
        raise BadTimestamp(text("cybercheck.timestamp-chain-wrong"), detail=str(error)) from None
    except Exception as error:  # noqa: BLE001 - as above: any other failure of a damaged certificate
        raise BadTimestamp(
            text("cybercheck.timestamp-chain-damaged"), detail=f"{type(error).__name__}"
        ) from None
