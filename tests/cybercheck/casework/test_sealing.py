"""Sealing: round trips, a wrong passphrase, tampering, hostile headers, and the zip form opened by 7z."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cybercheck.casework import sealing
from cybercheck.casework.sealing import KdfParams, Tampered, WrongPassphrase, open_archive, seal, seal_archive, unseal
from cybercheck.secrets import Secret

PASS = Secret("correct horse battery staple")


def test_round_trip_with_the_default_cost() -> None:
    blob = seal(b"case notes", PASS, params=KdfParams())
    assert blob.startswith(b"CCSEAL01") and blob[9] == 17
    assert unseal(blob, PASS) == b"case notes"
    assert b"case notes" not in blob


def test_unicode_passphrases_are_normalised() -> None:
    composed, decomposed = "caf\u00e9 au lait", "cafe\u0301 au lait"
    assert unseal(seal(b"x", Secret(composed)), Secret(decomposed)) == b"x"


def test_a_wrong_passphrase_says_so() -> None:
    blob = seal(b"secret", PASS)
    with pytest.raises(WrongPassphrase) as error:
        unseal(blob, Secret("not the passphrase"))
    assert "passphrase" in error.value.plain and "Nothing was changed" in error.value.plain


@pytest.mark.parametrize("where", ["ciphertext", "tag", "nonce", "salt", "check", "cost"])
def test_any_change_is_detected(where: str) -> None:
    blob = bytearray(seal(b"the evidence log" * 10, PASS))
    offset = {"ciphertext": 60, "tag": len(blob) - 1, "nonce": 50, "salt": 14, "check": 30, "cost": 9}[where]
    blob[offset] ^= 0x01
    with pytest.raises((Tampered, WrongPassphrase)) as error:
        unseal(bytes(blob), PASS)
    if where in ("ciphertext", "tag", "nonce"):
        assert isinstance(error.value, Tampered)


def test_truncated_and_foreign_files_are_refused() -> None:
    blob = seal(b"data", PASS)
    for bad in (blob[:40], b"", b"PK\x03\x04 not sealed", b"CCSEAL01" + b"\xff" * 80):
        with pytest.raises(Tampered):
            unseal(bad, PASS)


def test_an_absurd_cost_in_a_hostile_header_is_refused() -> None:
    blob = bytearray(seal(b"data", PASS))
    blob[9] = 40  # 2^40 would exhaust memory
    with pytest.raises(Tampered):
        unseal(bytes(blob), PASS)


@pytest.mark.parametrize(("offset", "value"), [(9, 18), (9, 22), (10, 32), (11, 16)])
def test_no_cost_above_what_cybercheck_writes_is_accepted(offset: int, value: int) -> None:
    # 2^22 with r=32 and p=16 would ask scrypt for over 4 GB: more than cybercheck itself ever asks for
    blob = bytearray(seal(b"data", PASS))
    blob[offset] = value
    with pytest.raises(Tampered):
        unseal(bytes(blob), PASS)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_garbage_never_gives_a_traceback(data: bytes) -> None:
    try:
        unseal(data, PASS)
    except (Tampered, WrongPassphrase):
        pass
    try:
        open_archive(data, PASS)
    except (Tampered, WrongPassphrase):
        pass


def test_one_sealer_seals_many_blobs_with_fresh_nonces() -> None:
    sealer = sealing.Sealer(PASS)
    first, second = sealer.seal(b"same"), sealer.seal(b"same")
    assert first != second and first[12:28] == second[12:28]
    assert sealer.unseal(first) == sealer.unseal(second) == b"same"


def test_archive_round_trip_wrong_passphrase_and_tampering() -> None:
    blob = seal_archive({"report.html": b"<p>found</p>" * 50, "report.json": b"{}"}, PASS)
    assert open_archive(blob, PASS)["report.html"].startswith(b"<p>found")
    assert b"<p>found" not in blob
    with pytest.raises(WrongPassphrase):
        open_archive(blob, Secret("wrong one"))
    damaged = bytearray(blob)
    damaged[blob.index(b"report.html") + 60] ^= 0xFF
    with pytest.raises(Tampered):
        open_archive(bytes(damaged), PASS)


def test_an_unsealed_member_in_an_archive_is_refused() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as plain:
        plain.writestr("report.json", "{}")
    with pytest.raises(Tampered):
        open_archive(buffer.getvalue(), PASS)


@pytest.mark.needs_server("7z")
def test_a_standard_tool_opens_the_sealed_report(tmp_path: Path) -> None:
    sealed = tmp_path / "report.html.zip"
    sealed.write_bytes(seal_archive({"report.html": b"<h1>cybercheck findings report</h1>"}, PASS))
    out = tmp_path / "out"
    done = subprocess.run(["7z", "x", "-y", f"-p{PASS.reveal()}", f"-o{out}", str(sealed)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (out / "report.html").read_bytes() == b"<h1>cybercheck findings report</h1>"
    listing = subprocess.run(["7z", "l", "-slt", str(sealed)], capture_output=True, text=True, timeout=60).stdout
    assert "AES-256" in listing
    wrong = subprocess.run(["7z", "x", "-y", "-pwrong", f"-o{tmp_path / 'wrong'}", str(sealed)],
                           capture_output=True, text=True, timeout=60)
    assert wrong.returncode != 0
    assert shutil.which("7z")
