"""`dumpsys` output: cutting a full dump into services, and reading the services that matter here.

A full dump (AndroidQF's dumpsys.txt, a bug report) is a run of sections, each opened by
"DUMP OF SERVICE name:" and closed by a line of dashes. The readers below take one service's
text, whether it came from such a dump or from `dumpsys NAME` run on its own.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator
from datetime import datetime, timezone

from checks.android.records import Account, AppOp, Component, DeviceAdmin, TrustedComputer

_SECTION = re.compile(r"^DUMP OF SERVICE (?:(?:CRITICAL|HIGH|NORMAL) )?([A-Za-z0-9_.\-]+):\s*$")
_COMPONENT = re.compile(r"([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)/(\.?[A-Za-z0-9_$.]+)")
_ENABLED = re.compile(r"\{([^{}]+)\}")
_DASHES = "-" * 50
_ADMINS_HEADING = re.compile(r"Enabled\sDevice\sAdmins")
_PROFILE_USER = re.compile(r"\(User (\d+)\)")


def split_sections(lines: Iterable[str], wanted: Container[str] | None = None) -> dict[str, str]:
    """service name -> its text, for each section of a full dump (only `wanted` ones when given)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in lines:
        line = raw.rstrip("\r\n")
        match = _SECTION.match(line)
        if match:
            name = match.group(1)
            current = sections.setdefault(name, []) if wanted is None or name in wanted else None
            continue
        if line.startswith(_DASHES):
            current = None
            continue
        if current is not None:
            current.append(line)
    return {name: "\n".join(body) for name, body in sections.items()}


_SECTION_IN_TEXT = re.compile(
    r"^DUMP OF SERVICE (?:(?:CRITICAL|HIGH|NORMAL) )?([A-Za-z0-9_.\-]+):[^\S\n]*$|^" + _DASHES, re.MULTILINE
)


def split_text(text: str, wanted: Container[str] | None = None) -> dict[str, str]:
    """What `split_sections` gives for the lines of `text`, found without a loop over every line."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts: dict[str, list[str]] = {}
    name: str | None = None
    start = 0
    for mark in _SECTION_IN_TEXT.finditer(text):
        if name is not None:
            _add_lines(parts[name], text, start, mark.start())
        header = mark.group(1)
        name = header if header is not None and (wanted is None or header in wanted) else None
        if name is not None:
            parts.setdefault(name, [])
        newline = text.find("\n", mark.end())
        start = len(text) if newline < 0 else newline + 1
    if name is not None:
        _add_lines(parts[name], text, start, len(text))
    return {key: "\n".join(body) for key, body in parts.items()}


def _add_lines(body: list[str], text: str, start: int, end: int) -> None:
    """The lines between two offsets (a line-start and a line-start, or the end), as one string, if any."""
    if end > start:
        body.append(text[start : end - 1] if text[end - 1] == "\n" else text[start:end])


def components_in(text: str) -> Iterator[Component]:
    """Every "package/class" component written in `text`, with the short ".Class" form expanded."""
    for match in _COMPONENT.finditer(text):
        package, name = match.group(1), match.group(2)
        full = package + name if name.startswith(".") else name
        yield Component(package=package, name=f"{package}/{full}")


def accessibility_services(text: str) -> list[Component]:
    """Enabled accessibility services from `dumpsys accessibility` ("Enabled services:{{pkg/cls}, ...}")."""
    found: dict[str, Component] = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("Enabled services:"):
            continue
        for group in _ENABLED.findall(stripped[len("Enabled services:") :]):
            for component in components_in(group):
                found.setdefault(component.name, component)
    return list(found.values())


def device_admins(text: str) -> list[DeviceAdmin]:
    """Active device administrators and owners from `dumpsys device_policy`."""
    found: dict[tuple[str, str], DeviceAdmin] = {}
    block: str | None = None
    block_indent = 0
    profile_user: int | None = None
    for line in text.splitlines():
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if not stripped:
            continue
        if stripped.startswith("Device Owner"):
            block, block_indent = "device owner", indent
            continue
        if stripped.startswith("Profile Owner"):
            block, block_indent = "profile owner", indent
            user = _PROFILE_USER.search(stripped)
            profile_user = int(user.group(1)) if user else None
            continue
        if _ADMINS_HEADING.match(stripped):
            block, block_indent = "admin", indent
            continue
        if block is None:
            continue
        if indent <= block_indent:
            block = None
            continue
        if block == "admin":
            # each admin is "pkg/cls:" one level in; its details sit deeper
            if stripped.endswith(":") and "/" in stripped and "=" not in stripped:
                for component in components_in(stripped[:-1]):
                    found.setdefault((component.name, block), DeviceAdmin(component, "admin"))
        elif stripped.startswith(("admin=", "ComponentInfo{")):
            for component in components_in(stripped):
                managed = profile_user if block == "profile owner" else None
                found.setdefault((component.name, block), DeviceAdmin(component, block, managed))
    return list(found.values())


def lists_notification_listeners(text: str) -> bool:
    """Whether a `dumpsys notification` text holds its list of enabled listeners: every Android since 5.0
    prints "All notification listeners (N) enabled for current profiles:", N = 0 included."""
    return any(_is_listener_heading(line.strip()) for line in text.splitlines())


def _is_listener_heading(stripped: str) -> bool:
    lowered = stripped.lower()
    return "notification listeners" in lowered and "enabled" in lowered and stripped.endswith(":")


def notification_listeners(text: str) -> list[Component]:
    """Enabled notification listeners from `dumpsys notification` (the listed component lines)."""
    found: dict[str, Component] = {}
    in_block = False
    block_indent = 0
    for line in text.splitlines():
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if _is_listener_heading(stripped):
            in_block, block_indent = True, indent
            continue
        if not in_block:
            continue
        if not stripped or indent <= block_indent:
            in_block = False
            continue
        for component in components_in(stripped):
            found.setdefault(component.name, component)
    return list(found.values())


_UID = re.compile(r"^  Uid ([^:\s]+):\s*$")
_UID_MODE = re.compile(r"^\s+([A-Z0-9_]+): mode=([a-z]+)")
_PACKAGE = re.compile(r"^    Package (\S+):\s*$")
_OP = re.compile(r"^      ([A-Z0-9_]+) \(([a-z]+)[^)]*\):")


def app_ops(text: str) -> list[AppOp]:
    """Each package's app-op modes from `dumpsys appops`; a uid-wide mode applies to its packages."""
    found: list[AppOp] = []
    uid_modes: dict[str, str] = {}
    package: str | None = None
    packages_of_uid: list[str] = []

    def close_uid() -> None:
        for name in packages_of_uid:
            for op, mode in uid_modes.items():
                found.append(AppOp(name, op, mode))

    for line in text.splitlines():
        if _UID.match(line):
            close_uid()
            uid_modes, packages_of_uid, package = {}, [], None
            continue
        match = _PACKAGE.match(line)
        if match:
            package = match.group(1)
            packages_of_uid.append(package)
            continue
        match = _OP.match(line)
        if match and package is not None:
            found.append(AppOp(package, match.group(1), match.group(2)))
            continue
        match = _UID_MODE.match(line)
        if match and package is None:
            uid_modes[match.group(1)] = match.group(2)
    close_uid()
    return found


_ACCOUNT = re.compile(r"Account\s\{name=(.*),\stype=([^,}]+)\}")


def accounts(text: str) -> list[Account]:
    """Accounts signed in, from `dumpsys account` ("Account {name=..., type=...}" lines)."""
    found: dict[tuple[str, str], Account] = {}
    for line in text.splitlines():
        match = _ACCOUNT.search(line)
        if match:
            account = Account(name=match.group(1).strip(), type=match.group(2).strip())
            found.setdefault((account.name, account.type), account)
    return list(found.values())


_ADB_KEY_XML = re.compile(r'<adbKey key="([^"]+)"(?: lastConnection="(\d+)")?')


def trusted_computers(text: str) -> list[TrustedComputer]:
    """Computers allowed to debug the phone, from `dumpsys adb` (user_keys lines and the keystore XML)."""
    found: dict[str, TrustedComputer] = {}
    in_keys = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("user_keys="):
            in_keys = True
            stripped = stripped[len("user_keys=") :]
        elif not stripped or "=" in stripped.split(" ", 1)[0] or stripped.startswith(("<", "{", "}")):
            in_keys = False
        if in_keys and stripped:
            key, _, name = stripped.partition(" ")
            found.setdefault(key, TrustedComputer(name.strip(), key[:12]))
        for match in _ADB_KEY_XML.finditer(line):
            key, _, name = match.group(1).partition(" ")
            when = _millis(match.group(2))
            found[key] = TrustedComputer(name.strip(), key[:12], when)
    return list(found.values())


def _millis(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value) / 1000, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
