"""System apps (ones that came with the phone) running an update installed over them.

`dumpsys package` lists the copy in use under "Packages:" (a system app's update lives under
/data/app) and the copy that came with the phone under "Hidden system packages:". AndroidQF's
packages.json marks a system app and lists its files' paths. Either way, who installed the
update is the installer of record (`pm list packages -i`, `installerPackageName`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from checks.android.records import App, SystemAppUpdate

_HIDDEN_HEADING = re.compile(r"^Hidden\ssystem\spackages:", re.MULTILINE)
_PACKAGE = re.compile(r"^  Package \[([^\]]+)\]")
UPDATE_FOLDERS = ("/data/app/", "/data/app-private/")


def hidden_system_packages(text: str) -> dict[str, str]:
    """package -> the path of the copy that came with the phone, from `dumpsys package`'s hidden list."""
    found: dict[str, str] = {}
    current: str | None = None
    inside = False
    heading = _HIDDEN_HEADING.search(text)
    if heading is None:
        return found
    for line in text[heading.start() :].splitlines():
        if not line.startswith(" "):
            inside = _HIDDEN_HEADING.match(line) is not None
            current = None
            continue
        if not inside:
            continue
        header = _PACKAGE.match(line)
        if header:
            current = header.group(1)
            found.setdefault(current, "")
            continue
        stripped = line.strip()
        if current is not None and stripped.startswith("codePath=") and not found[current]:
            found[current] = stripped[len("codePath=") :].strip()
    return found


def updated_system_apps(apps: Iterable[App], hidden: Mapping[str, str]) -> list[SystemAppUpdate]:
    """System apps whose copy in use was installed over the one that came with the phone."""
    found = []
    for app in apps:
        if not app.system:
            continue
        update = next((p for p in app.paths if p.startswith(UPDATE_FOLDERS)), None)
        if update is None and (app.package not in hidden or app.paths):
            continue  # the copy in use is the one that came with the phone
        found.append(
            SystemAppUpdate(
                package=app.package,
                installer=app.installer,
                path=update,
                original_path=hidden.get(app.package) or None,
                updated=app.last_update,
            )
        )
    return found
