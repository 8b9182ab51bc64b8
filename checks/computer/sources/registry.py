"""Reads the Windows registry: hive files copied from a disk (through regipy), or the live one (winreg).

Hives are named "SOFTWARE", "SYSTEM", "SAM" and "NTUSER:<user>" (that user's NTUSER.DAT, the
live HKEY_CURRENT_USER for the person running cybercheck). Key paths use backslashes and
start below the hive ("Microsoft\\Windows\\CurrentVersion\\Run"). A missing key reads as
empty; a damaged hive is recorded once as a problem and then reads as empty.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from cybercheck.pipeline.words import text

MAX_HIVE_BYTES = 512 * 1024**2


class Registry(Protocol):
    """What the Windows reader needs from a registry."""

    def subkeys(self, hive: str, path: str) -> list[str]:
        """The names of a key's sub-keys."""

    def values(self, hive: str, path: str) -> dict[str, Any]:
        """A key's values by name."""


class HiveFiles:
    """Hive files found on a copied disk, opened on first use."""

    def __init__(
        self, files: dict[str, Path], problem: Callable[[str], None], shown: Callable[[Path], str]
    ) -> None:
        self.files = files
        self._problem = problem
        self._shown = shown
        self._open: dict[str, Any] = {}
        logging.getLogger("regipy").addHandler(logging.NullHandler())  # its warnings stay out of the output

    def _hive(self, hive: str) -> Any:
        if hive in self._open:
            return self._open[hive]
        self._open[hive] = None
        path = self.files.get(hive)
        if path is None:
            return None
        try:
            size = path.lstat().st_size
        except OSError:
            return None
        if size > MAX_HIVE_BYTES:
            self._problem(text("computer.hive-too-large", path=self._shown(path), megabytes=size // 1024**2))
            return None
        from regipy.registry import RegistryHive

        try:
            self._open[hive] = RegistryHive(str(path))  # type: ignore[no-untyped-call]  # regipy has no type hints
        except Exception as error:  # noqa: BLE001 - regipy raises many kinds on damaged hives
            self._problem(text("computer.hive-damaged", path=self._shown(path), error=type(error).__name__))
        return self._open[hive]

    def _key(self, hive: str, path: str) -> Any:
        opened = self._hive(hive)
        if opened is None:
            return None
        try:
            return opened.get_key("\\" + path.strip("\\")) if path.strip("\\") else opened.root
        except Exception:  # noqa: BLE001 - a missing key, or damage below it
            return None

    def subkeys(self, hive: str, path: str) -> list[str]:
        """The names of a key's sub-keys; [] when absent or damaged."""
        key = self._key(hive, path)
        try:
            return [k.name for k in key.iter_subkeys() or ()] if key is not None else []
        except Exception:  # noqa: BLE001
            self._problem(text("computer.registry-part-damaged", key=f"{hive}\\{path}"))
            return []

    def values(self, hive: str, path: str) -> dict[str, Any]:
        """A key's values by name; {} when absent or damaged."""
        key = self._key(hive, path)
        try:
            return {v.name: v.value for v in key.iter_values(trim_values=False)} if key is not None else {}
        except Exception:  # noqa: BLE001
            self._problem(text("computer.registry-part-damaged", key=f"{hive}\\{path}"))
            return {}


class LiveRegistry:  # pragma: no cover - runs only on Windows
    """The running Windows registry, read only through winreg."""

    def __init__(self, current_user: str, problem: Callable[[str], None]) -> None:
        import winreg

        self._winreg: Any = winreg
        self._user = current_user
        self._problem = problem
        self._roots = {
            "SOFTWARE": (self._winreg.HKEY_LOCAL_MACHINE, "SOFTWARE"),
            "SYSTEM": (self._winreg.HKEY_LOCAL_MACHINE, "SYSTEM"),
            f"NTUSER:{current_user}": (self._winreg.HKEY_CURRENT_USER, ""),
        }

    def _open(self, hive: str, path: str) -> Any:
        if hive not in self._roots:
            return None
        top, prefix = self._roots[hive]
        try:
            return self._winreg.OpenKey(
                top, "\\".join(p for p in (prefix, path.strip("\\")) if p), 0, self._winreg.KEY_READ
            )
        except OSError:
            return None

    def subkeys(self, hive: str, path: str) -> list[str]:
        """The names of a key's sub-keys."""
        key = self._open(hive, path)
        names: list[str] = []
        while key is not None:
            try:
                names.append(self._winreg.EnumKey(key, len(names)))
            except OSError:
                break
        return names

    def values(self, hive: str, path: str) -> dict[str, Any]:
        """A key's values by name."""
        key = self._open(hive, path)
        found: dict[str, Any] = {}
        index = 0
        while key is not None:
            try:
                name, value, _ = self._winreg.EnumValue(key, index)
            except OSError:
                break
            found[name or "(default)"] = value
            index += 1
        return found


def control_set(registry: Registry) -> str:
    """The SYSTEM hive's current control set ("ControlSet001"), from Select\\Current."""
    current = registry.values("SYSTEM", "Select").get("Current")
    if isinstance(current, int) and 0 < current < 1000:
        return f"ControlSet{current:03d}"
    return "CurrentControlSet" if registry.subkeys("SYSTEM", "CurrentControlSet") else "ControlSet001"
