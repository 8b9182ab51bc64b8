"""Where cybercheck keeps its files: the platform's user config and data folders."""

from __future__ import annotations

import os
from pathlib import Path


def config_dir() -> Path:
    """The user config folder (CYBERCHECK_CONFIG_DIR overrides it)."""
    override = os.environ.get("CYBERCHECK_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("cybercheck", appauthor=False))


def data_dir() -> Path:
    """The user data folder: updated indicators, cases (CYBERCHECK_DATA_DIR overrides it)."""
    override = os.environ.get("CYBERCHECK_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("cybercheck", appauthor=False))


def cache_dir() -> Path:
    """The user cache folder; only public data is ever cached (CYBERCHECK_CACHE_DIR overrides it)."""
    override = os.environ.get("CYBERCHECK_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("cybercheck", appauthor=False))
