"""A digest a reader worked out is taken by the report's evidence only for the very version of the file it read."""

from __future__ import annotations

import gc
import hashlib
import os
import zipfile
from pathlib import Path

import pytest

from cybercheck import digests
from cybercheck.archive import open_export
from cybercheck.collector import held_off
from cybercheck.report.evidence import file_sha256, folder_sha256


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digests, "_known", {})
    monkeypatch.setattr(digests, "SETTLED_NS", 0)  # files written by the test are seconds old at most


def test_a_file_read_and_hashed_is_not_hashed_again(tmp_path: Path) -> None:
    (tmp_path / "apks").mkdir()
    apk = tmp_path / "apks" / "a.apk"
    apk.write_bytes(b"PK app")
    with open_export(tmp_path, nested=(".apk",)) as export:
        _data, remember = export.read_noted("apks/a.apk")
    remember("f" * 64)  # a stand-in digest shows which one the evidence took
    assert file_sha256(apk) == "f" * 64
    apk.write_bytes(b"PK another app")
    assert file_sha256(apk) == hashlib.sha256(b"PK another app").hexdigest()


def test_the_folder_digest_is_the_same_with_a_noted_digest(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_bytes(b"one")
    (tmp_path / "two.apk").write_bytes(b"two")
    plain = folder_sha256(tmp_path)
    with open_export(tmp_path, nested=(".apk",)) as export:
        data, remember = export.read_noted("two.apk")
    remember(hashlib.sha256(data).hexdigest())
    assert folder_sha256(tmp_path) == plain


def test_a_file_changed_moments_ago_is_hashed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digests, "SETTLED_NS", 60 * 10**9)
    path = tmp_path / "a.apk"
    path.write_bytes(b"app")
    with open_export(tmp_path, nested=(".apk",)) as export:
        export.read_noted("a.apk")[1]("f" * 64)
    assert file_sha256(path) == hashlib.sha256(b"app").hexdigest()


def test_a_zip_member_notes_nothing(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.txt", b"member")
    with open_export(archive) as export:
        export.read_noted("a.txt")[1]("f" * 64)
    assert digests._known == {}
    assert file_sha256(archive) == hashlib.sha256(archive.read_bytes()).hexdigest()


def test_a_file_that_changed_while_read_is_not_noted(tmp_path: Path) -> None:
    path = tmp_path / "a.apk"
    path.write_bytes(b"app")
    before = os.stat(path)
    path.write_bytes(b"app, changed")
    digests.note(before, os.stat(path), "f" * 64)
    assert digests.known(path) is None


def test_the_collector_is_held_off_until_the_last_holder_leaves() -> None:
    assert gc.isenabled()
    with held_off():
        with held_off():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with held_off():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
