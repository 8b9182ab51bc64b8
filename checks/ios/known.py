"""What is known about iPhones (data/): jailbreak apps and traces, iOS versions, the keys of a backup."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from cybercheck.yamldata import load_yaml


@cache
def _data(name: str) -> Any:
    return load_yaml(resources.files("checks.ios").joinpath("data", name).read_text(encoding="utf-8"))


def jailbreak() -> Any:
    """data/jailbreak.yaml: the bundle ids of jailbreak apps, and the files such tools leave."""
    return _data("jailbreak.yaml")


def ios_versions() -> Any:
    """data/ios_versions.yaml: iOS major versions in release order, the newest, and when it was checked."""
    return _data("ios_versions.yaml")


def backup_keys() -> Any:
    """data/backup_keys.yaml: the keys of Info.plist and Manifest.plist that describe the phone."""
    return _data("backup_keys.yaml")


def versions_checked() -> str:
    """When the shipped list of iOS versions was last checked (YYYY-MM)."""
    return str(ios_versions()["checked"])


def shortcut_actions() -> Any:
    """data/shortcut_actions.yaml: Shortcuts actions that gather watched data, and actions that send data out."""
    return _data("shortcut_actions.yaml")


def automation_triggers() -> Any:
    """data/automation_triggers.yaml: kinds of automation trigger, which pass something on, which sends need nobody."""
    return _data("automation_triggers.yaml")
