"""Reads a whole computer, live or a copied disk, into one ComputerSnapshot for computer.apps."""

from __future__ import annotations

import sys
from pathlib import Path

from checks.computer.records import ComputerSnapshot, RunningProcess
from checks.computer.sources.fsroot import FileRoot
from cybercheck.errors import ConfigError
from cybercheck.pipeline.words import text

SYSTEMS = ("linux", "macos", "windows")
# Where a copied disk of each system keeps what computer.apps reads: (folders, any one of which
# will do; the words of what is kept there). A copy without them was not read, so it is not clean.
_PLACES: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
    "linux": (
        (("usr",), "computer.place-programs"),
        (("var/lib",), "computer.place-packages"),
        (("home", "root"), "computer.place-homes"),
    ),
    "macos": (
        (("Applications",), "computer.place-programs"),
        (("Library",), "computer.place-system-settings"),
        (("Users",), "computer.place-homes"),
    ),
    "windows": (
        (("Windows/System32/config",), "computer.place-registry"),
        (("Program Files", "Program Files (x86)"), "computer.place-programs"),
        (("Users",), "computer.place-homes"),
    ),
}


def detect_system(root: FileRoot) -> str | None:
    """Which system a copied filesystem holds, from the folders only that system has."""
    names = {n.lower() for n in root.names("")}
    if "windows" in names and ("users" in names or "program files" in names):
        return "windows"
    if (
        root.exists("System/Library/CoreServices/SystemVersion.plist")
        or {"applications", "library", "users"} <= names
    ):
        return "macos"
    if "etc" in names and ("usr" in names or "home" in names):
        return "linux"
    return None


def absent_places(root: FileRoot, system: str) -> None:
    """On a copied disk, record each place computer.apps reads that the copy does not hold."""
    if not root.copied:
        return
    for folders, what in _PLACES[system]:
        if not any(root.is_dir(folder) for folder in folders):
            root.problem(text("computer.place-absent", place=root.shown(folders[0]), what=text(what)))


def choose_system(named: str | None, root: FileRoot) -> str:
    """The system to read: the one named with --input system=, this computer's, or the copy's own."""
    named = (named or "").strip().lower()
    if named:
        if named not in SYSTEMS:
            raise ConfigError(text("computer.unknown-system", systems=", ".join(SYSTEMS), named=named))
        return named
    if not root.copied:
        return {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")
    found = detect_system(root)
    if found is None:
        names = sorted(root.names(""), key=str.lower)
        held = ", ".join(f"{n}/" if root.is_dir(n) else n for n in names[:12]) or text("computer.nothing")
        raise ConfigError(text("computer.not-a-copied-disk", path=root.base, found=held))
    return found


def running_processes() -> tuple[list[RunningProcess], str | None]:
    """The programs running now (read only, through psutil), and a problem when they could not be listed."""
    try:
        import psutil
    except ImportError:
        return [], text("computer.no-psutil")
    found = []
    for process in psutil.process_iter(["pid", "name", "exe", "username"]):
        info = process.info
        found.append(
            RunningProcess(
                int(info.get("pid") or 0),
                str(info.get("name") or ""),
                info.get("exe") or None,
                info.get("username") or None,
            )
        )
    return found, None


def read_snapshot(root: FileRoot, system: str) -> ComputerSnapshot:
    """Everything computer.apps judges, from the files of `system` under `root` (problems go to root)."""
    absent_places(root, system)
    if system == "windows":
        from checks.computer.sources.windows import read_windows

        registry = None
        if not root.copied:  # pragma: no cover - live Windows only
            import getpass

            from checks.computer.sources.registry import LiveRegistry

            registry = LiveRegistry(getpass.getuser(), root.problem)
            root.problem(text("computer.live-windows-one-user"))
        return read_windows(root, registry)
    if system == "macos":
        from checks.computer.sources.macos import read_macos

        return read_macos(root)
    from checks.computer.sources.linux import read_linux

    return read_linux(root)


def live_root() -> Path:
    """The top of this computer's own filesystem."""
    if sys.platform == "win32":  # pragma: no cover
        import os

        return Path(os.environ.get("SYSTEMDRIVE", "C:") + "\\")
    return Path("/")
