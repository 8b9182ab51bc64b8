"""Sealing with a passphrase: scrypt derives the key, AES-256-GCM seals; docs/sealed-format.md has the layout.

Two forms. The cybercheck form (`seal`/`unseal`) keeps case files and can tell a wrong
passphrase from a changed file. The archive form (`seal_archive`/`open_archive`) is a
standard AES-256 encrypted zip that 7-Zip, Keka, WinRAR and other archive tools open, so a
client can read a sealed report without cybercheck.
"""

from __future__ import annotations

import hmac
import io
import os
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from cybercheck.errors import CybercheckError, DamagedInput
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

if TYPE_CHECKING:
    from cybercheck.pipeline.model import Report

MAGIC = b"CCSEAL01"
KDF_SCRYPT = 1
# NOTE: scrypt N=2^17, r=8, p=1 is the OWASP password-storage recommendation (128 MiB, ~0.5 s here).
DEFAULT_LOG2_N = 17
DEFAULT_R = 8
DEFAULT_P = 1
# The most a sealed file may ask for: what cybercheck itself writes. A hostile header could ask
# scrypt for gigabytes of memory.
MAX_LOG2_N, MAX_R, MAX_P = 17, 8, 1
_HEADER = struct.Struct(">8sBBBB16s16s12s")  # magic, kdf, log2 N, r, p, salt, check, nonce
HEADER_SIZE = _HEADER.size
_TAG = 16
ZIP_MAGIC = b"PK\x03\x04"


class WrongPassphrase(CybercheckError):
    """The passphrase does not open this sealed file; nothing was changed."""


class Tampered(DamagedInput):
    """The sealed file was changed or damaged after it was sealed; nothing was written."""


def _normalise(passphrase: Secret) -> bytes:
    return unicodedata.normalize("NFC", passphrase.reveal()).encode("utf-8")


@dataclass(frozen=True, slots=True)
class KdfParams:
    """The scrypt cost recorded in a sealed file's header."""

    log2_n: int = DEFAULT_LOG2_N
    r: int = DEFAULT_R
    p: int = DEFAULT_P


class Sealer:
    """A key derived once from a passphrase and a salt; seals and opens any number of blobs with it.

    A case shares one salt across its files, so a command derives the key once.
    """

    def __init__(
        self, passphrase: Secret, *, salt: bytes | None = None, params: KdfParams | None = None
    ) -> None:
        self._passphrase = passphrase
        self.params = params or KdfParams(DEFAULT_LOG2_N, DEFAULT_R, DEFAULT_P)
        self.salt = salt if salt is not None else os.urandom(16)
        self._key, self._check = _derive(passphrase, self.salt, self.params)

    def seal(self, data: bytes) -> bytes:
        """`data` sealed: header, then AES-256-GCM ciphertext and tag, the header authenticated."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(12)
        header = _HEADER.pack(
            MAGIC, KDF_SCRYPT, self.params.log2_n, self.params.r, self.params.p, self.salt, self._check, nonce
        )
        return header + AESGCM(self._key).encrypt(nonce, data, header)

    def unseal(self, blob: bytes) -> bytes:
        """The data inside `blob`; WrongPassphrase or Tampered (nothing is returned then)."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        header = read_header(blob)
        if header.salt != self.salt or header.params != self.params:
            other = Sealer(self._passphrase, salt=header.salt, params=header.params)
            return other.unseal(blob)
        if not hmac.compare_digest(header.check, self._check):
            raise WrongPassphrase(text("cybercheck.sealed-file-wrong-passphrase"))
        try:
            return AESGCM(self._key).decrypt(header.nonce, blob[HEADER_SIZE:], blob[:HEADER_SIZE])
        except InvalidTag:
            raise Tampered(
                text("cybercheck.sealed-file-changed"),
                detail="AES-GCM authentication tag did not match",
            ) from None


@dataclass(frozen=True, slots=True)
class Header:
    """The readable part of a sealed file."""

    params: KdfParams
    salt: bytes
    check: bytes
    nonce: bytes


def is_sealed(blob: bytes) -> bool:
    """Whether `blob` starts like a cybercheck sealed file."""
    return blob[: len(MAGIC)] == MAGIC


def read_header(blob: bytes) -> Header:
    """The header of a sealed file; Tampered if it is not one or its cost is absurd."""
    if len(blob) < HEADER_SIZE + _TAG or not is_sealed(blob):
        raise Tampered(text("cybercheck.sealed-file-not-sealed"))
    _magic, kdf, log2_n, r, p, salt, check, nonce = _HEADER.unpack_from(blob)
    if (
        kdf != KDF_SCRYPT
        or not (10 <= log2_n <= MAX_LOG2_N)
        or not (1 <= r <= MAX_R)
        or not (1 <= p <= MAX_P)
    ):
        raise Tampered(
            text("cybercheck.sealed-file-header-damaged"),
            detail=f"kdf={kdf} log2_n={log2_n} r={r} p={p}",
        )
    return Header(KdfParams(log2_n, r, p), salt, check, nonce)


def _derive(passphrase: Secret, salt: bytes, params: KdfParams) -> tuple[bytes, bytes]:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    master = Scrypt(salt=salt, length=32, n=2**params.log2_n, r=params.r, p=params.p).derive(
        _normalise(passphrase)
    )
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"cybercheck seal v1 key").derive(master)
    check = HKDF(algorithm=hashes.SHA256(), length=16, salt=None, info=b"cybercheck seal v1 check").derive(
        master
    )
    return key, check


def seal(data: bytes, passphrase: Secret, *, params: KdfParams | None = None) -> bytes:
    """`data` sealed with a fresh salt."""
    return Sealer(passphrase, params=params).seal(data)


def unseal(blob: bytes, passphrase: Secret) -> bytes:
    """The data inside a sealed blob; WrongPassphrase or Tampered."""
    header = read_header(blob)
    return Sealer(passphrase, salt=header.salt, params=header.params).unseal(blob)


# --- the archive form: an AES-256 zip any archive tool opens ---------------------------------


def seal_archive(members: dict[str, bytes], passphrase: Secret) -> bytes:
    """A WinZip AES-256 encrypted zip of `members` (name -> content). The names stay readable."""
    import pyzipper

    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(_normalise(passphrase))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


MAX_MEMBER = 256 * 1024 * 1024


def open_archive(blob: bytes, passphrase: Secret) -> dict[str, bytes]:
    """Every member of a sealed zip; WrongPassphrase, or Tampered when a member fails its check."""
    import pyzipper

    try:
        archive = pyzipper.AESZipFile(io.BytesIO(blob))
    except Exception as error:  # noqa: BLE001 - pyzipper has its own BadZipFile and raises others on junk
        raise Tampered(text("cybercheck.sealed-report-not-zip"), detail=str(error)) from None
    members: dict[str, bytes] = {}
    with archive:
        archive.setpassword(_normalise(passphrase))
        for info in archive.infolist():
            if info.file_size > MAX_MEMBER or info.is_dir():
                continue
            if not info.flag_bits & 0x1:
                raise Tampered(
                    text("cybercheck.sealed-report-part-unsealed"),
                    detail=f"member {info.filename} is not encrypted",
                )
            try:
                members[info.filename] = archive.read(info)
            except RuntimeError as error:
                if "password" in str(error).lower():
                    raise WrongPassphrase(text("cybercheck.sealed-report-wrong-passphrase")) from None
                raise Tampered(text("cybercheck.sealed-report-unopened"), detail=str(error)) from None
            except Exception as error:  # noqa: BLE001 - zlib and pyzipper raise several kinds on damage
                raise Tampered(
                    text("cybercheck.sealed-report-changed"),
                    detail=f"{type(error).__name__}: {error}",
                ) from None
    return members


# Extensions of the documents a sealed report holds, by format (FORMATS in cybercheck.report).
_ENDINGS = {"terminal": "txt", "md": "md", "html": "html", "json": "json"}
DEFAULT_REPORT_NAME = "cybercheck-report"


def sealed_names(name: str, fmt: str) -> tuple[str, str]:
    """(the zip's file name, the report's name inside it) for a sealed report called `name`, in `fmt`.

    A name ending in .zip is kept as the zip's name; any other gets .zip added. The report
    inside ends in the format's extension: "report.html" in HTML gives ("report.html.zip",
    "report.html"), "report.zip" gives ("report.zip", "report.html"), "report" gives
    ("report.html.zip", "report.html"). Only the last part of a path counts.
    """
    base = PurePath(name.strip()).name or DEFAULT_REPORT_NAME
    zip_name = base if base.lower().endswith(".zip") else None
    stem = base[: -len(".zip")] if zip_name else base
    if not stem:
        stem, zip_name = DEFAULT_REPORT_NAME, None
    ending = _ENDINGS[fmt]
    known = stem.rsplit(".", 1)[-1].lower() if "." in stem else ""
    if known in (*_ENDINGS.values(), "htm", "markdown"):
        stem = stem.rsplit(".", 1)[0]
    inner = f"{stem or DEFAULT_REPORT_NAME}.{ending}"
    return zip_name or f"{inner}.zip", inner


def sealed_report(
    report: Report,
    fmt: str,
    passphrase: Secret,
    *,
    name: str = DEFAULT_REPORT_NAME,
    document: str | None = None,
) -> tuple[str, bytes]:
    """A report sealed as an AES-256 zip: (the zip's file name, its bytes), for every front end.

    The zip holds the report in `fmt` (or `document`, a rendering of it such as the guide's
    summary) and, unless `fmt` is JSON, report.json, from which `cybercheck report open`
    rebuilds it in any format. Nothing is written: the caller saves the bytes.
    """
    from cybercheck.report import renderer
    from cybercheck.report.json_report import render_json

    zip_name, inner = sealed_names(name, fmt)
    members = {inner: (document if document is not None else renderer(fmt)(report)).encode("utf-8")}
    if fmt != "json":
        members["report.json"] = render_json(report).encode("utf-8")
    return zip_name, seal_archive(members, passphrase)


def is_archive(blob: bytes) -> bool:
    """Whether `blob` starts like a zip file."""
    return blob[:4] == ZIP_MAGIC
