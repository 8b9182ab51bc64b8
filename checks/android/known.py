"""What is known about Android packages by name (data/known.yaml): app stores, installers, root tools.

Lists, not judgements: the modules in judge/ decide what they mean. A store, a protection
package's role and a permission map to the key of their words in words.yaml.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from cybercheck.yamldata import load_packaged

_DATA: Mapping[str, Any] = load_packaged("checks.android", "data", "known.yaml")


def _keys(name: str, prefix: str) -> Mapping[str, str]:
    return MappingProxyType({str(k): f"android.{prefix}-{v}" for k, v in _DATA[name].items()})


def _names(name: str) -> frozenset[str]:
    return frozenset(str(item) for item in _DATA[name])


STORES = _keys("stores", "store")  # installer -> words key of the store's name
OTHER_STORES = _keys("other_stores", "store")
FILE_INSTALLERS = _names("file_installers")
ADB_INSTALLERS = _names("adb_installers")
ROOT_PACKAGES = _names("root_packages")
ROOT_BINARIES = _names("root_binaries")
ROOT_PATHS: tuple[str, ...] = tuple(str(path) for path in _DATA["root_paths"])
PROTECTION_PACKAGES = _keys("protection_packages", "role")  # package -> words key of its role
ASSISTIVE = _names("assistive")
PAIRED_DEVICE_APPS = _names("paired_device_apps")
WORK_MANAGEMENT = _names("work_management")
SENSITIVE = _keys("sensitive", "power")  # permission -> words key of what it lets an app reach
