"""Fixtures for the Android tests: synthetic phones, the stand-in adb on PATH, AndroidQF folders and zips."""

from __future__ import annotations

import json
import os
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import devicegen  # noqa: E402
import standin  # noqa: E402

FIXTURES = HERE.parents[1] / "fixtures" / "android"


@dataclass
class FakeAdb:
    """The stand-in adb installed first on PATH, and the log of every call made to it."""

    bin: Path
    log: Path
    recording: Path

    def calls(self) -> list[list[str]]:
        """Every adb invocation so far, as argument lists."""
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]


@pytest.fixture
def fake_adb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """make(phone, state="device", disconnect=None) -> FakeAdb, with adb first on PATH."""

    def make(
        phone: devicegen.PhoneSpec | None, state: str = "device", disconnect: str | None = None
    ) -> FakeAdb:
        adb_bin, device_bin = standin.install(tmp_path)
        recording = devicegen.write_recording(phone or devicegen.base_phone(), tmp_path / "recording")
        log = tmp_path / "adb-calls.jsonl"
        monkeypatch.setenv("PATH", f"{adb_bin}{os.pathsep}{os.environ.get('PATH', '')}")
        monkeypatch.setenv("FAKE_BIN", str(device_bin))
        monkeypatch.setenv("FAKE_DEVICE", str(recording))
        monkeypatch.setenv("FAKE_ADB_LOG", str(log))
        monkeypatch.setenv("FAKE_ADB_STATE", state)
        if disconnect:
            monkeypatch.setenv("FAKE_ADB_DISCONNECT", disconnect)
        else:
            monkeypatch.delenv("FAKE_ADB_DISCONNECT", raising=False)
        return FakeAdb(adb_bin, log, recording)

    return make


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    """Zip a folder the way AndroidQF does (entries at the top, or under `prefix/`)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return target


@pytest.fixture
def acquisition(tmp_path: Path):
    """make(phone, name="acq") -> an AndroidQF acquisition folder for the phone."""

    def make(phone: devicegen.PhoneSpec, name: str = "acq") -> Path:
        return devicegen.write_androidqf(phone, tmp_path / name)

    return make
