"""A connected phone over adb: two round trips, however many apps, and nothing on the phone changed.

1. `adb devices -l` finds the phone and whether it has allowed this computer.
2. One `adb shell` call runs a read-only script that prints each artifact between markers.

A section that began but never ended means the phone went away part way; what was read
before is kept and the rest is reported as a gap.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checks.android.known import ROOT_BINARIES, ROOT_PATHS
from checks.android.records import RawArtifacts
from cybercheck.errors import NeedUnmet, SourceError
from cybercheck.pipeline.words import Text, text

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
    (
        "launcher",
        "cmd package query-activities --brief -a android.intent.action.MAIN "
        "-c android.intent.category.LAUNCHER || pm query-activities --brief "
        "-a android.intent.action.MAIN -c android.intent.category.LAUNCHER",
    ),
    ("dumpsys_accessibility", "dumpsys accessibility"),
    ("dumpsys_device_policy", "dumpsys device_policy"),
    ("dumpsys_notification", "dumpsys notification | grep -i -A 40 'notification listeners'"),
    ("dumpsys_appops", "dumpsys appops"),
    ("dumpsys_account", "dumpsys account"),
    ("dumpsys_user", "dumpsys user"),
    ("dumpsys_dropbox", "dumpsys dropbox"),
    ("ps", "ps -A || ps"),
    (
        "root_binaries",
        "ls -d "
        + " ".join(
            f"{folder}/{name}"
            for folder in ROOT_PATHS
            for name in sorted(ROOT_BINARIES | {"Superuser.apk", "SuperSu.apk", "KingoUser.apk"})
        )
        + "; true",
    ),
    ("user_certificates", f"ls -a {CERT_FOLDER}"),
)
ALWAYS_READ = ("root_binaries",)  # sections whose empty output still means "read"
_NOT_A_DEVICE = re.compile(r"^(?:\*|List of devices|adb server|error)")  # start-up lines and the heading


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
        return subprocess.run(
            list(args), capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired as error:
        out = error.stdout if isinstance(error.stdout, bytes) else b""
        return subprocess.CompletedProcess(list(args), -9, out, b"timed out")
    except OSError as error:
        raise NeedUnmet(_no_adb(), detail=f"{type(error).__name__}: {error.strerror or error}") from None


def _no_adb() -> Text:
    return text("android.adb-missing")


def parse_devices(text: str) -> list[AdbDevice]:
    """The devices of `adb devices -l`; daemon start-up lines and the heading are skipped."""
    devices = []
    for line in text.splitlines():
        if not line.strip() or _NOT_A_DEVICE.match(line):
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
            raise NeedUnmet(text("android.adb-no-such-serial", serial=serial, steps=_enable_debugging()))
    if not devices:
        raise NeedUnmet(text("android.adb-no-phone", steps=_enable_debugging()))
    ready = [d for d in devices if d.state == "device"]
    if len(ready) > 1:
        names = ", ".join(d.serial for d in ready)
        raise NeedUnmet(text("android.adb-several-phones", names=names))
    if ready:
        return ready[0]
    state = devices[0].state
    if state == "unauthorized":
        raise NeedUnmet(text("android.adb-unauthorized"))
    if state == "offline":
        raise NeedUnmet(text("android.adb-offline"))
    raise NeedUnmet(text("android.adb-other-mode", state=state))


def _enable_debugging() -> Text:
    return text("android.adb-enable-debugging")


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
            words = line[len(MARK) :].split()
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


def collect(
    target: str = "adb", *, adb: str = "adb", runner: Runner = run_adb, timeout: float = TIMEOUT
) -> RawArtifacts:
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
            text("android.adb-nothing-read"),
            detail=f"adb shell exit {result.returncode}: {message}",
        )
    texts: dict[str, str] = {}
    gaps: list[str] = []
    for name, body in finished.items():
        if codes.get(name, 1) == 0 or body.strip() or name in ALWAYS_READ:
            texts[name] = body
    if cut or not done:
        gaps.append(text("android.adb-connection-lost"))
    damaged = sorted(
        {name for name, body in finished.items() if _damaged(body)}
        | ({name for name, _ in SECTIONS} - set(finished) - set(cut))  # its markers did not come back whole
    )
    if damaged:
        gaps.append(text("android.adb-answer-damaged", sections=", ".join(damaged[:12])))
    certificates = _certificates(texts.pop("user_certificates", None))
    if certificates is None:
        gaps.append(text("android.certificates-unknown"))
    root = texts.pop("root_binaries", None)
    return RawArtifacts(
        source=(
            text("android.from-adb-details", serial=device.serial, details=device.details)
            if device.details
            else text("android.from-adb", serial=device.serial)
        ),
        texts=texts,
        root_binaries=tuple(p.strip() for p in root.splitlines() if p.strip().startswith("/"))
        if root is not None
        else None,
        user_certificates=certificates,
        gaps=tuple(gaps),
    )


MAX_LINE = 65536  # command output on a phone never has a line this long


def _damaged(body: str) -> bool:
    """An answer holding bytes that are not text, or a line far longer than any command writes."""
    return "\ufffd" in body or "\x00" in body or any(len(line) > MAX_LINE for line in body.splitlines())


def _certificates(listing: str | None) -> tuple[str, ...] | None:
    if listing is None:
        return None
    names = [n.strip() for n in listing.split() if n.strip() not in (".", "..", "")]
    return tuple(names)
