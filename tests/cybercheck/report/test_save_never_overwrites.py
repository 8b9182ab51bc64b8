"""Saving never writes over an existing file: the next free name is taken, "report (2).html"."""

from __future__ import annotations

from pathlib import Path

from cybercheck.report.save import free_name, save_atomically


def test_a_taken_name_gets_the_next_free_number_before_all_its_endings(tmp_path: Path) -> None:
    first = tmp_path / "report.html.zip"
    assert free_name(first) == first
    first.write_bytes(b"one")
    assert free_name(first).name == "report (2).html.zip"
    (tmp_path / "report (2).html.zip").write_bytes(b"two")
    assert free_name(first).name == "report (3).html.zip"
    assert free_name(tmp_path / ".hidden").name == ".hidden"


def test_saving_without_overwrite_keeps_the_earlier_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    assert save_atomically(target, b"first", overwrite=False) == target
    second = save_atomically(target, b"second", overwrite=False)
    assert second.name == "report (2).html"
    assert target.read_bytes() == b"first" and second.read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report (2).html", "report.html"]
    assert save_atomically(target, b"third") == target and target.read_bytes() == b"third"
