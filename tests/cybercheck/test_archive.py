"""Exports are read in place; hostile archives are refused member by member, never extracted."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from tests.conftest import require_server
from hypothesis import given, settings
from hypothesis import strategies as st

from cybercheck.archive import open_export
from cybercheck.errors import DamagedInput


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_and_folder_read_the_same(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "a.zip", {"Takeout/a.json": b'{"x": 1}', "Takeout/b.csv": b"a,b\r\n1,2\r\n"})
    folder = tmp_path / "unpacked" / "Takeout"
    folder.mkdir(parents=True)
    (folder / "a.json").write_bytes(b'{"x": 1}')
    (folder / "b.csv").write_bytes(b"a,b\r\n1,2\r\n")
    for source in (archive, tmp_path / "unpacked"):
        export = open_export(source)
        assert export.names() == ["Takeout/a.json", "Takeout/b.csv"]
        assert export.read_text("Takeout/a.json") == '{"x": 1}'
        assert list(export.text_lines("Takeout/b.csv")) == ["a,b\r\n", "1,2\r\n"]


def test_hostile_members_are_refused_and_the_rest_stays_readable(tmp_path: Path) -> None:
    archive = _zip(
        tmp_path / "a.zip",
        {
            "../../etc/evil": b"x",
            "/abs/path": b"x",
            "C:/windows/evil": b"x",
            "bomb.txt": b"\0" * (8 * 1024 * 1024),
            "nested.zip": b"PK\x03\x04",
            "good.json": b"{}",
        },
    )
    export = open_export(archive)
    assert export.names() == ["good.json"]
    reasons = {r.name: r.reason for r in export.refused}
    assert "outside" in reasons["../../etc/evil"] and "outside" in reasons["/abs/path"]
    assert "zip bomb" in reasons["bomb.txt"]
    assert "archive inside" in reasons["nested.zip"]


def test_links_in_a_folder_are_not_followed(tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "loop").symlink_to(tmp_path / "export")
    (tmp_path / "export" / "passwd").symlink_to("/etc/passwd")
    export = open_export(tmp_path / "export")
    assert export.names() == []
    assert sorted(r.name for r in export.refused) == ["loop", "passwd"]  # the linked folder is named too


def test_a_truncated_zip_is_a_plain_message(tmp_path: Path) -> None:
    whole = _zip(tmp_path / "a.zip", {"a.json": b"{}" * 5000}).read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(DamagedInput) as caught:
        open_export(cut)
    assert "damaged" in caught.value.plain


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("where_you're_logged_in.json", b'{"account_accesses_v2": []}'),
        ("mailFilters.xml", b"<?xml version='1.0' encoding='UTF-8'?><feed/>"),
        ("backup.ab", b"ANDROID BACKUP\n5\n1\nnone\n\x78\x9c"),
    ],
)
def test_a_single_file_is_not_called_damaged(tmp_path: Path, name: str, data: bytes) -> None:
    """One file of an export, or another program's file, is said to be what it is: not the whole export."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DamagedInput) as caught:
        open_export(path)
    assert "single file, not a zip file or a folder" in caught.value.plain
    assert "damaged" not in caught.value.plain


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_an_export_or_a_plain_message(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("z") / "x.zip"
    path.write_bytes(b"PK\x03\x04" + data)
    try:
        export = open_export(path)
        for name in export.names():
            try:
                export.read_bytes(name)
            except DamagedInput:
                pass
    except DamagedInput as error:
        assert error.plain


def test_a_damaged_member_is_a_plain_message(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", random.Random(1).randbytes(20_000) + b"hello world " * 1000)
    data = bytearray(buffer.getvalue())
    data[60:200] = b"\xff" * 140  # corrupt the compressed stream, keep the directory
    path = tmp_path / "d.zip"
    path.write_bytes(bytes(data))
    export = open_export(path)
    with pytest.raises(DamagedInput):
        export.read_bytes("a.txt")


# --- hostile members found by the fuzzing harness (tests/fuzz) ------------------------------------


def _export_zip(tmp_path: Path, kind: str) -> Path:
    import random

    from tests.fuzz.mutate import container_mutation

    members = {"data/a.json": b'{"a": 1}', "data/b.json": b'{"b": 2}'}
    rng = random.Random(0)
    while True:
        found, data = container_mutation(rng, members, "data/a.json")
        if found == kind:
            path = tmp_path / f"{kind}.zip"
            path.write_bytes(data)
            return path


@pytest.mark.parametrize("kind", ["encrypted", "aes"])
def test_an_encrypted_member_is_named_and_the_rest_is_read(tmp_path: Path, kind: str) -> None:
    export = open_export(_export_zip(tmp_path, kind))
    assert export.names() == ["data/b.json"]
    assert [r.name for r in export.refused] == ["data/a.json"]
    assert "password" in export.refused[0].reason


def test_a_zip_made_with_a_password_says_so(tmp_path: Path) -> None:
    import subprocess

    (tmp_path / "a.json").write_text("{}")
    subprocess.run(["zip", "-q", "-P", "secret", str(tmp_path / "p.zip"), "a.json"], cwd=tmp_path, check=True)
    with pytest.raises(DamagedInput) as caught:
        open_export(tmp_path / "p.zip")
    assert "protected with a password" in str(caught.value.plain)
    assert "unzip it first" in str(caught.value.plain)


def test_a_7zip_aes_export_says_so(tmp_path: Path) -> None:
    import shutil
    import subprocess

    require_server("7z")
    (tmp_path / "a.json").write_text("{}")
    subprocess.run(
        ["7z", "a", "-tzip", "-psecret", "-mem=AES256", str(tmp_path / "p.zip"), "a.json"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    with pytest.raises(DamagedInput) as caught:
        open_export(tmp_path / "p.zip")
    assert "protected with a password" in str(caught.value.plain)


def test_a_symlink_member_is_never_read_as_its_link_text(tmp_path: Path) -> None:
    export = open_export(_export_zip(tmp_path, "symlink"))
    assert export.names() == ["data/b.json"]
    assert "link" in export.refused[0].reason


def test_one_badly_named_member_leaves_the_rest_readable(tmp_path: Path) -> None:
    export = open_export(_export_zip(tmp_path, "bad-name"))
    assert export.names() == ["data/b.json"]
    assert len(export.refused) == 1 and "name" in export.refused[0].reason
    assert export.read_bytes("data/b.json") == b'{"b": 2}'


def test_duplicate_member_names_are_a_gap_and_the_real_copy_is_read(tmp_path: Path) -> None:
    export = open_export(_export_zip(tmp_path, "duplicate"))
    assert export.read_bytes("data/a.json") == b'{"a": 1}'
    assert [r.name for r in export.refused] == ["data/a.json"]
    assert "more than one file" in export.refused[0].reason


def test_archives_inside_are_refused_unless_their_ending_is_asked_for(tmp_path):
    import zipfile

    from cybercheck.archive import open_export

    outer = tmp_path / "acquisition.zip"
    with zipfile.ZipFile(outer, "w") as archive:
        archive.writestr("apks/app_base.apk", b"PK\x03\x04 an app")
        archive.writestr("inner.zip", b"PK\x03\x04")
    with open_export(outer) as export:
        assert export.names() == []
    with open_export(outer, nested=(".apk",)) as export:
        assert export.names() == ["apks/app_base.apk"]
        assert [r.name for r in export.refused] == ["inner.zip"]


def test_a_file_that_grows_while_it_is_read_is_read_whole_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "log.txt").write_bytes(b"first line\nsecond line\n")
    with open_export(tmp_path) as export:
        monkeypatch.setattr(export, "size", lambda _name: len(b"first line\n"))  # its size a moment before
        assert export.read_bytes("log.txt") == b"first line\nsecond line\n"
        assert export.read_bytes("log.txt", limit=14) == b"first line\nseco"  # up to limit + 1 bytes, as ever
