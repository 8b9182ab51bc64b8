"""Names mailboxes and Takeout exports give folders, files and labels, in several languages (data/)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from checks.mail.records import FolderRole
from cybercheck.yamldata import load_yaml


@lru_cache(maxsize=1)
def _data() -> Mapping[str, Any]:
    raw = resources.files(__package__).joinpath("data", "mailbox-names.yaml").read_text(encoding="utf-8")
    loaded: Mapping[str, Any] = load_yaml(raw)
    return loaded


@lru_cache(maxsize=1)
def folder_names() -> Mapping[FolderRole, tuple[str, ...]]:
    """What a folder is for, by the last part of its name."""
    return {FolderRole(role): tuple(names) for role, names in _data()["folders"].items()}


@lru_cache(maxsize=1)
def takeout_file_hints() -> Mapping[str, tuple[str, ...]]:
    """Which list of addresses a Takeout settings file holds, by pieces of its translated name."""
    return {kind: tuple(pieces) for kind, pieces in _data()["takeout_files"].items()}


@lru_cache(maxsize=1)
def unread_labels() -> frozenset[str]:
    """Gmail's "unread" label in each language Takeout writes it in."""
    return frozenset(_data()["unread_labels"])
