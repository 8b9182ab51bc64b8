"""Reads a Windows system (a copied disk's files and hives, or the live one) into a ComputerSnapshot.

Looks at: the Uninstall keys (SOFTWARE, its 32-bit view, each NTUSER.DAT) and Program Files
(programs); Run and RunOnce keys, Startup folders, scheduled tasks (System32\\Tasks, Windows'
own \\Microsoft\\ tasks left out) and automatic services (autostart); the ProfileList and SAM
user names (accounts); authorized_keys files; Remote Desktop (Terminal Server
fDenyTSConnections) and the OpenSSH server; each user's Internet Settings proxy; root
certificates in each user's own Root store (HKCU\\Software\\Microsoft\\SystemCertificates\\Root).
Keys and values are as Microsoft documents them (learn.microsoft.com, "Run and RunOnce
Registry Keys", "Uninstall Registry Key", Task Scheduler schema).
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from checks.computer.records import (
    AuthorizedKey,
    AutostartEntry,
    ComputerSnapshot,
    Program,
    ProxySetting,
    RemoteSetting,
    TrustedCertificate,
    UserAccount,
)
from checks.computer.sources.browser_extensions import scan_browsers
from checks.computer.sources.fsroot import FileRoot
from checks.computer.sources.registry import HiveFiles, Registry, control_set
from checks.computer.sources.textformats import authorized_keys
from cybercheck.pipeline.words import text

_CV = "Microsoft\\Windows\\CurrentVersion"
_RUN = (f"{_CV}\\Run", f"{_CV}\\RunOnce", f"WOW6432Node\\{_CV}\\Run", f"WOW6432Node\\{_CV}\\RunOnce")
_UNINSTALL = (f"{_CV}\\Uninstall", f"WOW6432Node\\{_CV}\\Uninstall")
_NOT_PEOPLE = {"public", "default", "default user", "all users", "defaultapppool", "wdagutilityaccount"}
_TASK = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"
_MAX_TASKS = 3000


def find(root: FileRoot, rel: str) -> str | None:
    """`rel` with each part matched regardless of case, as copied Windows disks may spell them."""
    current = ""
    for part in rel.split("/"):
        match = {n.lower(): n for n in root.names(current)}.get(part.lower())
        if match is None:
            return None
        current = f"{current}/{match}" if current else match
    return current


def homes(root: FileRoot) -> list[tuple[str, str]]:
    """(user, home folder) for each person's folder in Users."""
    users = find(root, "Users")
    return [(f.rsplit("/", 1)[-1], f) for f in root.folders(users)] if users else []


def hive_files(root: FileRoot, users: list[tuple[str, str]]) -> HiveFiles:
    """The registry hives of a copied Windows disk."""
    files: dict[str, Path] = {}
    for name in ("SOFTWARE", "SYSTEM", "SAM"):
        rel = find(root, f"Windows/System32/config/{name}")
        if rel and root.is_file(rel):
            files[name] = root.base / rel
    for user, home in users:
        rel = find(root, f"{home}/NTUSER.DAT")
        if rel and root.is_file(rel):
            files[f"NTUSER:{user}"] = root.base / rel
    if "SOFTWARE" not in files:
        root.problem(text("computer.no-software-hive"))
    return HiveFiles(
        files, root.problem, lambda p: root.shown(str(p.relative_to(root.base)).replace("\\", "/"))
    )


def read_windows(root: FileRoot, registry: Registry | None = None) -> ComputerSnapshot:
    """Everything computer.apps looks at on Windows; `registry` defaults to the hive files on `root`."""
    users = [(u, h) for u, h in homes(root) if u.lower() not in _NOT_PEOPLE]
    registry = registry or hive_files(root, users)
    local, roaming = "AppData/Local", "AppData/Roaming"
    extensions, profiles = scan_browsers(
        root,
        [
            (b, f"{home}/{local}/{p}/User Data")
            for _, home in users
            for b, p in (
                ("Chrome", "Google/Chrome"),
                ("Chromium", "Chromium"),
                ("Edge", "Microsoft/Edge"),
                ("Brave", "BraveSoftware/Brave-Browser"),
            )
        ],
        [f"{home}/{roaming}/Mozilla/Firefox/Profiles" for _, home in users],
    )
    hives = ["SOFTWARE"] + [f"NTUSER:{u}" for u, _ in users]
    return ComputerSnapshot(
        system="windows",
        programs=tuple(_programs(root, registry, hives, users)),
        autostart=tuple(_autostart(root, registry, hives, users)),
        extensions=tuple(extensions),
        keys=tuple(_keys(root, users)),
        accounts=tuple(_accounts(registry)),
        remote=tuple(_remote(registry)),
        proxies=tuple(_proxies(registry, users)),
        certificates=tuple(_certificates(registry, users)),
        browser_profiles=profiles,
    )


def _hive_path(hive: str, path: str) -> str:
    return (
        f"{'HKLM' if hive in ('SOFTWARE', 'SYSTEM', 'SAM') else 'HKU'}\\{hive.replace('NTUSER:', '')}\\{path}"
    )


def _programs(
    root: FileRoot, registry: Registry, hives: list[str], users: list[tuple[str, str]]
) -> list[Program]:
    found = []
    for hive in hives:
        prefix = "" if hive == "SOFTWARE" else "Software\\"
        for key in _UNINSTALL:
            for sub in registry.subkeys(hive, prefix + key):
                values = registry.values(hive, f"{prefix}{key}\\{sub}")
                name = values.get("DisplayName")
                if isinstance(name, str) and name.strip():
                    found.append(
                        Program(
                            name.strip()[:200],
                            _hive_path(hive, f"{prefix}{key}\\{sub}"),
                            path=_text(values.get("InstallLocation")),
                            identifier=sub[:200],
                            website=_text(values.get("URLInfoAbout")) or _text(values.get("HelpLink")),
                            publisher=_text(values.get("Publisher")),
                        )
                    )
    folders = [find(root, "Program Files"), find(root, "Program Files (x86)")]
    folders += [find(root, f"{home}/AppData/Local/Programs") for _, home in users]
    for folder in folders:
        for sub in root.folders(folder) if folder else ():
            found.append(Program(sub.rsplit("/", 1)[-1], root.shown(sub), path=root.shown(sub)))
    return found


def _text(value: object) -> str | None:
    return value.strip()[:500] if isinstance(value, str) and value.strip() else None


def _autostart(
    root: FileRoot, registry: Registry, hives: list[str], users: list[tuple[str, str]]
) -> list[AutostartEntry]:
    found = []
    for hive in hives:
        prefix, user = ("", None) if hive == "SOFTWARE" else ("Software\\", hive.split(":", 1)[1])
        for key in _RUN:
            for name, command in registry.values(hive, prefix + key).items():
                if isinstance(command, str) and command.strip():
                    found.append(
                        AutostartEntry(
                            name[:200],
                            command.strip()[:2000],
                            "Run key",
                            _hive_path(hive, prefix + key),
                            True,
                            user,
                        )
                    )
    startup = "Microsoft/Windows/Start Menu/Programs/Startup"
    places: list[tuple[str | None, str | None]] = [
        (
            find(root, f"ProgramData/{startup}")
            or find(root, "ProgramData/Microsoft/Windows/Start Menu/Programs/StartUp"),
            None,
        )
    ]
    places += [(find(root, f"{home}/AppData/Roaming/{startup}"), user) for user, home in users]
    for folder, user in places:
        for rel in root.files(folder) if folder else ():
            if not rel.lower().endswith("desktop.ini"):
                found.append(
                    AutostartEntry(
                        rel.rsplit("/", 1)[-1],
                        rel.rsplit("/", 1)[-1],
                        "Startup folder",
                        root.shown(rel),
                        True,
                        user,
                    )
                )
    found += _tasks(root)
    services = f"{control_set(registry)}\\Services"
    for name in registry.subkeys("SYSTEM", services):
        values = registry.values("SYSTEM", f"{services}\\{name}")
        image = values.get("ImagePath")
        if (
            values.get("Start") == 2
            and isinstance(image, str)
            and values.get("Type") in (16, 32, 272, 288, None)
        ):
            found.append(
                AutostartEntry(
                    name[:200], image[:2000], "service", _hive_path("SYSTEM", f"{services}\\{name}")
                )
            )
    return found


def _tasks(root: FileRoot) -> list[AutostartEntry]:
    top = find(root, "Windows/System32/Tasks")
    found: list[AutostartEntry] = []
    pending = [top] if top else []
    while pending and len(found) < _MAX_TASKS:
        folder = pending.pop()
        pending.extend(f for f in root.folders(folder) if f.rsplit("/", 1)[-1].lower() != "microsoft")
        for rel in root.files(folder):
            task, damaged = _task_xml(root.read(rel, limit=4 * 1024**2))
            if damaged:
                root.problem(text("computer.task-damaged", path=root.shown(rel)))
                continue
            if task is None:
                continue
            enabled = (task.findtext(f"{_TASK}Settings/{_TASK}Enabled") or "true").strip().lower() != "false"
            for action in task.iter(f"{_TASK}Exec"):
                command = (action.findtext(f"{_TASK}Command") or "").strip()
                arguments = (action.findtext(f"{_TASK}Arguments") or "").strip()
                if command:
                    found.append(
                        AutostartEntry(
                            rel.rsplit("/", 1)[-1],
                            f"{command} {arguments}".strip()[:2000],
                            "scheduled task",
                            root.shown(rel),
                            enabled,
                        )
                    )
    return found


def _task_xml(data: bytes | None) -> tuple[ElementTree.Element | None, bool]:
    """A task file's XML (UTF-16 with a byte-order mark, as Windows writes it, or UTF-8), and whether it is damaged."""
    if not data:
        return None, False
    try:
        return ElementTree.fromstring(data), False
    except ElementTree.ParseError:
        pass
    text = data.decode("utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8", errors="replace")
    if text.startswith("<?xml"):
        text = text.split("?>", 1)[-1]
    try:
        return ElementTree.fromstring(text), False
    except ElementTree.ParseError:
        return None, True


def _keys(root: FileRoot, users: list[tuple[str, str]]) -> list[AuthorizedKey]:
    places = [(user, find(root, f"{home}/.ssh/authorized_keys")) for user, home in users]
    places.append(("administrators", find(root, "ProgramData/ssh/administrators_authorized_keys")))
    found = []
    for user, rel in places:
        if rel:
            found += [
                AuthorizedKey(user, root.shown(rel), k.key_type, k.comment, k.fingerprint)
                for k in authorized_keys(root.read_text(rel, limit=4 * 1024**2) or "")
            ]
    return found


def _accounts(registry: Registry) -> list[UserAccount]:
    found: dict[str, UserAccount] = {}
    profiles = "Microsoft\\Windows NT\\CurrentVersion\\ProfileList"
    for sid in registry.subkeys("SOFTWARE", profiles):
        if sid.startswith("S-1-5-21-"):
            image = registry.values("SOFTWARE", f"{profiles}\\{sid}").get("ProfileImagePath")
            if isinstance(image, str) and image.strip():
                name = image.replace("/", "\\").rstrip("\\").rsplit("\\", 1)[-1]
                found[name.lower()] = UserAccount(name, sid, _hive_path("SOFTWARE", profiles), image)
    names = "SAM\\Domains\\Account\\Users\\Names"
    for name in registry.subkeys("SAM", names):
        if name.lower() not in found and name.lower() not in {
            "guest",
            "defaultaccount",
            "wdagutilityaccount",
        }:
            found[name.lower()] = UserAccount(name, "(local account)", _hive_path("SAM", names))
    return list(found.values())


def _remote(registry: Registry) -> list[RemoteSetting]:
    found = []
    current = control_set(registry)
    terminal = registry.values("SYSTEM", f"{current}\\Control\\Terminal Server")
    if terminal.get("fDenyTSConnections") == 0:
        found.append(
            RemoteSetting(
                text("computer.windows-remote-desktop"),
                True,
                _hive_path("SYSTEM", f"{current}\\Control\\Terminal Server"),
                detail="fDenyTSConnections = 0",
            )
        )
    sshd = registry.values("SYSTEM", f"{current}\\Services\\sshd")
    if sshd.get("Start") == 2:
        found.append(
            RemoteSetting(
                text("computer.windows-openssh"),
                True,
                _hive_path("SYSTEM", f"{current}\\Services\\sshd"),
                detail=text("computer.starts-automatically"),
            )
        )
    return found


def _proxies(registry: Registry, users: list[tuple[str, str]]) -> list[ProxySetting]:
    found = []
    for user, _ in users:
        key = f"Software\\{_CV}\\Internet Settings"
        values = registry.values(f"NTUSER:{user}", key)
        if values.get("ProxyEnable") == 1 and isinstance(values.get("ProxyServer"), str):
            found.append(
                ProxySetting(
                    text("computer.users-web-traffic", user=user),
                    values["ProxyServer"],
                    _hive_path(f"NTUSER:{user}", key),
                )
            )
        if isinstance(values.get("AutoConfigURL"), str) and values["AutoConfigURL"].strip():
            found.append(
                ProxySetting(
                    text("computer.users-proxy-file", user=user),
                    values["AutoConfigURL"],
                    _hive_path(f"NTUSER:{user}", key),
                )
            )
    return found


def _certificates(registry: Registry, users: list[tuple[str, str]]) -> list[TrustedCertificate]:
    key = "Software\\Microsoft\\SystemCertificates\\Root\\Certificates"
    return [
        TrustedCertificate(
            text("computer.trusted-by", user=user), thumb.lower(), _hive_path(f"NTUSER:{user}", key)
        )
        for user, _ in users
        for thumb in registry.subkeys(f"NTUSER:{user}", key)
    ]
