"""Reads a macOS system (live, or a copied disk) into a ComputerSnapshot. Knows nothing suspicious.

Looks at: apps in /Applications and ~/Applications (their Contents/Info.plist);
LaunchAgents and LaunchDaemons (Label, Program/ProgramArguments, Disabled); local accounts
in /var/db/dslocal/nodes/Default (users/*.plist, groups/admin.plist); ~/.ssh/authorized_keys;
Screen Sharing, Remote Login and Remote Management (launchd's disabled.plist, where a
service set to false is switched on, and Apple Remote Desktop's settings); proxies in
SystemConfiguration/preferences.plist; roots given admin trust in Trust Settings/Admin.plist;
browser profiles under ~/Library/Application Support.
"""

from __future__ import annotations

import plistlib
from typing import Any

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
from checks.computer.sources.textformats import authorized_keys
from cybercheck.pipeline.words import text

_LAUNCH = (("Library/LaunchAgents", "LaunchAgent"), ("Library/LaunchDaemons", "LaunchDaemon"))
_DISABLED = (
    "private/var/db/com.apple.xpc.launchd/disabled.plist",
    "var/db/com.apple.xpc.launchd/disabled.plist",
)
# launchd label -> the words key of how the Mac names it in Settings
_SERVICES = {
    "com.apple.screensharing": "computer.mac-screen-sharing",
    "com.openssh.sshd": "computer.mac-remote-login",
    "com.apple.RemoteDesktop.agent": "computer.mac-remote-management",
}
_DSLOCAL = "private/var/db/dslocal/nodes/Default"
_SUPPORT = "Library/Application Support"


def plist_of(root: FileRoot, rel: str, limit: int = 8 * 1024**2) -> dict[str, Any] | None:
    """A plist file as a dict; None (with a problem recorded) when it is absent, damaged or not a dict."""
    data = root.read(rel, limit)
    if data is None:
        return None
    try:
        value = plistlib.loads(data)
    except Exception:  # noqa: BLE001 - plistlib raises many kinds on junk
        root.problem(text("computer.plist-damaged", path=root.shown(rel)))
        return None
    return value if isinstance(value, dict) else None


def homes(root: FileRoot) -> list[tuple[str, str]]:
    """(user, home folder) for every folder in /Users except Shared."""
    return [(f.rsplit("/", 1)[-1], f) for f in root.folders("Users") if not f.endswith(("/Shared", "/Guest"))]


def read_macos(root: FileRoot) -> ComputerSnapshot:
    """Everything computer.apps looks at on a Mac."""
    users = homes(root)
    extensions, profiles = scan_browsers(
        root,
        [
            (b, f"{home}/{_SUPPORT}/{p}")
            for _, home in users
            for b, p in (
                ("Chrome", "Google/Chrome"),
                ("Chromium", "Chromium"),
                ("Edge", "Microsoft Edge"),
                ("Brave", "BraveSoftware/Brave-Browser"),
            )
        ],
        [f"{home}/{_SUPPORT}/Firefox/Profiles" for _, home in users],
    )
    return ComputerSnapshot(
        system="macos",
        programs=tuple(_programs(root, users)),
        autostart=tuple(_autostart(root, users)),
        extensions=tuple(extensions),
        keys=tuple(k for user, home in users for k in _keys(root, user, home)),
        accounts=tuple(_accounts(root)),
        remote=tuple(_remote(root)),
        proxies=tuple(_proxies(root)),
        certificates=tuple(_certificates(root)),
        browser_profiles=profiles,
    )


def _programs(root: FileRoot, users: list[tuple[str, str]]) -> list[Program]:
    found = []
    folders = ["Applications", "Applications/Utilities"] + [f"{home}/Applications" for _, home in users]
    bundles = [f for d in folders for f in root.folders(d) if f.endswith(".app")]
    bundles += [
        f
        for d in root.folders("Applications")
        if not d.endswith(".app")
        for f in root.folders(d)
        if f.endswith(".app")
    ]
    for bundle in bundles:
        info = (
            plist_of(root, f"{bundle}/Contents/Info.plist")
            if root.exists(f"{bundle}/Contents/Info.plist")
            else None
        )
        name = bundle.rsplit("/", 1)[-1][:-4]
        info = info or {}
        found.append(
            Program(
                str(info.get("CFBundleName") or name)[:200],
                root.shown(bundle),
                path=root.shown(bundle),
                identifier=str(info.get("CFBundleIdentifier") or "")[:200] or None,
            )
        )
    return found


def _autostart(root: FileRoot, users: list[tuple[str, str]]) -> list[AutostartEntry]:
    found = []
    places: list[tuple[str, str, str | None]] = [(folder, kind, None) for folder, kind in _LAUNCH]
    places += [(f"{home}/Library/LaunchAgents", "LaunchAgent", user) for user, home in users]
    for folder, kind, user in places:
        for rel in root.files(folder, ".plist"):
            job = plist_of(root, rel)
            if job is None:
                continue
            arguments = job.get("ProgramArguments")
            words = [str(a) for a in arguments] if isinstance(arguments, list) else []
            program = (
                job.get("Program") if isinstance(job.get("Program"), str) else (words[0] if words else "")
            )
            command = " ".join([program, *words[1:]]) if program else ""
            found.append(
                AutostartEntry(
                    str(job.get("Label") or rel.rsplit("/", 1)[-1])[:200],
                    command[:2000],
                    kind,
                    root.shown(rel),
                    job.get("Disabled") is not True,
                    user,
                )
            )
    return found


def _keys(root: FileRoot, user: str, home: str) -> list[AuthorizedKey]:
    rel = f"{home}/.ssh/authorized_keys"
    if not root.exists(rel):
        return []
    return [
        AuthorizedKey(user, root.shown(rel), k.key_type, k.comment, k.fingerprint)
        for k in authorized_keys(root.read_text(rel, limit=4 * 1024**2) or "")
    ]


def _first(value: Any) -> str:
    return str(value[0]) if isinstance(value, list) and value else str(value or "")


def _accounts(root: FileRoot) -> list[UserAccount]:
    folder = f"{_DSLOCAL}/users"
    if not root.is_dir(folder):
        root.problem(text("computer.mac-accounts-unreadable"))
        return []
    admin = plist_of(root, f"{_DSLOCAL}/groups/admin.plist") or {}
    admins = (
        {str(m) for m in admin.get("users", []) + admin.get("groupmembership", []) if isinstance(m, str)}
        if isinstance(admin.get("users", []), list) and isinstance(admin.get("groupmembership", []), list)
        else set()
    )
    found = []
    for rel in root.files(folder, ".plist"):
        record = plist_of(root, rel) or {}
        name, uid = _first(record.get("name")), _first(record.get("uid"))
        if not name or name.startswith("_") or not uid.lstrip("-").isdigit():
            continue
        number = int(uid)
        if number >= 501 or (number == 0 and name != "root"):
            found.append(
                UserAccount(
                    name,
                    uid,
                    root.shown(rel),
                    _first(record.get("home")) or None,
                    admin=name in admins,
                    full_control=number == 0,
                )
            )
    return found


def _remote(root: FileRoot) -> list[RemoteSetting]:
    found = []
    for rel in _DISABLED:
        if not root.exists(rel):
            continue
        disabled = plist_of(root, rel) or {}
        for label, name in _SERVICES.items():
            if disabled.get(label) is False:
                found.append(
                    RemoteSetting(
                        text(name), True, root.shown(rel), detail=text("computer.switched-on", name=label)
                    )
                )
        break
    ard = "Library/Application Support/Apple/Remote Desktop/RemoteManagement.launchd"
    management = text("computer.mac-remote-management")
    if root.exists(ard) and not any(r.name == management for r in found):
        found.append(
            RemoteSetting(
                management, True, root.shown(ard), detail=text("computer.mac-remote-management-starts")
            )
        )
    return found


def _proxies(root: FileRoot) -> list[ProxySetting]:
    rel = "Library/Preferences/SystemConfiguration/preferences.plist"
    if not root.exists(rel):
        return []
    prefs = plist_of(root, rel) or {}
    services = prefs.get("NetworkServices")
    services = services if isinstance(services, dict) else {}
    found = []
    for service in services.values():
        if not isinstance(service, dict) or not isinstance(service.get("Proxies"), dict):
            continue
        proxies, label = service["Proxies"], str(service.get("UserDefinedName") or "a network connection")
        for kind in ("HTTP", "HTTPS", "SOCKS"):
            if proxies.get(f"{kind}Enable") == 1 and proxies.get(f"{kind}Proxy"):
                found.append(
                    ProxySetting(
                        f"{label} ({kind})",
                        f"{proxies[f'{kind}Proxy']}:{proxies.get(f'{kind}Port', '')}",
                        root.shown(rel),
                    )
                )
        if proxies.get("ProxyAutoConfigEnable") == 1 and proxies.get("ProxyAutoConfigURLString"):
            found.append(
                ProxySetting(
                    f"{label} (automatic proxy file)",
                    str(proxies["ProxyAutoConfigURLString"]),
                    root.shown(rel),
                )
            )
    return found


def _certificates(root: FileRoot) -> list[TrustedCertificate]:
    rel = "Library/Security/Trust Settings/Admin.plist"
    if not root.exists(rel):
        return []
    trust = (plist_of(root, rel) or {}).get("trustList")
    return [
        TrustedCertificate(text("computer.mac-admin-trusted"), str(sha1).lower(), root.shown(rel))
        for sha1 in (trust if isinstance(trust, dict) else {})
    ]
