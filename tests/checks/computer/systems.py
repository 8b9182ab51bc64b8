"""Copied-filesystem fixtures for computer.apps: one small Linux, macOS and Windows disk each.

Each can be made hostile: a symlink loop, a folder that cannot be opened, a 2 GB sparse
file, a pipe, and binary junk where a plist, JSON or registry file should be. Formats:
Linux desktop entries (freedesktop.org Desktop Entry spec), systemd units, passwd(5),
sshd authorized_keys(5); macOS Info.plist, launchd.plist(5), launchd's disabled.plist,
SystemConfiguration preferences.plist, Trust Settings; Windows hives (regf.py), Task
Scheduler XML; Chrome manifest.json and Preferences; Firefox extensions.json.
"""

from __future__ import annotations

import base64
import json
import os
import plistlib
from pathlib import Path

from regf import Key, write_hive

KEY_BLOB = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + bytes(range(32))).decode()
CERT = "-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(b"\x30\x82\x01\x0a" + bytes(200)).decode() + \
    "-----END CERTIFICATE-----\n"
EXT_ID = "abcdefghijklmnopabcdefghijklmnop"


def put(base: Path, rel: str, content: str | bytes) -> Path:
    path = base / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def sparse(path: Path, size: int = 2 * 1024**3) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)


def chrome_profile(base: Path, profile: str, name: str, hosts: list[str]) -> None:
    folder = f"{profile}/Extensions/{EXT_ID}/1.2.0_0"
    put(base, f"{folder}/manifest.json", json.dumps(
        {"manifest_version": 3, "name": "__MSG_appName__", "default_locale": "en", "version": "1.2.0",
         "permissions": ["storage", "tabs"], "host_permissions": hosts}))
    put(base, f"{folder}/_locales/en/messages.json", json.dumps({"appName": {"message": name}}))
    put(base, f"{profile}/Preferences", json.dumps({"extensions": {"settings": {EXT_ID: {"state": 1}}}}))


def linux(base: Path, hostile: bool = False) -> Path:
    put(base, "etc/passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n"
        "alex:x:1000:1000:Alex:/home/alex:/bin/bash\nsam:x:1001:1001:Sam:/home/sam:/bin/zsh\n"
        "toor:x:0:0::/root:/bin/bash\nbroken line\n")
    put(base, "etc/group", "sudo:x:27:alex\n")
    put(base, "etc/environment", 'PATH="/usr/bin"\nhttp_proxy="http://203.0.113.5:3128"\n')
    put(base, "usr/local/share/ca-certificates/extra.crt", CERT)
    put(base, "usr/share/applications/rustdesk.desktop", "[Desktop Entry]\nName=RustDesk\nExec=/usr/bin/rustdesk\n")
    put(base, "usr/share/applications/kidlogger.desktop", "[Desktop Entry]\nName=KidLogger\nExec=/opt/kl/kl\n")
    put(base, "usr/share/applications/gedit.desktop", "[Desktop Entry]\nName=Text Editor\nExec=gedit\n")
    put(base, "var/lib/dpkg/status", "Package: bash\nStatus: install ok installed\n\nPackage: old\nStatus: deinstall ok config-files\n")
    wants = base / "etc/systemd/system/multi-user.target.wants"
    wants.mkdir(parents=True)
    (wants / "ssh.service").symlink_to("/lib/systemd/system/ssh.service")
    put(base, "home/alex/.ssh/authorized_keys", f"# keys\nssh-ed25519 {KEY_BLOB} someone@laptop\nnot a key\n")
    put(base, "home/alex/.config/systemd/user/rustdesk.service", "[Service]\nExecStart=/usr/bin/rustdesk --service\n")
    put(base, "home/alex/.config/autostart/updater.desktop",
        "[Desktop Entry]\nName=System Updater\nExec=/home/alex/.cache/.sys/updater --quiet\n")
    put(base, "home/alex/.config/autostart/off.desktop", "[Desktop Entry]\nName=Off\nExec=/tmp/x\nHidden=true\n")
    put(base, "var/spool/cron/crontabs/alex", "# m h dom mon dow command\n@reboot /tmp/.x/run.sh\n")
    chrome_profile(base, "home/alex/.config/google-chrome/Default", "Page Helper", ["<all_urls>"])
    put(base, "home/alex/.mozilla/firefox/ab12.default-release/extensions.json", json.dumps({"addons": [
        {"id": "reader@example.org", "type": "extension", "active": True, "location": "app-profile",
         "defaultLocale": {"name": "Reader"}, "userPermissions": {"permissions": [], "origins": ["*://*/*"]}},
        {"id": "builtin@mozilla.org", "type": "extension", "location": "app-builtin",
         "userPermissions": {"origins": ["<all_urls>"]}}]}))
    if hostile:
        (base / "home/alex/.config/autostart/loop.desktop").symlink_to("loop.desktop")
        (base / "home/alex/.mozilla/firefox/cycle").symlink_to("..")
        (base / "home/alex/.local").mkdir(parents=True)
        (base / "home/alex/.local/share").symlink_to("../.local")
        sparse(base / "home/alex/.config/google-chrome/Profile 1/Preferences")
        (base / "home/alex/.config/google-chrome/Profile 1/Extensions").mkdir()
        put(base, "home/sam/.config/autostart/x.desktop", os.urandom(300))
        put(base, "home/sam/.mozilla/firefox/zz.default/extensions.json", b"\x00{not json" + os.urandom(100))
        os.mkfifo(base / "home/alex/.ssh/authorized_keys2")
        put(base, "home/sam/.ssh/authorized_keys", "ssh-ed25519 AAAA\n")
        (base / "home/sam/private").mkdir()
        put(base, "home/sam/private/.ssh/authorized_keys", f"ssh-ed25519 {KEY_BLOB} hidden\n")
        os.chmod(base / "home/sam/private", 0)
    return base


def macos(base: Path, hostile: bool = False) -> Path:
    put(base, "System/Library/CoreServices/SystemVersion.plist", plistlib.dumps({"ProductVersion": "15.1"}))
    put(base, "Applications/TeamViewer.app/Contents/Info.plist",
        plistlib.dumps({"CFBundleName": "TeamViewer", "CFBundleIdentifier": "com.teamviewer.TeamViewer"}))
    put(base, "Applications/Safari.app/Contents/Info.plist", plistlib.dumps({"CFBundleName": "Safari"}))
    put(base, "Library/LaunchDaemons/com.teamviewer.teamviewer_service.plist", plistlib.dumps(
        {"Label": "com.teamviewer.service", "RunAtLoad": True,
         "ProgramArguments": ["/Applications/TeamViewer.app/Contents/MacOS/TeamViewer_Service"]}, fmt=plistlib.FMT_BINARY))
    put(base, "Users/sam/Library/LaunchAgents/com.apple.updater.plist", plistlib.dumps(
        {"Label": "com.apple.updater", "Program": "/Users/Shared/.hidden/agent", "KeepAlive": True}))
    put(base, "private/var/db/com.apple.xpc.launchd/disabled.plist",
        plistlib.dumps({"com.apple.screensharing": False, "com.openssh.sshd": True}))
    put(base, "Library/Preferences/SystemConfiguration/preferences.plist", plistlib.dumps({"NetworkServices": {
        "A1": {"UserDefinedName": "Wi-Fi", "Proxies": {"HTTPEnable": 1, "HTTPProxy": "198.51.100.20", "HTTPPort": 8080}},
        "B2": {"UserDefinedName": "Ethernet", "Proxies": {"HTTPEnable": 0}}}}))
    put(base, "Library/Security/Trust Settings/Admin.plist",
        plistlib.dumps({"trustList": {"0123456789ABCDEF0123456789ABCDEF01234567": {"trustSettings": []}}}))
    users = "private/var/db/dslocal/nodes/Default"
    for name, uid in (("sam", "501"), ("jo", "502"), ("_spotlight", "89"), ("root", "0")):
        put(base, f"{users}/users/{name}.plist", plistlib.dumps({"name": [name], "uid": [uid], "home": [f"/Users/{name}"]}))
    put(base, f"{users}/groups/admin.plist", plistlib.dumps({"users": ["root", "sam"]}))
    put(base, "Users/sam/.ssh/authorized_keys", f"ssh-ed25519 {KEY_BLOB} jo@other-mac\n")
    chrome_profile(base, "Users/sam/Library/Application Support/Google/Chrome/Default", "Qustodio", ["https://*/*"])
    if hostile:
        put(base, "Library/LaunchAgents/com.junk.plist", b"bplist00" + os.urandom(200))
        put(base, "Users/sam/Library/LaunchAgents/text.plist", b"\xff\xfe<plist> not really")
        (base / "Library/LaunchAgents/loop.plist").symlink_to("loop.plist")
        (base / "Applications/Loop.app").symlink_to("Loop.app")
        sparse(base / "Applications/Big.app/Contents/Info.plist")
        put(base, "Users/jo/Library/LaunchAgents/a.plist", plistlib.dumps({"Label": "a", "Program": "/tmp/a"}))
        os.chmod(base / "Users/jo/Library", 0)
    return base


def windows(base: Path, hostile: bool = False) -> Path:
    software = Key("ROOT")
    uninstall = software.child("Microsoft\\Windows\\CurrentVersion\\Uninstall")
    uninstall.child("AnyDesk").values.update({"DisplayName": "AnyDesk", "URLInfoAbout": "https://anydesk.com"})
    uninstall.child("{1234}").values.update({"DisplayName": "Spyrix Personal Monitor", "Publisher": "Spyrix"})
    uninstall.child("Notepad++").values.update({"DisplayName": "Notepad++", "URLInfoAbout": "https://notepad-plus-plus.org"})
    software.child("Microsoft\\Windows\\CurrentVersion\\Run").values.update(
        {"Updater": 'wscript.exe "C:\\Users\\Public\\upd.vbs"', "SecurityHealth": "%windir%\\system32\\SecurityHealthSystray.exe"})
    profiles = software.child("Microsoft\\Windows NT\\CurrentVersion\\ProfileList")
    profiles.child("S-1-5-18").values["ProfileImagePath"] = "%systemroot%\\system32\\config\\systemprofile"
    profiles.child("S-1-5-21-1-2-3-1001").values["ProfileImagePath"] = "C:\\Users\\kim"
    profiles.child("S-1-5-21-1-2-3-1002").values["ProfileImagePath"] = "C:\\Users\\lee"
    write_hive(base / "Windows/System32/config/SOFTWARE", software)
    system = Key("ROOT")
    system.child("Select").values["Current"] = 1
    system.child("ControlSet001\\Control\\Terminal Server").values["fDenyTSConnections"] = 0
    service = system.child("ControlSet001\\Services\\AnyDesk")
    service.values.update({"Start": 2, "Type": 16, "ImagePath": '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --service'})
    system.child("ControlSet001\\Services\\Tcpip").values.update({"Start": 1, "Type": 1, "ImagePath": "System32\\drivers\\tcpip.sys"})
    write_hive(base / "Windows/System32/config/SYSTEM", system, "SYSTEM")
    user = Key("ROOT")
    user.child("Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings").values.update(
        {"ProxyEnable": 1, "ProxyServer": "198.51.100.9:8080"})
    user.child("Software\\Microsoft\\SystemCertificates\\Root\\Certificates\\AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12")
    user.child("Software\\Microsoft\\Windows\\CurrentVersion\\Run").values["OneDrive"] = \
        '"C:\\Users\\kim\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe" /background'
    write_hive(base / "Users/kim/NTUSER.DAT", user, "NTUSER.DAT")
    (base / "Program Files (x86)/AnyDesk").mkdir(parents=True)
    (base / "Users/Public").mkdir(parents=True)
    task = ('<?xml version="1.0" encoding="UTF-16"?><Task version="1.2" '
            'xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"><Settings><Enabled>true</Enabled></Settings>'
            '<Actions Context="Author"><Exec><Command>C:\\Users\\kim\\AppData\\Local\\Temp\\svc.exe</Command>'
            '<Arguments>-q</Arguments></Exec></Actions></Task>')
    put(base, "Windows/System32/Tasks/Updater", "\ufeff".encode("utf-16-le") + task.encode("utf-16-le"))
    put(base, "Windows/System32/Tasks/Microsoft/Windows/Defrag/ScheduledDefrag",
        task.replace("C:\\Users\\kim\\AppData\\Local\\Temp\\svc.exe", "%windir%\\system32\\defrag.exe"))
    chrome_profile(base, "Users/kim/AppData/Local/Microsoft/Edge/User Data/Default", "Coupon Finder", ["*://*/*"])
    put(base, "ProgramData/ssh/administrators_authorized_keys", f"ssh-ed25519 {KEY_BLOB} admin@somewhere\n")
    if hostile:
        sparse(base / "Users/lee/NTUSER.DAT")
        put(base, "Windows/System32/config/SAM", b"regf" + os.urandom(5000))
        put(base, "Windows/System32/Tasks/Broken", b"\x00\x01<Task" + os.urandom(50))
        (base / "Windows/System32/Tasks/Loop").mkdir(parents=True)
        (base / "Windows/System32/Tasks/Loop/again").symlink_to("../Loop")
        put(base, "Users/lee/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/x.lnk", b"L\x00\x00\x00")
        os.chmod(base / "Users/lee/AppData", 0)
    return base
