"""Inputs the fuzzing harness (tests/fuzz) found that a password export reader read as clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.passwords.checks import ReusedPasswords
from checks.passwords.sources.exports import read_export_bytes
from cybercheck.pipeline.model import Status
from cybercheck.testing import run

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "passwords"


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("firefox.csv", b'"https://mail.example.com","{', b'"https://mail.exampl".com{,"{'),  # a stray quote
        ("bitwarden.csv", b'a comma",', b'a comma"junk,'),  # text after a closing quote
        ("bitwarden.csv", b"", b""),  # no damage: the control
    ],
)
def test_a_quote_mark_in_an_odd_place_is_a_skipped_row_named(
    tmp_path: Path, name: str, old: bytes, new: bytes
) -> None:
    good = (FIXTURES / name).read_bytes()
    data = good.replace(old, new, 1) if old else good
    if old:
        assert data != good
    read = read_export_bytes(data, name)
    damaged = [p for p in read.problems if "quote mark" in str(p)]
    assert len(damaged) == (1 if old else 0), read.problems
    path = tmp_path / name
    path.write_bytes(data)
    result = run(ReusedPasswords, inputs={"passwords": path})
    assert (result.status is Status.INCOMPLETE or bool(result.findings)) if old else not result.gaps


def test_quoted_cells_with_commas_doubled_quotes_and_line_breaks_are_no_damage() -> None:
    data = (
        b'name,url,username,password\n"Mail, work","https://mail.example.com","al""ice","a""b,c"\n'
        b'"Notes\nacross lines",https://bank.example,bob,"Orchid#77"\n'
    )
    read = read_export_bytes(data, "chrome.csv")
    assert not read.problems and len(read.entries) == 2


@pytest.mark.parametrize(
    ("escape", "damaged"), [("\\ud800", True), ("\\udc00x", True), ("\\ud83d\\ude00", False)]
)
def test_a_lone_surrogate_escape_in_bitwarden_json_is_named(escape: str, damaged: bool) -> None:
    good = (FIXTURES / "bitwarden.json").read_bytes()
    data = good.replace(b"not a sign-in", f"not a{escape} sign-in".encode(), 1)
    assert data != good
    read = read_export_bytes(data, "bitwarden.json")
    assert any("not valid Unicode" in str(p) for p in read.problems) is damaged, read.problems
    assert len(read.entries) == 2


def test_bitwarden_json_with_a_key_twice_in_one_entry_is_named() -> None:
    good = (FIXTURES / "bitwarden.json").read_bytes()
    data = good.replace(
        b'"favorite": true,', b'"favorite": true, "type": 1, "name": "Mail", "favorite": true,', 1
    )
    assert data != good
    read = read_export_bytes(data, "bitwarden.json")
    assert any("same detail twice" in str(p) for p in read.problems), read.problems
    assert not read_export_bytes(good, "bitwarden.json").problems
