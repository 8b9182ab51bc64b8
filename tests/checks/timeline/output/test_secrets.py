"""The signing key's private half never leaves the keyring: not in any file, report, manifest or output."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from cybercheck.signing import KEY_NAME
from tests.cybercheck.cli_helpers import run_cli

pytestmark = pytest.mark.usefixtures("with_fake_reader")


def _forms(raw: bytes) -> list[bytes]:
    """Every way the 32 private bytes could be written down."""
    b64 = base64.b64encode(raw)
    return [
        raw,
        b64,
        b64.rstrip(b"="),
        base64.urlsafe_b64encode(raw).rstrip(b"="),
        raw.hex().encode(),
        raw.hex().upper().encode(),
        base64.b32encode(raw).rstrip(b"="),
    ]


def test_the_private_key_is_nowhere_but_the_keyring(
    exports,
    tmp_path: Path,
    memory_keyring,
    monkeypatch,  # type: ignore[no-untyped-def]
    isolated_user_folders,
    capfd,
) -> None:
    import logging

    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Keep(level=logging.DEBUG)
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.DEBUG)
    try:
        out = tmp_path / "out" / "timeline.html"
        out.parent.mkdir()
        made = run_cli(
            "timeline",
            "--input",
            f"whatsapp={exports['chat']}",
            "--input",
            f"sms={exports['sms']}",
            "--about",
            "+447700900123",
            "--output",
            str(out),
            "--country",
            "GB",
        )
        checked = run_cli("timeline", "--verify", str(out))
    finally:
        logging.getLogger().removeHandler(handler)
    stored = memory_keyring.store[("cybercheck", KEY_NAME)]
    raw = base64.b64decode(stored)
    assert len(raw) == 32
    canaries = _forms(raw)
    places = [p for p in tmp_path.rglob("*") if p.is_file()]
    places += [p for folder in isolated_user_folders.values() for p in folder.rglob("*") if p.is_file()]
    assert any(p.name == "timeline.manifest.json" for p in places)
    for path in places:
        data = path.read_bytes()
        for canary in canaries:
            assert canary not in data, f"the private key is in {path}"
    said = (made.stdout + made.stderr + checked.stdout + checked.stderr + "\n".join(records)).encode()
    captured = capfd.readouterr()
    said += (captured.out + captured.err).encode()
    for canary in canaries:
        assert canary not in said


def test_a_signer_cannot_be_printed_or_pickled(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    import pickle

    from cybercheck.signing import Signer

    signer = Signer()
    stored = memory_keyring.store[("cybercheck", KEY_NAME)]
    assert stored not in repr(signer) and stored not in str(signer)
    with pytest.raises(TypeError):
        pickle.dumps(signer)
