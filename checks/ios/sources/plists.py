"""Reads property lists from outside data, turning every kind of damage into DamagedInput."""

from __future__ import annotations

import plistlib
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

MAX_PLIST_BYTES = 256 * 1024**2


def load_plist(data: bytes, name: str) -> Any:
    """The object in an XML or binary plist; DamagedInput for anything else."""
    if len(data) > MAX_PLIST_BYTES:
        raise DamagedInput(text("ios.file-too-large", name=name))
    try:
        return plistlib.loads(data)
    except RecursionError:
        raise DamagedInput(text("ios.plist-too-deep", name=name)) from None
    except Exception as error:  # noqa: BLE001 - plistlib raises many kinds on hostile input
        raise DamagedInput(
            text("ios.plist-damaged", name=name), detail=f"{type(error).__name__}: {str(error)[:200]}"
        ) from None


def load_dict(data: bytes, name: str) -> dict[str, Any]:
    """A plist that must hold a dictionary at its top."""
    value = load_plist(data, name)
    if not isinstance(value, dict):
        raise DamagedInput(text("ios.plist-not-dict", name=name))
    return value


def as_dict(value: Any) -> dict[str, Any]:
    """`value` when it is a dict, else an empty one (outside data is often not what it claims)."""
    return value if isinstance(value, dict) else {}


def first_string(mapping: Mapping[str, Any], *keys: str) -> str | None:
    """The first of `keys` whose value is a non-empty string (numbers are turned into text)."""
    for key in keys:
        value = mapping.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:500]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
    return None


def when(value: Any) -> datetime | None:
    """A plist date (naive, meaning UTC) or an ISO text date, in UTC; None for anything else."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    return None
