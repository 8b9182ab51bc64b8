"""AndroidQF acquisitions and bug reports the fuzzing harness (tests/fuzz) found read as whole although damaged."""

from __future__ import annotations

from pathlib import Path

import devicegen
import pytest

from checks.android.checks import AndroidDevice
from cybercheck.pipeline.words import text
from cybercheck.testing import run
from tests.fuzz.mutate import _mark_encrypted, _spoil_name, build_zip

DEVELOPER_OPTIONS = "android.setting.developer-options"  # every acquisition is taken with them on


def _acquisition(tmp_path: Path) -> Path:
    return devicegen.write_androidqf(devicegen.base_phone(apps=45), tmp_path / "acquisition")


def test_the_ordinary_acquisition_has_nothing_else_to_report(tmp_path: Path) -> None:
    result = run(AndroidDevice, inputs={"android": _acquisition(tmp_path)})
    assert result.gaps == ()
    assert [f.code for f in result.findings] == [DEVELOPER_OPTIONS]


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("getprop.txt", b"[ro.build.tags]", b"[ro.bui\xd9\x07ld.tags]"),  # bytes that are not UTF-8
        ("settings_secure.txt", b"accessibility_enabled=0", b"accessibil\xe9ty_enabled=0"),
        ("settings_system.txt", b"screen_brightness=120", b"screen_brightness=12\x000"),  # a NUL
        ("dumpsys.txt", b"Enabled services:{}", b"Enabled services:{}" + b" " * 70_000),  # a line too long
        ("processes.json", b'"previous_context"', b'"previous_co\xed\xa0\x80ntext"'),  # a lone surrogate
    ],
)
def test_a_file_with_bytes_that_are_not_text_is_named(
    tmp_path: Path, name: str, old: bytes, new: bytes
) -> None:
    folder = _acquisition(tmp_path)
    path = folder / name
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    result = run(AndroidDevice, inputs={"android": folder})
    assert str(text("android.qf-file-damaged", name=name)) in result.gaps
    assert result.status.value == "incomplete" or result.findings


@pytest.mark.parametrize("spoil", [_mark_encrypted, _spoil_name])
def test_an_acquisition_json_that_cannot_be_opened_is_named(tmp_path: Path, spoil: object) -> None:
    folder = _acquisition(tmp_path)
    raw = bytearray(build_zip({p.name: p.read_bytes() for p in sorted(folder.iterdir())}))
    if spoil is _mark_encrypted:
        _mark_encrypted(raw, b"acquisition.json", aes=False)  # cannot be read without a password
    else:
        _spoil_name(raw, b"acquisition.json")  # a name marked UTF-8 that is not: which file it was is unknown
    target = tmp_path / "acquisition.zip"
    target.write_bytes(raw)
    result = run(AndroidDevice, inputs={"android": target})
    assert any("cquisition.json was not read" in gap for gap in result.gaps), result.gaps


def _bugreport(tmp_path: Path, old: bytes, new: bytes) -> Path:
    folder = devicegen.write_bugreport(devicegen.base_phone(apps=45), tmp_path / "bugreport")
    main = next(folder.glob("bugreport-*.txt"))
    data = main.read_bytes()
    assert old in data
    main.write_bytes(data.replace(old, new, 1))
    return _zip(folder, tmp_path / "bugreport.zip")


def _zip(folder: Path, target: Path) -> Path:
    target.write_bytes(build_zip({p.name: p.read_bytes() for p in sorted(folder.iterdir())}))
    return target


def test_the_ordinary_bug_report_has_nothing_else_to_report(tmp_path: Path) -> None:
    result = run(AndroidDevice, inputs={"android": _bugreport(tmp_path, b"", b"")})
    every_bug_report = {str(text("android.missing-processes")), str(text("android.missing-root-binaries"))}
    assert set(result.gaps) == every_bug_report
    assert [f.code for f in result.findings] == [DEVELOPER_OPTIONS]


@pytest.mark.parametrize(
    ("old", "new", "section"),
    [
        (b"stopped=false notLaunched", b"stopped\xc3=false notLaunched", "package"),  # not UTF-8
        (b"targetSdk=33\n", b"targetSdk=33\x00\n", "package"),  # a NUL
        (b"[ro.build.tags]", b"[ro.bui\xd9\x07ld.tags]", "getprop"),
        (b'Action: "android.intent', b'Action: "android.inte' + b"[" * 100_000, "package"),  # a line too long
        (b"name:adb_enabled", b"name:adb_\xffenabled", "settings"),
    ],
)
def test_a_bug_report_section_with_bytes_that_are_not_text_is_named(
    tmp_path: Path, old: bytes, new: bytes, section: str
) -> None:
    result = run(AndroidDevice, inputs={"android": _bugreport(tmp_path, old, new)})
    damaged = [g for g in result.gaps if "bug report is damaged" in g]
    assert len(damaged) == 1, result.gaps
    assert f"({section}:" in damaged[0]


def test_a_bug_report_holding_its_dumpstate_text_twice_is_named(tmp_path: Path) -> None:
    import warnings
    import zipfile

    folder = devicegen.write_bugreport(devicegen.base_phone(apps=45), tmp_path / "bugreport")
    main = next(folder.glob("bugreport-*.txt"))
    target = tmp_path / "bugreport.zip"
    with warnings.catch_warnings(), zipfile.ZipFile(target, "w") as archive:
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
        archive.writestr("main_entry.txt", main.name)
        archive.writestr(main.name, b"")  # an empty first copy: which one is real is not known
        archive.writestr(main.name, main.read_bytes())
    result = run(AndroidDevice, inputs={"android": target})
    assert any(g.startswith(f"{main.name} was not read") for g in result.gaps), result.gaps


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("processes.json", b'"cwd": "/"}', b'"c\\ud800wd": "/"}'),  # a lone surrogate escape
        (
            "acquisition.json",
            b'"collector": null,',
            b'"collector": null,\n "completed": "2026-01-01T00:00:00Z",',
        ),
        ("packages.json", b'"sha512": ""', b'"sha512": "", "sha256": "0b0d"'),  # a file's hash named twice
    ],
)
def test_a_json_file_that_is_not_strict_json_is_named(
    tmp_path: Path, name: str, old: bytes, new: bytes
) -> None:
    folder = _acquisition(tmp_path)
    path = folder / name
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    result = run(AndroidDevice, inputs={"android": folder})
    assert str(text("android.qf-damaged-json", name=name)) in result.gaps


def test_an_emoji_escaped_as_a_pair_is_no_damage(tmp_path: Path) -> None:
    folder = _acquisition(tmp_path)
    path = folder / "processes.json"
    path.write_bytes(path.read_bytes().replace(b'"cwd": "/"}', b'"cwd": "/\\ud83d\\ude00"}', 1))
    assert run(AndroidDevice, inputs={"android": folder}).gaps == ()
