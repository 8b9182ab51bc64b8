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
from cybercheck.pipeline.words import text

STUB = "/run/systemd/resolve/stub-resolv.conf"
UPSTREAM = Path("/run/systemd/resolve/resolv.conf")
LEASE_GLOBS = (
    ("/var/lib/dhcp", "*.leases"),
    ("/var/lib/dhclient", "*.lease*"),
    ("/var/lib/NetworkManager", "*.lease"),
    ("/run/systemd/netif/leases", "*"),
)
# The programs that write a resolv.conf, as its comments name them; three are named to people in words.
_WRITERS = (
    "systemd-resolved",
    "NetworkManager",
    "resolvconf",
    "dhclient",
    "dhcpcd",
    "netconfig",
    "WSL",
    "Docker",
)
_WRITER_WORDS = {
    "dhclient": "network.writer-dhclient",
    "dhcpcd": "network.writer-dhcpcd",
    "WSL": "network.writer-wsl",
}


def nameservers_in(content: str) -> tuple[str, ...]:
    """The `nameserver` addresses of a resolv.conf."""
    found = []
    for line in content.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2 and words[0] == "nameserver":
            found.append(words[1])
    return tuple(found)


def writer_of(content: str, link_target: str = "") -> str | None:
    """The program that wrote a resolv.conf (as _WRITERS names it), from its comments or where it links to."""
    if link_target.endswith(("stub-resolv.conf", "systemd/resolve/resolv.conf")):
        return "systemd-resolved"
    if "NetworkManager" in link_target:
        return "NetworkManager"
    if "resolvconf" in link_target:
        return "resolvconf"
    comments = "\n".join(line for line in content.splitlines() if line.lstrip().startswith(("#", ";")))
    for name in _WRITERS:
        if name.lower() in comments.lower():
            return name
    return None


def _writer_name(writer: str) -> str:
    """A program that writes resolv.conf, as people read its name."""
    key = _WRITER_WORDS.get(writer)
    return text(key) if key else writer


def servers_in_leases(texts: Iterable[str]) -> set[str]:
    """DNS servers named by DHCP lease files (dhclient, NetworkManager and systemd-networkd styles)."""
    found: set[str] = set()
    for content in texts:
        for match in re.finditer(r"domain-name-servers\s+([^;]+);", content):
            found.update(a.strip() for a in match.group(1).split(","))
        for match in re.finditer(r"^(?:DNS|DNS_SERVERS)=(.+)$", content, re.MULTILINE):
            found.update(match.group(1).replace(",", " ").split())
    return found


def linux_resolver(
    resolv_conf: str,
    *,
    link_target: str = "",
    upstream_conf: str = "",
    leases: Iterable[str] = (),
    source: str,
) -> SystemResolver:
    """What a Linux resolv.conf (and the files beside it) says about this computer's DNS servers."""
    servers = nameservers_in(resolv_conf)
    writer = writer_of(resolv_conf, link_target)
    upstream = nameservers_in(upstream_conf) if writer == "systemd-resolved" else ()
    real = set(upstream or servers)
    from_dhcp = bool(real) and real <= servers_in_leases(leases)
    return SystemResolver(
        servers=servers, origin=_origin(writer, from_dhcp, servers), source=source, upstream=upstream
    )


def _origin(writer: str | None, from_dhcp: bool, servers: tuple[str, ...]) -> str:
    if from_dhcp and writer:
        return text("network.origin-dhcp-through", writer=_writer_name(writer))
    if from_dhcp:
        return text("network.origin-dhcp")
    if writer in ("dhclient", "dhcpcd"):
        return text("network.origin-dhcp-written", writer=_writer_name(writer))
    if writer in ("systemd-resolved", "NetworkManager"):
        return text("network.origin-managed", writer=writer)
    if writer:
        return text("network.origin-written", writer=_writer_name(writer))
    if servers:
        return text("network.origin-file-by-hand")
    return text("network.origin-none")


def macos_resolver(scutil: str, networksetup: str = "") -> SystemResolver:
    """What `scutil --dns` (and `networksetup -getdnsservers SERVICE`) say on macOS."""
    servers = tuple(dict.fromkeys(re.findall(r"nameserver\[\d+\]\s*:\s*(\S+)", scutil)))
    manual = tuple(re.findall(r"^\s*([0-9a-fA-F:.]+)\s*$", networksetup, re.MULTILINE))
    if manual:
        origin = text("network.origin-mac-manual")
    elif "aren't any DNS Servers" in networksetup:
        origin = text("network.origin-dhcp")
    else:
        origin = text("network.origin-mac-unknown")
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
        origin = text("network.origin-windows-dhcp")
    elif dhcp is False:
        origin = text("network.origin-windows-manual")
    else:
        origin = text("network.origin-unknown")
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
        content = _run(["ipconfig", "/all"])
        return windows_resolver(content) if content else None
    path = Path("/etc/resolv.conf")
    if not path.exists():
        return None
    target = str(path.resolve()) if path.is_symlink() else ""
    leases = [
        _read(p)
        for folder, pattern in LEASE_GLOBS
        if Path(folder).is_dir()
        for p in sorted(Path(folder).glob(pattern))[:20]
    ]
    return linux_resolver(
        _read(path), link_target=target, upstream_conf=_read(UPSTREAM), leases=leases, source=str(path)
    )
