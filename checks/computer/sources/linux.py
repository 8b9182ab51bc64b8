"""Reads a Linux system (live, or a copied filesystem) into a ComputerSnapshot. Knows nothing suspicious.

Looks at: dpkg's status file, desktop entries, /opt, snaps and flatpaks (programs); XDG
autostart, systemd units added under /etc and in users' homes, crontabs (autostart);
/etc/passwd and /etc/group (accounts); ~/.ssh/authorized_keys; whether an SSH, VNC or RDP
server is enabled; /etc/environment and apt proxies; certificates added under
/usr/local/share/ca-certificates and the trust anchors folders; browser profiles in homes.
"""

from __future__ import annotations

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
from checks.computer.sources.textformats import (
    authorized_keys,
    crontab_commands,
    group_members,
    ini_section,
    passwd_entries,
    pem_certificates,
)
from cybercheck.pipeline.words import text

_NO_LOGIN = ("nologin", "false", "sync", "halt", "shutdown")
_ADMIN_GROUPS = {"sudo", "wheel", "admin"}
_WANTS = ("etc/systemd/system/multi-user.target.wants", "etc/systemd/system/graphical.target.wants")
# unit -> the words key of how people know it
_REMOTE_UNITS = {
    "ssh.service": "computer.remote-ssh-server",
    "sshd.service": "computer.remote-ssh-server",
    "xrdp.service": "computer.remote-xrdp",
    "x11vnc.service": "computer.remote-x11vnc",
    "vncserver-x11-serviced.service": "computer.remote-realvnc",
}
_CERT_FOLDERS = (
    "usr/local/share/ca-certificates",
    "etc/pki/ca-trust/source/anchors",
    "etc/ca-certificates/trust-source/anchors",
)


def homes(root: FileRoot) -> list[tuple[str, str]]:
    """(user, home folder) for every folder in /home, and root's."""
    found = [(f.rsplit("/", 1)[-1], f) for f in root.folders("home")]
    return found + ([("root", "root")] if root.is_dir("root") else [])


def read_linux(root: FileRoot) -> ComputerSnapshot:
    """Everything computer.apps looks at on a Linux system."""
    users = homes(root)
    extensions, profiles = scan_browsers(
        root,
        [
            (b, f"{home}/{p}")
            for _, home in users
            for b, p in (
                ("Chrome", ".config/google-chrome"),
                ("Chromium", ".config/chromium"),
                ("Chromium", "snap/chromium/common/chromium"),
                ("Edge", ".config/microsoft-edge"),
                ("Brave", ".config/BraveSoftware/Brave-Browser"),
            )
        ],
        [
            f"{home}/{p}"
            for _, home in users
            for p in (".mozilla/firefox", "snap/firefox/common/.mozilla/firefox")
        ],
    )
    return ComputerSnapshot(
        system="linux",
        programs=tuple(_programs(root, users)),
        autostart=tuple(_autostart(root, users)),
        extensions=tuple(extensions),
        keys=tuple(_keys(root, users)),
        accounts=tuple(_accounts(root)),
        remote=tuple(_remote(root)),
        proxies=tuple(_proxies(root)),
        certificates=tuple(_certificates(root)),
        browser_profiles=profiles,
    )


def _programs(root: FileRoot, users: list[tuple[str, str]]) -> list[Program]:
    found: list[Program] = []
    status = root.read_text("var/lib/dpkg/status", limit=256 * 1024**2)
    for block in (status or "").split("\n\n"):
        fields = dict(
            line.split(": ", 1) for line in block.splitlines() if ": " in line and not line.startswith(" ")
        )
        if (
            fields.get("Package")
            and "installed" in fields.get("Status", "")
            and "not-installed" not in fields["Status"]
        ):
            found.append(
                Program(
                    fields["Package"],
                    "dpkg status",
                    identifier=fields["Package"],
                    website=fields.get("Homepage"),
                    publisher=fields.get("Maintainer"),
                )
            )
    folders = [
        "usr/share/applications",
        "usr/local/share/applications",
        "var/lib/snapd/desktop/applications",
        "var/lib/flatpak/exports/share/applications",
    ]
    folders += [f"{home}/.local/share/applications" for _, home in users]
    for folder in folders:
        for rel in root.files(folder, ".desktop"):
            entry = ini_section(root.read_text(rel, limit=1024**2) or "", "Desktop Entry")
            if entry.get("Name"):
                found.append(
                    Program(
                        entry["Name"],
                        root.shown(rel),
                        path=entry.get("Exec"),
                        identifier=rel.rsplit("/", 1)[-1][: -len(".desktop")],
                    )
                )
    for folder in root.folders("opt") + root.folders("snap") + root.folders("var/lib/flatpak/app"):
        name = folder.rsplit("/", 1)[-1]
        found.append(Program(name, root.shown(folder), path=root.shown(folder), identifier=name))
    return found


def _autostart(root: FileRoot, users: list[tuple[str, str]]) -> list[AutostartEntry]:
    found: list[AutostartEntry] = []
    places: list[tuple[str, str | None]] = [("etc/xdg/autostart", None)] + [
        (f"{home}/.config/autostart", user) for user, home in users
    ]
    for folder, user in places:
        for rel in root.files(folder, ".desktop"):
            entry = ini_section(root.read_text(rel, limit=1024**2) or "", "Desktop Entry")
            if entry.get("Exec"):
                enabled = (
                    entry.get("Hidden", "false").lower() != "true"
                    and entry.get("X-GNOME-Autostart-enabled", "true").lower() != "false"
                )
                found.append(
                    AutostartEntry(
                        entry.get("Name") or rel.rsplit("/", 1)[-1],
                        entry["Exec"],
                        "XDG autostart",
                        root.shown(rel),
                        enabled,
                        user,
                    )
                )
    units: list[tuple[str, str | None]] = [("etc/systemd/system", None), ("etc/systemd/user", None)]
    units += [(f"{home}/.config/systemd/user", user) for user, home in users]
    for folder, user in units:
        for rel in root.files(folder, ".service", quiet_links=True):
            service = ini_section(root.read_text(rel, limit=1024**2) or "", "Service")
            if service.get("ExecStart"):
                found.append(
                    AutostartEntry(
                        rel.rsplit("/", 1)[-1],
                        service["ExecStart"].lstrip("@-:+!"),
                        "systemd unit",
                        root.shown(rel),
                        True,
                        user,
                    )
                )
    for rel in root.files("etc/cron.d"):
        for command in crontab_commands(root.read_text(rel, limit=1024**2) or "", system=True):
            found.append(AutostartEntry(rel.rsplit("/", 1)[-1], command, "cron job", root.shown(rel)))
    for folder in ("var/spool/cron/crontabs", "var/spool/cron"):
        for rel in root.files(folder):
            for command in crontab_commands(root.read_text(rel, limit=1024**2) or "", system=False):
                found.append(
                    AutostartEntry(
                        rel.rsplit("/", 1)[-1],
                        command,
                        "cron job",
                        root.shown(rel),
                        user=rel.rsplit("/", 1)[-1],
                    )
                )
    return found


def _keys(root: FileRoot, users: list[tuple[str, str]]) -> list[AuthorizedKey]:
    found = []
    for user, home in users:
        for name in ("authorized_keys", "authorized_keys2"):
            rel = f"{home}/.ssh/{name}"
            if root.exists(rel):
                for key in authorized_keys(root.read_text(rel, limit=4 * 1024**2) or ""):
                    found.append(
                        AuthorizedKey(user, root.shown(rel), key.key_type, key.comment, key.fingerprint)
                    )
    return found


def _accounts(root: FileRoot) -> list[UserAccount]:
    passwd = root.read_text("etc/passwd", limit=16 * 1024**2)
    if passwd is None:
        if not root.exists("etc/passwd"):
            root.problem(text("computer.no-passwd"))
        return []
    admins = group_members(root.read_text("etc/group", limit=16 * 1024**2) or "", _ADMIN_GROUPS)
    found = []
    for entry in passwd_entries(passwd):
        person = entry.uid >= 1000 and entry.uid != 65534
        if entry.shell.rsplit("/", 1)[-1] in _NO_LOGIN and not (entry.uid == 0 and entry.name != "root"):
            continue
        if person or (entry.uid == 0 and entry.name != "root"):
            found.append(
                UserAccount(
                    entry.name,
                    str(entry.uid),
                    root.shown("etc/passwd"),
                    entry.home,
                    admin=entry.name in admins or entry.uid == 0,
                    full_control=entry.uid == 0,
                )
            )
    return found


def _remote(root: FileRoot) -> list[RemoteSetting]:
    found = []
    for folder in _WANTS:
        for name in root.names(folder):
            if name in _REMOTE_UNITS or name.startswith(("vncserver@", "x0vncserver")):
                label = text(_REMOTE_UNITS.get(name, "computer.remote-vnc-server"))
                found.append(
                    RemoteSetting(
                        label,
                        True,
                        root.shown(f"{folder}/{name}"),
                        detail=text("computer.enabled-unit", name=name),
                    )
                )
    return found


def _proxies(root: FileRoot) -> list[ProxySetting]:
    found = []
    for line in (root.read_text("etc/environment", limit=1024**2) or "").splitlines():
        key, _, value = line.strip().partition("=")
        if key.lower() in ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy") and value.strip().strip(
            "'\""
        ):
            found.append(
                ProxySetting(
                    f"every program ({key})", value.strip().strip("'\""), root.shown("etc/environment")
                )
            )
    for rel in root.files("etc/apt/apt.conf.d"):
        for line in (root.read_text(rel, limit=1024**2) or "").splitlines():
            if "::proxy" in line.lower() and '"' in line and not line.strip().startswith("//"):
                found.append(ProxySetting("software updates (apt)", line.split('"')[1], root.shown(rel)))
    return found


def _certificates(root: FileRoot) -> list[TrustedCertificate]:
    found = []
    for folder in _CERT_FOLDERS:
        for rel in root.files(folder) + [f for d in root.folders(folder) for f in root.files(d)]:
            for fingerprint in pem_certificates(root.read(rel, limit=4 * 1024**2) or b""):
                found.append(TrustedCertificate(rel.rsplit("/", 1)[-1], fingerprint, root.shown(rel)))
    return found
