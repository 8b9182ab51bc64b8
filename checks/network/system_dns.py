"""Finds which DNS servers this computer asks, and what set them (the network's DHCP, or by hand).

Linux: /etc/resolv.conf and what wrote it (systemd-resolved, NetworkManager, resolvconf,
dhclient, dhcpcd), the upstream servers behind systemd-resolved's local stub, and DHCP
lease files that name the same servers. macOS: `scutil --dns` and `networksetup
-getdnsservers`. Windows: `ipconfig /all`. Each reader is a pure function of the text.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from checks.network.addresses import is_ip_text
from checks.network.records import SystemResolver

STUB = "/run/systemd/resolve/stub-resolv.conf"
UPSTREAM = Path("/run/systemd/resolve/resolv.conf")
LEASE_GLOBS = (
    ("/var/lib/dhcp", "*.leases"),
    ("/var/lib/dhclient", "*.lease*"),
    ("/var/lib/NetworkManager", "*.lease"),
    ("/run/systemd/netif/leases", "*"),
)
_WRITERS = (
    ("systemd-resolved", "systemd-resolved"),
    ("NetworkManager", "NetworkManager"),
    ("resolvconf", "resolvconf"),
    ("dhclient", "the DHCP client (dhclient)"),
    ("dhcpcd", "the DHCP client (dhcpcd)"),
    ("netconfig", "netconfig"),
    ("WSL", "Windows (WSL)"),
    ("Docker", "Docker"),
)


def nameservers_in(text: str) -> tuple[str, ...]:
    """The `nameserver` addresses of a resolv.conf."""
    found = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2 and words[0] == "nameserver":
            found.append(words[1])
    return tuple(found)


def writer_of(text: str, link_target: str = "") -> str | None:
    """The program that wrote a resolv.conf, from its comments or where it links to."""
    if link_target.endswith(("stub-resolv.conf", "systemd/resolve/resolv.conf")):
        return "systemd-resolved"
    if "NetworkManager" in link_target:
        return "NetworkManager"
    if "resolvconf" in link_target:
        return "resolvconf"
    comments = "\n".join(line for line in text.splitlines() if line.lstrip().startswith(("#", ";")))
    for needle, name in _WRITERS:
        if needle.lower() in comments.lower():
            return name
    return None


def servers_in_leases(texts: Iterable[str]) -> set[str]:
    """DNS servers named by DHCP lease files (dhclient, NetworkManager and systemd-networkd styles)."""
    found: set[str] = set()
    for text in texts:
        for match in re.finditer(r"domain-name-servers\s+([^;]+);", text):
            found.update(a.strip() for a in match.group(1).split(","))
        for match in re.finditer(r"^(?:DNS|DNS_SERVERS)=(.+)$", text, re.MULTILINE):
            found.update(match.group(1).replace(",", " ").split())
    return found


def linux_resolver(
    resolv_conf: str, *, link_target: str = "", upstream_conf: str = "", leases: Iterable[str] = (), source: str
) -> SystemResolver:
    """What a Linux resolv.conf (and the files beside it) says about this computer's DNS servers."""
    servers = nameservers_in(resolv_conf)
    writer = writer_of(resolv_conf, link_target)
    upstream = nameservers_in(upstream_conf) if writer == "systemd-resolved" else ()
    real = set(upstream or servers)
    from_dhcp = bool(real) and real <= servers_in_leases(leases)
    if from_dhcp:
        origin = "given by the network (DHCP)" + (f", through {writer}" if writer else "")
    elif writer in ("the DHCP client (dhclient)", "the DHCP client (dhcpcd)"):
        origin = f"given by the network (DHCP), written by {writer}"
    elif writer in ("systemd-resolved", "NetworkManager"):
        origin = (
            f"managed by {writer}: usually given by the network (DHCP), unless servers were typed into "
            "this computer's network settings"
        )
    elif writer:
        origin = f"written by {writer}"
    elif servers:
        origin = "written into the file by hand or by a program that does not say so (set manually)"
    else:
        origin = "not set: the file names no DNS server"
    return SystemResolver(servers=servers, origin=origin, source=source, upstream=upstream)


def macos_resolver(scutil: str, networksetup: str = "") -> SystemResolver:
    """What `scutil --dns` (and `networksetup -getdnsservers SERVICE`) say on macOS."""
    servers = tuple(dict.fromkeys(re.findall(r"nameserver\[\d+\]\s*:\s*(\S+)", scutil)))
    manual = tuple(re.findall(r"^\s*([0-9a-fA-F:.]+)\s*$", networksetup, re.MULTILINE))
    if manual:
        origin = "set by hand in this Mac's network settings (manual)"
    elif "aren't any DNS Servers" in networksetup:
        origin = "given by the network (DHCP)"
    else:
        origin = "set by macOS (could not tell whether by the network or by hand)"
    return SystemResolver(servers=servers, origin=origin, source="scutil --dns")


def windows_resolver(ipconfig: str) -> SystemResolver:
    """What `ipconfig /all` says on Windows (English output)."""
    servers: list[str] = []
    dhcp = None
    collecting = False
    for line in ipconfig.splitlines():
        if collecting and is_ip_text(line.strip()):
            servers.append(line.strip())
            continue
        label, sep, value = line.partition(":")
        if sep and "DHCP Enabled" in label:
            dhcp = value.strip().lower().startswith("yes")
        if sep and "DNS Servers" in label:
            collecting = True
            value = value.strip()
            if value:
                servers.append(value)
            continue
        collecting = False
    if dhcp is True:
        origin = "given by the network (DHCP), unless typed into the adapter's settings"
    elif dhcp is False:
        origin = "set by hand in this computer's network settings (manual)"
    else:
        origin = "could not tell how they were set"
    return SystemResolver(servers=tuple(dict.fromkeys(servers)), origin=origin, source="ipconfig /all")


def _run(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[:1_000_000]
    except OSError:
        return ""


def system_resolver(resolv_conf: Path | None = None) -> SystemResolver | None:
    """This computer's DNS servers and where they came from; None when they cannot be found.

    `resolv_conf` reads another resolv.conf instead of this computer's (nothing else is then read).
    """
    if resolv_conf is not None:
        return linux_resolver(_read(resolv_conf), source=str(resolv_conf))
    if sys.platform == "darwin":
        scutil = _run(["scutil", "--dns"])
        return macos_resolver(scutil, _run(["networksetup", "-getdnsservers", "Wi-Fi"])) if scutil else None
    if sys.platform == "win32":
        text = _run(["ipconfig", "/all"])
        return windows_resolver(text) if text else None
    path = Path("/etc/resolv.conf")
    if not path.exists():
        return None
    target = str(path.resolve()) if path.is_symlink() else ""
    leases = [_read(p) for folder, pattern in LEASE_GLOBS if Path(folder).is_dir() for p in sorted(Path(folder).glob(pattern))[:20]]
    return linux_resolver(
        _read(path), link_target=target, upstream_conf=_read(UPSTREAM), leases=leases, source=str(path)
    )
