"""Package lists: `pm list packages`, `dumpsys package`, launcher queries, and AndroidQF's packages.json."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from checks.android.records import QfPackage
from checks.android.sources.dumpsys import components_in

_PACKAGE_NAME = re.compile(r"^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_RESOLVER_HEADING = re.compile(r"Activity\sResolver\sTable:")


@dataclass(frozen=True, slots=True)
class ListedPackage:
    """One line of `pm list packages -U -u -i`: the name, its installer and its uid."""

    name: str
    installer: str | None = None
    uid: int | None = None


@dataclass(frozen=True, slots=True)
class PackageDetails:
    """What `dumpsys package` says about one package."""

    name: str
    uid: int | None = None
    version: str | None = None
    installer: str | None = None
    first_install: datetime | None = None
    last_update: datetime | None = None
    system: bool = False
    disabled: bool = False
    installed: bool = True
    requested: frozenset[str] = frozenset()
    granted: frozenset[str] = frozenset()
    code_path: str | None = None


def installer_value(text: str | None) -> str | None:
    """An installer as recorded, or None for "no installer" ("null", empty, missing)."""
    if text is None:
        return None
    text = text.strip()
    return None if text in ("", "null", "None") else text


def parse_pm_list(text: str) -> Iterator[ListedPackage]:
    """Each "package:NAME installer=X uid:N" line (installer and uid optional)."""
    for line in text.splitlines():
        words = line.split()
        if not words or not words[0].startswith("package:"):
            continue
        name = words[0][len("package:") :]
        if "=" in name:  # "-f" form: package:/path/base.apk=name
            name = name.rsplit("=", 1)[1]
        if not _PACKAGE_NAME.match(name):
            continue
        installer: str | None = None
        uid: int | None = None
        for word in words[1:]:
            if word.startswith("installer="):
                installer = installer_value(word[len("installer=") :])
            elif word.startswith("uid:"):
                uids = word[len("uid:") :].split(",")
                uid = int(uids[0]) if uids[0].isdigit() else None
        yield ListedPackage(name, installer, uid)


def parse_pm_names(text: str) -> set[str]:
    """The package names of a plain `pm list packages -s|-d|-3` listing."""
    return {p.name for p in parse_pm_list(text)}


def _time(text: str) -> datetime | None:  # dumpsys writes the phone's local time
    text = text.strip()
    if not _TIME.match(text):
        return None
    try:  # NOTE: by hand, as strptime was most of the time spent on a 400-app phone
        return datetime(
            int(text[0:4]),
            int(text[5:7]),
            int(text[8:10]),
            int(text[11:13]),
            int(text[14:16]),
            int(text[17:19]),
        )
    except ValueError:
        return None


_LISTS = ("requested permissions", "install permissions", "declared permissions", "runtime permissions")
_PKG_HEADER = re.compile(r"^  Package \[([^\]]+)\]")
_USER = re.compile(r"^User (\d+):")
_ENABLED_STATE = re.compile(r"\benabled=(\d+)")
_PERMISSION = re.compile(r"^([A-Za-z0-9_.]+): granted=(true|false)")


@dataclass
class _Building:
    name: str
    fields: dict[str, str] = field(default_factory=dict)
    requested: set[str] = field(default_factory=set)
    granted: set[str] = field(default_factory=set)
    installed: bool = True
    disabled: bool = False

    def done(self) -> PackageDetails:
        uid = self.fields.get("userId", "")
        first = self.fields.get("firstInstallTime") or self.fields.get("timeStamp") or ""
        flags = self.fields.get("flags", "") + " " + self.fields.get("pkgFlags", "")
        return PackageDetails(
            name=self.name,
            uid=int(uid) if uid.isdigit() else None,
            version=self.fields.get("versionName"),
            installer=installer_value(self.fields.get("installerPackageName")),
            first_install=_time(first),
            last_update=_time(self.fields.get("lastUpdateTime", "")),
            system="SYSTEM" in flags.replace("[", " ").replace("]", " ").split(),
            disabled=self.disabled,
            installed=self.installed,
            requested=frozenset(self.requested),
            granted=frozenset(self.granted),
            code_path=self.fields.get("codePath"),
        )

    def line(self, indent: int, text: str, state: dict[str, str]) -> None:
        """Take one line of the package's block; `state` holds the list and user being read."""
        if indent <= 4:
            state["list"], state["user"] = "", ""
            user = _USER.match(text)
            if user:
                state["user"] = user.group(1)
                if user.group(1) == "0":
                    self.installed = "installed=false" not in text
                    enabled = _ENABLED_STATE.search(text)
                    self.disabled = bool(enabled and enabled.group(1) in ("2", "3", "4"))
            elif text.endswith(":") and text[:-1] in _LISTS:
                state["list"] = text[:-1]
            else:
                name, equals, value = text.partition("=")
                if equals and name.isidentifier():
                    self.fields.setdefault(name, value.strip())
            return
        if state["user"]:
            if indent <= 6:
                state["list"] = "runtime permissions" if text == "runtime permissions:" else ""
                name, equals, value = text.partition("=")
                if equals and state["user"] == "0" and name in ("firstInstallTime", "installerPackageName"):
                    self.fields.setdefault(name, value.strip())
                return
            if state["list"] == "runtime permissions" and state["user"] == "0":
                self._permission(text)
            return
        if state["list"] == "requested permissions":
            self.requested.add(text.partition(":")[0].partition(",")[0].strip())
        elif state["list"] == "install permissions":
            self._permission(text)

    def _permission(self, text: str) -> None:
        match = _PERMISSION.match(text)
        if match and match.group(2) == "true":
            self.granted.add(match.group(1))


def parse_dumpsys_package(text: str) -> Iterator[PackageDetails]:
    """Each block of the "Packages:" list of `dumpsys package`, with user 0's state for per-user fields."""
    current: _Building | None = None
    state = {"list": "", "user": ""}
    in_list = False
    for line in text.splitlines():
        if not line.startswith(" "):
            if line.startswith("Packages:"):
                in_list = True
            elif in_list and line.strip():
                break  # "Hidden system packages:" and what follows are not installed packages
            continue
        if not in_list:
            continue
        header = _PKG_HEADER.match(line)
        if header:
            if current is not None:
                yield current.done()
            current, state = _Building(header.group(1)), {"list": "", "user": ""}
            continue
        stripped = line.strip()
        if current is not None and stripped:
            current.line(len(line) - len(line.lstrip()), stripped, state)
    if current is not None:
        yield current.done()


def launcher_from_query(text: str) -> set[str]:
    """Packages with a launcher icon, from `cmd package query-activities ... LAUNCHER`."""
    found = {component.package for component in components_in(text)}
    found.update(re.findall(r"packageName=([A-Za-z0-9_.]+)", text))
    return found


def launcher_from_resolver(text: str) -> set[str] | None:
    """Packages with a launcher icon, from the "Activity Resolver Table" of a full `dumpsys package`.

    None when the table, or its filter details, are not in the text.
    """
    found: set[str] = set()
    in_table = in_main = saw_filter = False
    entry: str | None = None
    for line in text.splitlines():
        if _RESOLVER_HEADING.match(line):
            in_table = True
            continue
        if not in_table:
            continue
        if line and not line.startswith(" "):
            break
        stripped = line.strip()
        if stripped.endswith(":") and " " not in stripped:
            in_main = stripped == "android.intent.action.MAIN:"
            entry = None
            continue
        if not in_main:
            continue
        if " filter " in stripped:
            components = list(components_in(stripped))
            entry = components[0].package if components else None
            continue
        if stripped.startswith("Category:"):
            saw_filter = True
            if entry and "android.intent.category.LAUNCHER" in stripped:
                found.add(entry)
    return found if saw_filter else None


def parse_packages_json(data: Any) -> Iterator[QfPackage]:
    """Each well-formed entry of AndroidQF's packages.json; entries without a name are skipped."""
    if not isinstance(data, list):
        return
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            continue
        certificates: set[str] = set()
        hashes: set[str] = set()
        paths: list[str] = []
        saved: list[str] = []
        listed = item.get("files")
        files = listed if isinstance(listed, list) else []
        for entry in files:
            if not isinstance(entry, dict):
                continue
            if isinstance(entry.get("path"), str):
                paths.append(entry["path"])
            local = entry.get("local_name")
            if isinstance(local, str) and local.strip():
                saved.append(local.strip())
            for key in ("sha256", "sha1", "md5"):
                value = entry.get(key)
                if isinstance(value, str) and _HEX.match(value.strip()):
                    hashes.add(value.strip().lower())
            cert = entry.get("certificate")
            if isinstance(cert, dict):
                for key in ("Md5", "Sha1", "Sha256", "md5", "sha1", "sha256"):
                    value = cert.get(key)
                    if isinstance(value, str) and _HEX.match(value.strip()):
                        certificates.add(value.strip().lower())
        uid = item.get("uid")
        installer = item.get("installer")
        yield QfPackage(
            name=item["name"].strip(),
            installer=installer_value(installer if isinstance(installer, str) else None),
            uid=uid if isinstance(uid, int) and not isinstance(uid, bool) else None,
            system=item.get("system") is True,
            disabled=item.get("disabled") is True,
            third_party=item.get("third_party") is True,
            certificates=frozenset(certificates),
            file_hashes=frozenset(hashes),
            paths=tuple(paths),
            saved_files=tuple(saved),
        )
