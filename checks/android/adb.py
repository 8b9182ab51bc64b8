"""A connected phone over adb: two round trips, however many apps, and nothing on the phone changed.

1. `adb devices -l` finds the phone and whether it has allowed this computer.
2. One `adb shell` call runs a read-only script that prints each artifact between markers.

A section that began but never ended means the phone went away part way; what was read
before is kept and the rest is reported as a gap.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checks.android.artifacts import CERTIFICATES_UNKNOWN, RawArtifacts
from checks.android.known import ROOT_BINARIES, ROOT_PATHS
from cybercheck.errors import NeedUnmet, SourceError

TIMEOUT = 300.0  # seconds for the whole shell call; a large phone needs well under a minute
MARK = "@@CYBERCHECK@@"
CERT_FOLDER = "/data/misc/user/0/cacerts-added"

# name -> shell command; every one only reads. Order: the most important first.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("getprop", "getprop"),
    ("settings_global", "settings list global"),
    ("settings_secure", "settings list secure"),
    ("settings_system", "settings list system"),
    ("pm_list", "pm list packages -U -u -i || pm list packages -u -i || pm list packages -i"),
    ("pm_system", "pm list packages -s"),
    ("pm_disabled", "pm list packages -d"),
    ("dumpsys_package", "dumpsys package packages"),
    ("launcher", "cmd package query-activities --brief -a android.intent.action.MAIN "
                 "-c android.intent.category.LAUNCHER || pm query-activities --brief "
                 "-a android.intent.action.MAIN -c android.intent.category.LAUNCHER"),
    ("dumpsys_accessibility", "dumpsys accessibility"),
    ("dumpsys_device_policy", "dumpsys device_policy"),
    ("dumpsys_notification", "dumpsys notification | grep -i -A 40 'notification listeners'"),
    ("dumpsys_appops", "dumpsys appops"),
    ("dumpsys_account", "dumpsys account"),
    ("ps", "ps -A || ps"),
    ("root_binaries", "ls -d $(for d in " + " ".join(ROOT_PATHS) + "; do for n in "
                      + " ".join(sorted(ROOT_BINARIES | {"Superuser.apk", "SuperSu.apk", "KingoUser.apk"}))
                      + "; do echo $d/$n; done; done); true"),
    ("user_certificates", f"ls -a {CERT_FOLDER}"),
)
ALWAYS_READ = ("root_binaries",)  # sections whose empty output still means "read"

ENABLE_DEBUGGING = (
    "On the phone, open Settings, then About phone, and tap Build number seven times until it says "
    "you are a developer (on some phones Build number is under Software information). Then open "
    "Settings, System, Developer options, and switch on USB debugging. Connect the phone to this "
    "computer with a USB cable, unlock it, and tap Allow when it asks \"Allow USB debugging?\". "
    "Switching on USB debugging is a change someone else could notice; you can switch it off again "
    "when the check is done."
)


@dataclass(frozen=True, slots=True)
class AdbDevice:
    """One line of `adb devices -l`: the serial, its state and the rest of the line."""

    serial: str
    state: str  # "device", "unauthorized", "offline", "recovery", ...
    details: str = ""


Runner = Callable[[Sequence[str], float], "subprocess.CompletedProcess[bytes]"]


def run_adb(args: Sequence[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run one adb command; one that overruns is stopped and returns what it printed so far."""
    try:
        return subprocess.run(list(args), capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as error:
        out = error.stdout if isinstance(error.stdout, bytes) else b""
        return subprocess.CompletedProcess(list(args), -9, out, b"timed out")
    except OSError as error:
        raise NeedUnmet(_no_adb(), detail=f"{type(error).__name__}: {error.strerror or error}") from None


def _no_adb() -> str:
    return (
        "The program adb, which talks to Android phones, is not installed on this computer, so the "
        "phone was not read. It comes with Google's Android platform tools; on Debian or Ubuntu it is "
        "the package adb. A support worker can also collect the phone's data with AndroidQF and give "
        "the folder instead: --input android=FOLDER."
    )


def parse_devices(text: str) -> list[AdbDevice]:
    """The devices of `adb devices -l`; daemon start-up lines and the heading are skipped."""
    devices = []
    for line in text.splitlines():
        if not line.strip() or line.startswith(("*", "List of devices", "adb server", "error")):
            continue
        words = line.split()
        if len(words) >= 2:
            devices.append(AdbDevice(words[0], words[1], " ".join(words[2:])))
    return devices


def choose_device(devices: Sequence[AdbDevice], serial: str | None) -> AdbDevice:
    """The phone to read; NeedUnmet with what to do on the phone when none is ready."""
    if serial:
        devices = [d for d in devices if d.serial == serial]
        if not devices:
            raise NeedUnmet(f"No phone with the serial number {serial} is connected. " + ENABLE_DEBUGGING)
    if not devices:
        raise NeedUnmet("No phone was found. " + ENABLE_DEBUGGING)
    ready = [d for d in devices if d.state == "device"]
    if len(ready) > 1:
        names = ", ".join(d.serial for d in ready)
        raise NeedUnmet(
            f"More than one phone is connected ({names}). Unplug the others, or choose one with "
            "--input android=adb:SERIAL."
        )
    if ready:
        return ready[0]
    state = devices[0].state
    if state == "unauthorized":
        raise NeedUnmet(
            "The phone is connected but has not yet allowed this computer to read it. Unlock the phone "
            "and look for the message \"Allow USB debugging?\". Tap Allow, then run the check again. "
            "If no message appears, unplug the cable and plug it in again, or switch USB debugging "
            "off and on in Developer options."
        )
    if state == "offline":
        raise NeedUnmet(
            "The phone is connected but not answering. Unplug the cable, unlock the phone, plug it in "
            "again and tap Allow if it asks, then run the check again."
        )
    raise NeedUnmet(
        f"The phone is connected in a mode where it cannot be read ({state}). Restart it normally, "
        "unlock it, and run the check again."
    )


def shell_script(sections: Sequence[tuple[str, str]] = SECTIONS) -> str:
    """The one read-only script run on the phone: each section between BEGIN and END markers."""
    parts = []
    for name, command in sections:
        parts.append(f"echo '{MARK} BEGIN {name}'; ( {command} ) 2>/dev/null; echo \"{MARK} END {name} $?\"")
    parts.append(f"echo '{MARK} DONE'")
    return "; ".join(parts)


def split_output(text: str) -> tuple[dict[str, str], dict[str, int], list[str], bool]:
    """(finished section -> text, section -> exit code, sections cut short, whether the script finished)."""
    finished: dict[str, str] = {}
    codes: dict[str, int] = {}
    cut: list[str] = []
    current: str | None = None
    body: list[str] = []
    done = False
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        if line.startswith(MARK):
            words = line[len(MARK):].split()
            if len(words) >= 2 and words[0] == "BEGIN":
                if current is not None:
                    cut.append(current)
                current, body = words[1], []
            elif len(words) >= 2 and words[0] == "END" and current == words[1]:
                finished[current] = "\n".join(body)
                codes[current] = int(words[2]) if len(words) > 2 and words[2].isdigit() else 1
                current = None
            elif words[:1] == ["DONE"]:
                done = True
            continue
        if current is not None:
            body.append(line)
    if current is not None:
        cut.append(current)
    return finished, codes, cut, done


def collect(target: str = "adb", *, adb: str = "adb", runner: Runner = run_adb, timeout: float = TIMEOUT) -> RawArtifacts:
    """Read a connected phone (`target` is "adb" or "adb:SERIAL") into RawArtifacts."""
    if runner is run_adb and shutil.which(adb) is None:
        raise NeedUnmet(_no_adb())
    serial = target.partition(":")[2].strip() or None
    listing = runner([adb, "devices", "-l"], 30.0)
    device = choose_device(parse_devices(listing.stdout.decode("utf-8", "replace")), serial)
    result = runner([adb, "-s", device.serial, "shell", shell_script()], timeout)
    finished, codes, cut, done = split_output(result.stdout.decode("utf-8", "replace"))
    if not finished:
        message = result.stderr.decode("utf-8", "replace").strip()[:300]
        raise SourceError(
            "The phone stopped answering before anything could be read. Keep it unlocked and connected, "
            "and run the check again.",
            detail=f"adb shell exit {result.returncode}: {message}",
        )
    texts: dict[str, str] = {}
    gaps: list[str] = []
    for name, text in finished.items():
        if codes.get(name, 1) == 0 or text.strip() or name in ALWAYS_READ:
            texts[name] = text
    if cut or not done:
        gaps.append(
            "The connection to the phone was lost part way through, so some of it was not read. "
            "Check the cable, keep the phone unlocked, and run the check again."
        )
    certificates = _certificates(texts.pop("user_certificates", None), codes.get("user_certificates"))
    if certificates is None:
        gaps.append(CERTIFICATES_UNKNOWN)
    root = texts.pop("root_binaries", None)
    return RawArtifacts(
        source=f"adb: phone {device.serial}" + (f" ({device.details})" if device.details else ""),
        texts=texts,
        root_binaries=tuple(p.strip() for p in root.splitlines() if p.strip().startswith("/")) if root is not None else None,
        user_certificates=certificates,
        gaps=tuple(gaps),
    )


def _certificates(text: str | None, code: int | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    names = [n.strip() for n in text.split() if n.strip() not in (".", "..", "")]
    return tuple(names)
