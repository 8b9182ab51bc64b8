"""Readers of what a phone hands over: `adb shell` output over USB (android.device's live path, through the
stand-in adb of tests/checks/android) and the Bluetooth HCI snoop log (trackers.android)."""

from __future__ import annotations

import atexit
import importlib
import os
import shutil
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

ANDROID_TESTS = Path(__file__).resolve().parents[1] / "checks" / "android"


def _android_tests(name: str) -> Any:
    """A module of tests/checks/android (devicegen, standin), which are not a package."""
    if str(ANDROID_TESTS) not in sys.path:
        sys.path.insert(0, str(ANDROID_TESTS))
    return importlib.import_module(name)


@lru_cache(maxsize=1)
def adb_recording() -> Path:
    """A recorded phone with nothing to report (devicegen's base phone), made once per process."""
    devicegen = _android_tests("devicegen")
    folder = Path(tempfile.mkdtemp(prefix="cybercheck-fuzz-adb-"))
    atexit.register(shutil.rmtree, folder, True)
    return Path(devicegen.write_recording(devicegen.base_phone(), folder / "recording"))


def adb_targets() -> tuple[str, ...]:
    """The recorded command outputs, one mutated per input."""
    return tuple(
        sorted(p.name for p in adb_recording().iterdir() if p.suffix == ".txt" and p.name not in NEVER_ASKED)
    )


# What the recorded phone holds that is no answer the collection reads: commands it never runs on this
# phone (`pm list packages -3`; the fallback without -U, which this phone takes), and files.txt, the
# stand-in's list of the files on the phone, from which `ls` answers.
NEVER_ASKED = frozenset({"pm_3.txt", "pm_list_nouid.txt", "files.txt"})


def adb_answer_oracle(name: str, data: bytes) -> bool:
    """Plain text, judged on what the phone sends back: the notification dump is filtered on the
    phone (`grep -i -A 40 'notification listeners'`), so damage outside that window never leaves it."""
    from tests.fuzz import oracles

    if name == "dumpsys_notification.txt":
        lines = data.split(b"\n")
        start = next((i for i, line in enumerate(lines) if b"notification listeners" in line.lower()), None)
        if start is None:
            return False  # the heading itself is damaged: the phone sends nothing
        data = b"\n".join(lines[start : start + 41])
    return oracles.utf8_text(data)


def adb_expected_gaps() -> tuple[str, ...]:
    """The gap every run of the base phone has: user certificates cannot be listed over adb there."""
    from cybercheck.pipeline.words import text

    return (str(text("android.certificates-unknown")),)


def run_adb(path: Path, data: bytes) -> Any:
    """android.device over the stand-in adb, with the recorded output of one command replaced by `data`."""
    from checks.android.checks import AndroidDevice
    from cybercheck.testing import run

    work = path.parent
    recording = work / "recording"
    recording.mkdir()
    for answer in adb_recording().iterdir():  # the rest of the phone is shared, not copied
        if answer.name != path.name:
            (recording / answer.name).symlink_to(answer)
    (recording / path.name).write_bytes(data)
    adb_bin, device_bin = _android_tests("standin").install(work)
    os.environ.update(
        {
            "PATH": f"{adb_bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "FAKE_BIN": str(device_bin),
            "FAKE_DEVICE": str(recording),
            "FAKE_ADB_LOG": str(work / "adb-calls.jsonl"),
            "FAKE_ADB_STATE": "device",
        }
    )
    os.environ.pop("FAKE_ADB_DISCONNECT", None)
    return run(AndroidDevice, inputs={"android": "adb"})


def btsnoop(data: bytes) -> bool:
    """A btsnoop capture (RFC 1761 as BlueZ and Android write it): the header, then records that tile the
    file exactly, each packet as long as its own HCI header says (H4: command, ACL data, event)."""
    import struct

    if len(data) < 16 or data[:8] != b"btsnoop\x00":
        return False
    version, datalink = struct.unpack(">II", data[8:16])
    if version != 1 or datalink not in (1001, 1002):
        return False
    at = 16
    while at < len(data):
        if at + 24 > len(data):
            return False
        original, included = struct.unpack(">II", data[at : at + 8])
        packet = data[at + 24 : at + 24 + included]
        if included > original or len(packet) != included:
            return False
        if datalink == 1002 and not _h4_whole(packet, original == included):
            return False
        at += 24 + included
    return True


def _h4_whole(packet: bytes, whole: bool) -> bool:
    if not packet:
        return False
    kind = packet[0]
    if kind not in (1, 2, 3, 4):
        return False
    if not whole:
        return True
    if kind == 1:  # command: opcode (2), length (1)
        return len(packet) >= 4 and len(packet) == 4 + packet[3]
    if kind == 2:  # ACL data: handle (2), length (2, little-endian)
        return len(packet) >= 5 and len(packet) == 5 + int.from_bytes(packet[3:5], "little")
    if kind == 4:  # event: code (1), length (1)
        return len(packet) >= 3 and len(packet) == 3 + packet[2]
    return len(packet) >= 4 and len(packet) == 4 + packet[3]  # SCO: handle (2), length (1)
