"""Putting the stand-in adb (fake_adb.py) and the stand-in phone's commands (fake_device.py) in place.

Each is a small sh wrapper. The collection runs some twenty phone commands, each its own process, so
they start Python isolated and without site (`-I -S`: no site-packages, no .pth files to import),
which is what most of a stand-in call costs otherwise; neither needs more than the standard library.
The phone's `grep` is the system's with `-a`: a phone's toybox grep prints damaged bytes as they are,
where GNU grep would stop at them.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEVICE_COMMANDS = ("getprop", "settings", "pm", "cmd", "dumpsys", "ps", "ls")


def install(folder: Path) -> tuple[Path, Path]:
    """(the folder holding `adb`, the folder of phone commands), made inside `folder`."""
    adb_bin, device_bin = folder / "adb-bin", folder / "device-bin"
    adb_bin.mkdir(exist_ok=True)
    device_bin.mkdir(exist_ok=True)
    _script(adb_bin / "adb", f'exec "{sys.executable}" -I -S "{HERE / "fake_adb.py"}" "$@"')
    for name in DEVICE_COMMANDS:
        _script(device_bin / name, f'exec "{sys.executable}" -I -S "{HERE / "fake_device.py"}" {name} "$@"')
    _script(device_bin / "grep", 'exec /usr/bin/grep -a "$@"')
    return adb_bin, device_bin


def _script(path: Path, line: str) -> None:
    path.write_text(f"#!/bin/sh\n{line}\n")
    path.chmod(0o755)
