"""computer.apps: remote-access and monitoring programs, odd autostarts and open doors on this computer."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from checks.computer.apps_judge import autostart_count, judge_snapshot
from checks.computer.catalogue import catalogue, list_counts
from checks.computer.fsroot import FileRoot
from checks.computer.records import ComputerSnapshot, RunningProcess
from cybercheck.check import Area, Check
from cybercheck.context import Context
from cybercheck.errors import ConfigError
from cybercheck.model import Finding

SYSTEMS = ("linux", "macos", "windows")


def detect_system(root: FileRoot) -> str | None:
    """Which system a copied filesystem holds, from the folders only that system has."""
    names = {n.lower() for n in root.names("")}
    if "windows" in names and ("users" in names or "program files" in names):
        return "windows"
    if root.exists("System/Library/CoreServices/SystemVersion.plist") or {"applications", "library", "users"} <= names:
        return "macos"
    if "etc" in names and ("usr" in names or "home" in names):
        return "linux"
    return None


def running_processes() -> tuple[list[RunningProcess], str | None]:
    """The programs running now (read only, through psutil), and a problem when they could not be listed."""
    try:
        import psutil
    except ImportError:
        return [], "psutil is not installed, so running programs were not listed."
    found = []
    for process in psutil.process_iter(["pid", "name", "exe", "username"]):
        info = process.info
        found.append(RunningProcess(int(info.get("pid") or 0), str(info.get("name") or ""),
                                    info.get("exe") or None, info.get("username") or None))
    return found, None


class ComputerApps(Check):
    """Looks at this computer for programs and settings that let someone watch it or get into it.

    It reads, and never changes: installed programs, programs set to start on their own,
    running programs, browser extensions (Chrome, Edge, Brave, Chromium, Firefox), SSH keys,
    the computer's accounts, built-in remote login and screen sharing, a system proxy and
    root certificates someone added. Remote-access programs (TeamViewer, AnyDesk, VNC and
    the like) and commercial monitoring or keylogging software are named from lists kept
    with cybercheck, with their sources, and the stalkerware indicator set.
    It works on Linux, macOS and Windows. Some parts need administrator rights on a live
    system (sudo on Linux and macOS); what it could not read is listed.
    `--input root=FOLDER` examines a copy of another computer's disk instead (the folder
    holding its etc/ and home/, its Users/ and Library/, or its Windows/ and Users/);
    `--input system=linux|macos|windows` says which system it is when that is not clear.
    Nothing leaves this computer.
    """

    id = "computer.apps"
    title = "Remote-access and monitoring programs, autostarts, extensions and remote logins on this computer"
    area = Area.DEVICES
    looks_at = ("installed and running programs, programs that start on their own, browser extensions, "
                "SSH keys, accounts, remote login and screen sharing, proxies and added root certificates")
    blind_spots: ClassVar[tuple[str, ...]] = (
        "Someone who knows your account passwords needs nothing on this computer; the account checks look at that.",
        ("Monitoring software built to hide, renamed programs and hardware keyloggers (a small plug between "
         "the keyboard and the computer) cannot be seen by listing programs."),
        "On a copied disk it cannot see which programs were running, and settings kept only in memory.",
        "Proxies set only inside one browser or through GNOME's settings database are not read.",
    )
    example_inputs: ClassVar[dict[str, str]] = {"root": "examples/copied-linux"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        given = ctx.input_path("root")
        root = FileRoot(Path(given), copied=True) if given else FileRoot(_live_root(), copied=False)
        system = self._system(ctx, root, copied=given is not None)
        root.prefix = "C:/" if system == "windows" else "/"
        snapshot = self._read(ctx, root, system)
        if given is None:
            processes, problem = running_processes()
            snapshot = dataclasses.replace(snapshot, processes=tuple(processes))
            if problem:
                ctx.partial(problem)
        remote, monitoring = list_counts()
        shown = str(given) if given else "this computer"
        ctx.looked_at(f"{system} system at {shown}: {len(snapshot.programs)} installed programs, "
                      f"{autostart_count(snapshot.autostart)} programs set to start on their own"
                      + (f", {len(snapshot.processes)} running programs" if given is None else ""))
        ctx.looked_at(f"{len(snapshot.extensions)} browser extensions in {snapshot.browser_profiles} browser profiles")
        ctx.looked_at(f"{len(snapshot.keys)} SSH keys, {len(snapshot.accounts)} accounts, remote login and screen "
                      f"sharing settings, proxies and {len(snapshot.certificates)} added root certificates")
        ctx.looked_at(f"names checked against {remote} remote-access and {monitoring} monitoring products and the "
                      f"indicator set ({ctx.indicators.version})")
        for problem in root.problems:
            ctx.partial(problem)
        yield from judge_snapshot(snapshot, catalogue(ctx.indicators), ctx.indicators, source=f"{system} files at {shown}")

    def _system(self, ctx: Context, root: FileRoot, *, copied: bool) -> str:
        named = (ctx.input("system") or "").strip().lower()
        if named:
            if named not in SYSTEMS:
                raise ConfigError(f"--input system= must be one of {', '.join(SYSTEMS)}, not {named!r}.")
            return named
        if not copied:
            return {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")
        found = detect_system(root)
        if found is None:
            raise ConfigError(
                f"{root.base} does not look like a copied Linux, macOS or Windows disk (no etc/, Users/ or "
                "Windows/ folder at its top). Give the folder at the top of the copy, or say which system it "
                "is with --input system=linux|macos|windows."
            )
        return found

    def _read(self, ctx: Context, root: FileRoot, system: str) -> ComputerSnapshot:
        if system == "windows":
            from checks.computer.windows import read_windows

            registry = None
            if not root.copied:  # pragma: no cover - live Windows only
                import getpass

                from checks.computer.registry import LiveRegistry

                registry = LiveRegistry(getpass.getuser(), root.problem)
                root.problem("On a live Windows computer only the current user's own settings are read; "
                             "other people's are read from a copied disk.")
            return read_windows(root, registry)
        if system == "macos":
            from checks.computer.macos import read_macos

            return read_macos(root)
        from checks.computer.linux import read_linux

        return read_linux(root)


def _live_root() -> Path:
    if sys.platform == "win32":  # pragma: no cover
        import os

        return Path(os.environ.get("SystemDrive", "C:") + "\\")
    return Path("/")
