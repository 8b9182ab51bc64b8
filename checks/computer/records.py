"""Records read from this computer's files, before any judgement."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HostsEntry:
    """One name-to-address line of a hosts file, as written."""

    address: str
    name: str
    line_number: int
    line: str


# --- computer.apps: what is installed, starts on its own, or lets someone in -------------------


@dataclass(frozen=True, slots=True)
class Program:
    """An installed program, as its system lists it (a package, an app bundle, an uninstall entry)."""

    name: str
    source: str  # where it was listed: "/usr/share/applications/x.desktop", a registry key, ...
    path: str | None = None
    identifier: str | None = None  # package name or bundle id
    website: str | None = None
    publisher: str | None = None


@dataclass(frozen=True, slots=True)
class RunningProcess:
    """A program running when the check ran."""

    pid: int
    name: str
    exe: str | None = None
    user: str | None = None


@dataclass(frozen=True, slots=True)
class AutostartEntry:
    """Something set to start on its own: an autostart file, a unit, a LaunchAgent, a Run key, a task."""

    name: str
    command: str
    kind: str  # "XDG autostart", "systemd unit", "LaunchAgent", "LaunchDaemon", "Run key", ...
    location: str  # the file or registry key that sets it
    enabled: bool = True
    user: str | None = None


@dataclass(frozen=True, slots=True)
class BrowserExtension:
    """A browser extension in one browser profile, with what it may read."""

    browser: str
    profile: str
    extension_id: str
    name: str
    all_pages: bool  # may read and change every page
    permissions: tuple[str, ...] = ()
    enabled: bool | None = None
    location: str = ""


@dataclass(frozen=True, slots=True)
class AuthorizedKey:
    """A key that lets its holder sign in to this computer over SSH without a password."""

    user: str
    path: str
    key_type: str
    comment: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class UserAccount:
    """A person's account on this computer (system accounts are left out)."""

    name: str
    uid: str
    source: str
    home: str | None = None
    admin: bool = False
    full_control: bool = False  # uid 0 on Linux or macOS


@dataclass(frozen=True, slots=True)
class RemoteSetting:
    """A built-in way in from another computer: Screen Sharing, Remote Login, Remote Desktop, SSH."""

    name: str
    enabled: bool
    source: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ProxySetting:
    """A proxy the system or a user sends web traffic through."""

    scope: str
    value: str
    source: str


@dataclass(frozen=True, slots=True)
class TrustedCertificate:
    """A root certificate someone added to the system's trusted ones."""

    name: str
    fingerprint: str
    source: str


@dataclass(frozen=True, slots=True)
class ComputerSnapshot:
    """Everything computer.apps read from one system, with counts of what was examined."""

    system: str  # "linux", "macos", "windows"
    programs: tuple[Program, ...] = ()
    processes: tuple[RunningProcess, ...] = ()
    autostart: tuple[AutostartEntry, ...] = ()
    extensions: tuple[BrowserExtension, ...] = ()
    keys: tuple[AuthorizedKey, ...] = ()
    accounts: tuple[UserAccount, ...] = ()
    remote: tuple[RemoteSetting, ...] = ()
    proxies: tuple[ProxySetting, ...] = ()
    certificates: tuple[TrustedCertificate, ...] = ()
    browser_profiles: int = 0


def command_path(command: str) -> str:
    """The program a command line starts: its first word, without quotes."""
    command = command.strip()
    if command.startswith('"'):
        return command[1:].split('"', 1)[0]
    if command.startswith("'"):
        return command[1:].split("'", 1)[0]
    lowered = command.lower()
    for ending in (
        ".exe",
        ".bat",
        ".cmd",
        ".vbs",
        ".ps1",
        ".js",
        ".scr",
    ):  # unquoted Windows paths with spaces
        at = lowered.find(ending + " ")
        if at != -1 and ("\\" in command[:at] or ":" in command[:at]):
            return command[: at + len(ending)]
    return command.split(" ", 1)[0] if command else ""
