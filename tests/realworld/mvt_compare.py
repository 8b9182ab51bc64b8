"""Record what MVT flags on the corpus's Android and iPhone artifacts, into expected.yaml (run by hand).

MVT (Amnesty's Mobile Verification Toolkit) is the peer for android.device and ios.backup. It is
too heavy for CI, so its reading is recorded: run this with MVT installed in its own environment,

    python3 -m venv .mvt-venv && .mvt-venv/bin/pip install mvt
    CYBERCHECK_REALWORLD_SHARED=/path/to/shared/realworld \\
        .mvt-venv/bin/python tests/realworld/mvt_compare.py

and commit the changed expected.yaml. test_realworld.py then checks, without MVT, that every MVT
alert of medium level or above that has a cybercheck counterpart is flagged by cybercheck too.
Artifacts MVT cannot take (a profile in a built backup) are left out; an entry MVT refuses records
the refusal. Nothing is sent anywhere: indicator and update checks are switched off.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
SHARED = Path(
    os.environ.get("CYBERCHECK_REALWORLD_SHARED", HERE.parent.parent.parent / "shared" / "realworld")
)
BIN = Path(sys.executable).parent
COMMANDS = {  # how MVT is asked about each kind of artifact
    "androidqf": [
        str(BIN / "mvt-android"),
        "--disable-update-check",
        "--disable-indicator-update-check",
        "check-androidqf",
    ],
    "bugreport": [
        str(BIN / "mvt-android"),
        "--disable-update-check",
        "--disable-indicator-update-check",
        "check-bugreport",
    ],
    "backup.ab": [
        str(BIN / "mvt-android"),
        "--disable-update-check",
        "--disable-indicator-update-check",
        "check-backup",
    ],
    "ios": [
        str(BIN / "mvt-ios"),
        "--disable-update-check",
        "--disable-indicator-update-check",
        "check-backup",
    ],
}


def _kind(entry: dict[str, Any]) -> str | None:
    if entry.get("prepare") == "ios-profile-backup" or entry["check"] not in ("android.device", "ios.backup"):
        return None
    if entry["check"] == "ios.backup":
        return "ios" if not entry["path"].endswith(".mobileconfig") else None
    if "bugreport" in entry["path"]:
        return "bugreport"
    return "backup.ab" if entry["path"].endswith(".ab") else "androidqf"


def _path(entry: dict[str, Any], work: Path) -> Path | None:
    base = SHARED if entry.get("stored") == "shared" else HERE
    path = base / str(entry["path"])
    if not path.exists():
        return None
    if entry.get("prepare") in ("zip", "zip-root"):  # as test_realworld.prepared() makes them
        target = work / f"{path.name}.zip"
        top = path.parent if entry["prepare"] == "zip" else path
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for member in sorted(path.rglob("*")):
                archive.write(member, member.relative_to(top))
        return target
    return path


class _Plain(yaml.SafeDumper):
    """Writes repeated lists out in full (no &anchors), so expected.yaml stays readable."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _version() -> str:
    done = subprocess.run(
        [str(BIN / "python"), "-c", "import mvt.common.version as v; print(v.MVT_VERSION)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def main() -> None:
    expected_file = HERE / "expected.yaml"
    text = expected_file.read_text(encoding="utf-8")
    header = "".join(line + "\n" for line in text.splitlines() if line.startswith("#"))
    data = yaml.safe_load(text)
    version = _version()
    env = {**os.environ, "MVT_DISABLE_UPDATE_CHECK": "1"}
    for entry in data["artifacts"]:
        kind = _kind(entry)
        if kind is None:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            path = _path(entry, work)
            if path is None:
                print(f"skipped {entry['id']}: not here", file=sys.stderr)
                continue
            out = work / "out"
            done = subprocess.run(
                [*COMMANDS[kind], "-o", str(out), str(path)],
                check=False,
                capture_output=True,
                text=True,
                timeout=600,
                env=env,
                stdin=subprocess.DEVNULL,
            )
            alerts_file = out / "alerts.json"
            alerts = json.loads(alerts_file.read_text()) if alerts_file.exists() else []
            entry["mvt"] = {
                "version": version,
                "command": " ".join(COMMANDS[kind][-1:]),
                "exit": done.returncode,
                "alerts": [
                    {"level": a["level"], "module": a["module"], "message": a["message"][:160]}
                    for a in alerts
                ],
            }
            print(f"{entry['id']}: {len(alerts)} alerts (exit {done.returncode})", file=sys.stderr)
    body = yaml.dump(data, Dumper=_Plain, sort_keys=False, allow_unicode=True, width=200)
    expected_file.write_text(header + body, encoding="utf-8")


if __name__ == "__main__":
    main()
