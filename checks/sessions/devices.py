"""Short, stable names for devices from user-agent strings ("Chrome on Windows", "Gmail app on iOS").

Version numbers are left out on purpose: a browser update is not a new device.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from cybercheck.pipeline.words import text
from cybercheck.yamldata import load_yaml

_GOOGLE_FIELD = re.compile(r"(App|Os|Device Type|Device Model)\s*:\s*([^.]+?)\s*\.(?=\s|$)")
_ANDROID_MODEL = re.compile(r"Android [\d.]+; (?:[a-z]{2}[-_][A-Za-z]{2}; )?([^;)]+?)(?: Build/[^;)]*)?[;)]")


@dataclass(frozen=True, slots=True)
class _Names:
    """The names in data/device_names.yaml."""

    google_systems: dict[str, str]
    google_apps: dict[str, str]
    apps: tuple[tuple[str, str], ...]  # (marker, name), in the order tried
    browsers: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def _names() -> _Names:
    raw = load_yaml(
        resources.files("checks.sessions").joinpath("data", "device_names.yaml").read_text(encoding="utf-8")
    )
    return _Names(
        google_systems=dict(raw["google_systems"]),
        google_apps=dict(raw["google_apps"]),
        apps=tuple((marker, name) for marker, name in raw["apps"]),
        browsers=tuple((marker, name) for marker, name in raw["browsers"]),
    )


@lru_cache(maxsize=65536)
def device_label(raw: str) -> str:
    """A short name a person can recognise for the device or app behind `raw`; "" when there is none."""
    agent = " ".join(raw.split())
    if not any(c.isalpha() for c in agent):
        return ""  # nothing, or a placeholder id such as "-1" or "0": no name a person could recognise
    if "App :" in agent or "Os :" in agent:
        return _google_label(agent)
    if "Mozilla/" in agent or "AppleWebKit" in agent or "Dalvik/" in agent:
        return _browser_label(agent)
    app = next((name for marker, name in _names().apps if agent.startswith(marker)), "")
    if app:
        return _app_label(app, agent)
    return re.sub(r"[\s/]*v?\d+(\.\d+)+\b", "", agent)[:80].strip(" ;,") or agent[:80]


def _app_label(app: str, agent: str) -> str:
    """ "Instagram 300.0 Android (33/13; 420dpi; 1080x2340; samsung; SM-G991B; ...)" -> "Instagram app on Android (SM-G991B)"."""
    if "Android" in agent:
        inside = agent.split("(", 1)[-1].split(";")
        model = inside[4].strip() if len(inside) > 5 else ""
        return _on(app, _with_model("Android", model))
    if "iPad" in agent:
        return _on(app, "iPad")
    if "iPhone" in agent or "iOS" in agent:
        return _on(app, "iPhone")
    return app


def _on(program: str, system: str) -> str:
    return text("sessions.device-on", program=program, system=system)


def _with_model(name: str, model: str) -> str:
    return text("sessions.device-model", name=name, model=model) if model else name


def _google_label(agent: str) -> str:
    fields = {key: value.strip() for key, value in _GOOGLE_FIELD.findall(agent + " ")}
    names = _names()
    app_id = fields.get("App", "")
    app = names.google_apps.get(app_id) or (
        text("sessions.device-named-app", name=app_id.replace("_APP", "").replace("_", " ").title())
        if app_id
        else ""
    )
    system = names.google_systems.get(fields.get("Os", ""), fields.get("Os", "").replace("_OS", "").title())
    model = fields.get("Device Model", "")
    label = app or text("sessions.device-an-app")
    if system:
        label = _on(label, system)
    return _with_model(label, model)


def _system(agent: str) -> str:
    if "iPhone" in agent:
        return "iPhone"
    if "iPad" in agent:
        return "iPad"
    if "Android" in agent:
        found = _ANDROID_MODEL.search(agent)
        model = found.group(1).strip() if found else ""
        return _with_model("Android", model if model.upper() != "K" else "")
    if "Windows" in agent:
        return "Windows"
    if "CrOS" in agent:
        return "ChromeOS"
    if "Macintosh" in agent or "Mac OS X" in agent:
        return "Mac"
    if "Linux" in agent or "X11" in agent:
        return "Linux"
    return ""


def _browser_label(agent: str) -> str:
    system = _system(agent)
    names = _names()
    program = next((name for marker, name in names.apps if marker in agent), "")
    if not program:
        program = next((name for marker, name in names.browsers if marker in agent), "")
        if not program:
            program = text("sessions.device-a-browser")
        elif program == "Safari" and system == "Android":
            program = text("sessions.device-android-browser")
    return _on(program, system) if system else program


def matches(pattern: str, *texts: str) -> bool:
    """Whether every word of `pattern` appears in one of `texts` (case-insensitive)."""
    words = pattern.lower().split()
    if not words:
        return False
    hay = " ".join(texts).lower()
    return all(word in hay for word in words)


@lru_cache(maxsize=1)
def _cloud_prefixes() -> tuple[str, ...]:
    raw = load_yaml(
        resources.files("checks.sessions").joinpath("data", "cloud_networks.yaml").read_text(encoding="utf-8")
    )
    return tuple(str(name).lower() for name in raw["networks"])


@lru_cache(maxsize=4096)
def is_cloud_network(network: str) -> bool:
    """Whether a network (its AS owner's name) is a cloud or hosting company's (data/cloud_networks.yaml)."""
    return bool(network) and network.lower().startswith(_cloud_prefixes())
