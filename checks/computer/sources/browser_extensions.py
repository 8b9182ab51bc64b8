"""Reads browser extensions from Chrome, Edge, Brave, Chromium and Firefox profiles on a FileRoot.

Chromium-based browsers keep each extension in <User Data>/<Profile>/Extensions/<id>/<version>/
with its manifest.json (permissions, host_permissions, content_scripts), and whether it is
switched on in the profile's Preferences / Secure Preferences (extensions.settings.<id>.state).
Firefox lists add-ons in <profile>/extensions.json (addons[]: id, defaultLocale.name, active,
location, userPermissions.origins). Sources: Chrome's manifest reference
(developer.chrome.com/docs/extensions/reference/manifest) and Firefox's XPIDatabase format.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from checks.computer.records import BrowserExtension
from checks.computer.sources.fsroot import FileRoot
from cybercheck.pipeline.words import text

ALL_HOSTS = frozenset(
    {"<all_urls>", "*://*/*", "http://*/*", "https://*/*", "*://*", "http*://*/*", "file:///*"}
)
_BUILT_IN_FIREFOX = (
    "app-builtin",
    "app-system-defaults",
    "app-system-addons",
    "app-system-share",
    "app-system-local",
)


def _json(root: FileRoot, rel: str) -> Any:
    content = root.read_text(rel, limit=32 * 1024**2)
    if content is None:
        return None
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        root.problem(text("computer.json-damaged", path=root.shown(rel)))
        return None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def chromium_profiles(root: FileRoot, user_data: str) -> list[str]:
    """The profile folders (Default, Profile 1, ...) of one Chromium-based browser's user data."""
    return [
        f
        for f in root.folders(user_data)
        if f.rsplit("/", 1)[-1] in ("Default",) or f.rsplit("/", 1)[-1].startswith("Profile ")
    ]


def chromium_extensions(root: FileRoot, browser: str, profile: str) -> Iterator[BrowserExtension]:
    """The extensions of one Chromium-based browser profile."""
    states: dict[str, Any] = {}
    for name in ("Secure Preferences", "Preferences"):
        prefs = _dict(_json(root, f"{profile}/{name}")) if root.exists(f"{profile}/{name}") else {}
        for ext_id, entry in _dict(_dict(prefs.get("extensions")).get("settings")).items():
            states.setdefault(ext_id, _dict(entry))
    for folder in root.folders(f"{profile}/Extensions"):
        ext_id = folder.rsplit("/", 1)[-1]
        versions = root.folders(folder)
        if not versions:
            continue
        version = max(versions)
        manifest = _dict(_json(root, f"{version}/manifest.json"))
        if not manifest:
            continue
        state = states.get(ext_id, {})
        permissions = _strings(manifest.get("permissions")) + _strings(manifest.get("host_permissions"))
        for script in _list(manifest.get("content_scripts")):
            permissions += _strings(_dict(script).get("matches"))
        enabled = None
        if "state" in state:
            enabled = state.get("state") == 1
        elif state.get("disable_reasons"):
            enabled = False
        yield BrowserExtension(
            browser=browser,
            profile=profile.rsplit("/", 1)[-1],
            extension_id=ext_id,
            name=_chromium_name(root, version, manifest) or ext_id,
            all_pages=any(p in ALL_HOSTS for p in permissions),
            permissions=tuple(sorted(set(permissions)))[:30],
            enabled=enabled,
            location=root.shown(version),
        )


def _chromium_name(root: FileRoot, folder: str, manifest: dict[str, Any]) -> str | None:
    name = manifest.get("name")
    if not isinstance(name, str):
        return None
    if name.startswith("__MSG_") and name.endswith("__"):
        key = name[6:-2].lower()
        locale = manifest.get("default_locale") if isinstance(manifest.get("default_locale"), str) else "en"
        messages = (
            _dict(_json(root, f"{folder}/_locales/{locale}/messages.json"))
            if root.exists(f"{folder}/_locales/{locale}/messages.json")
            else {}
        )
        for message_key, entry in messages.items():
            if message_key.lower() == key and isinstance(_dict(entry).get("message"), str):
                return str(entry["message"])[:200]
        return None
    return name[:200]


def firefox_profiles(root: FileRoot, profiles_dir: str) -> list[str]:
    """The Firefox profile folders under a Profiles folder (those with an extensions.json or prefs.js)."""
    return [
        f
        for f in root.folders(profiles_dir)
        if root.exists(f + "/extensions.json") or root.exists(f + "/prefs.js")
    ]


def firefox_extensions(root: FileRoot, profile: str) -> Iterator[BrowserExtension]:
    """The add-ons a Firefox profile's extensions.json lists, without Firefox's own."""
    if not root.exists(f"{profile}/extensions.json"):
        return
    data = _dict(_json(root, f"{profile}/extensions.json"))
    for addon in _list(data.get("addons")):
        addon = _dict(addon)
        if addon.get("type") not in (None, "extension") or addon.get("location") in _BUILT_IN_FIREFOX:
            continue
        ext_id = addon.get("id")
        if not isinstance(ext_id, str):
            continue
        granted = _dict(addon.get("userPermissions"))
        permissions = _strings(granted.get("permissions")) + _strings(granted.get("origins"))
        name = _dict(addon.get("defaultLocale")).get("name")
        yield BrowserExtension(
            browser="Firefox",
            profile=profile.rsplit("/", 1)[-1],
            extension_id=ext_id[:200],
            name=name[:200] if isinstance(name, str) else ext_id[:200],
            all_pages=any(p in ALL_HOSTS for p in permissions),
            permissions=tuple(sorted(set(permissions)))[:30],
            enabled=bool(addon.get("active")) if "active" in addon else None,
            location=root.shown(f"{profile}/extensions.json"),
        )


def scan_browsers(
    root: FileRoot, chromium: list[tuple[str, str]], firefox: list[str]
) -> tuple[list[BrowserExtension], int]:
    """Every extension in the given Chromium user-data folders (browser, folder) and Firefox Profiles folders.

    Returns the extensions and how many browser profiles were read.
    """
    found: list[BrowserExtension] = []
    profiles = 0
    for browser, user_data in chromium:
        if not root.is_dir(user_data):
            continue
        for profile in chromium_profiles(root, user_data):
            profiles += 1
            found.extend(chromium_extensions(root, browser, profile))
    for folder in firefox:
        if not root.is_dir(folder):
            continue
        for profile in firefox_profiles(root, folder):
            profiles += 1
            found.extend(firefox_extensions(root, profile))
    return found, profiles
