"""A record timestamped by a loopback OpenSSL TSA, and a sealed one: both verify; a changed byte fails."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests.cybercheck.cli_helpers import run_cli
from tests.servers.timeline_tsa import LoopbackTsa

pytestmark = pytest.mark.usefixtures("with_fake_reader")


@pytest.fixture(scope="module")
def tsa():  # type: ignore[no-untyped-def]
    from tests.conftest import require_server

    require_server("openssl")
    with LoopbackTsa() as server:
        yield server


def _make(exports: dict[str, Path], out: Path, *extra: str):  # type: ignore[no-untyped-def]
    return run_cli(
        "timeline",
        "--input",
        f"whatsapp={exports['chat']}",
        "--input",
        f"sms={exports['sms']}",
        "--about",
        "+447700900123",
        "--output",
        str(out),
        *extra,
    )


def test_a_timestamped_record_verifies(exports, tmp_path: Path, memory_keyring, tsa: LoopbackTsa) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "timeline.html"
    ran = _make(exports, out, "--tsa", tsa.url)
    assert "Trusted timestamp from" in ran.stderr and "Loopback TSA" in ran.stderr
    assert tsa.requests == 1
    envelope = json.loads(out.with_name("timeline.manifest.json").read_text(encoding="utf-8"))
    assert envelope["timestamp"]["tsa"] == tsa.url
    checked = run_cli("timeline", "--verify", str(out))
    assert checked.code == 0, checked.stdout
    assert "Trusted timestamp: " in checked.stdout and "Loopback TSA" in checked.stdout


def test_a_timestamp_for_other_contents_fails(
    exports, tmp_path: Path, memory_keyring, tsa: LoopbackTsa
) -> None:  # type: ignore[no-untyped-def]
    first, second = tmp_path / "a" / "timeline.html", tmp_path / "b" / "timeline.html"
    first.parent.mkdir()
    second.parent.mkdir()
    _make(exports, first, "--tsa", tsa.url)
    _make(exports, second, "--tsa", tsa.url)
    # Put the first record's timestamp into the second's manifest: still well-formed, but for other bytes.
    a = json.loads(first.with_name("timeline.manifest.json").read_text(encoding="utf-8"))
    b_path = second.with_name("timeline.manifest.json")
    b = json.loads(b_path.read_text(encoding="utf-8"))
    b["timestamp"] = a["timestamp"]
    b_path.write_text(json.dumps(b), encoding="utf-8")
    checked = run_cli("timeline", "--verify", str(second))
    assert checked.code == 1
    assert "does not match this record" in checked.stdout


def test_one_changed_byte_in_the_token_fails(
    exports, tmp_path: Path, memory_keyring, tsa: LoopbackTsa
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "timeline.html"
    _make(exports, out, "--tsa", tsa.url)
    path = out.with_name("timeline.manifest.json")
    envelope = json.loads(path.read_text(encoding="utf-8"))
    token = bytearray(base64.b64decode(envelope["timestamp"]["token"]))
    token[len(token) // 2] ^= 0x01
    envelope["timestamp"]["token"] = base64.b64encode(bytes(token)).decode()
    path.write_text(json.dumps(envelope), encoding="utf-8")
    assert run_cli("timeline", "--verify", str(out)).code == 1


def test_an_unreachable_tsa_stops_with_a_plain_message(exports, tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out" / "timeline.html"
    out.parent.mkdir()
    ran = _make(exports, out, "--tsa", "http://127.0.0.1:9/tsa")
    assert ran.code == 2
    assert "time-stamping service" in ran.stderr
    assert "Traceback" not in ran.stderr
    assert list(out.parent.iterdir()) == []  # no record without the timestamp that was asked for


def test_a_sealed_record_opens_and_verifies(exports, tmp_path: Path, memory_keyring, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from cybercheck.casework.sealing import open_archive
    from cybercheck.secrets import Secret

    monkeypatch.setenv("CYBERCHECK_SECRET_SEAL", "correct horse battery")
    out = tmp_path / "sealed" / "timeline.html"
    out.parent.mkdir()
    ran = _make(exports, out, "--seal")
    assert ran.code in (0, 1), ran.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == ["timeline.html.zip"]  # nothing left unsealed
    members = open_archive((out.parent / "timeline.html.zip").read_bytes(), Secret("correct horse battery"))
    assert sorted(members) == ["timeline.csv", "timeline.html", "timeline.json", "timeline.manifest.json"]
    opened = tmp_path / "opened"
    opened.mkdir()
    for name, data in members.items():
        (opened / name).write_bytes(data)
    assert run_cli("timeline", "--verify", str(opened / "timeline.html")).code == 0
    (opened / "timeline.csv").write_bytes(members["timeline.csv"].replace(b"2026", b"2027", 1))
    assert run_cli("timeline", "--verify", str(opened / "timeline.html")).code == 1


def test_report_open_shows_a_sealed_record(exports, tmp_path: Path, memory_keyring, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CYBERCHECK_SECRET_SEAL", "correct horse battery")
    out = tmp_path / "timeline.html"
    _make(exports, out, "--seal")
    shown = run_cli("report", "open", str(tmp_path / "timeline.html.zip"), "--format", "md")
    assert shown.code == 0, shown.stderr
    assert "timeline.contact" in shown.stdout or "contact" in shown.stdout
