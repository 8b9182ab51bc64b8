"""The user's own time zone, for exports that write local times with no zone (WhatsApp, diaries)."""

from __future__ import annotations

import os
from datetime import tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_zone() -> tzinfo:
    """This machine's time zone with its daylight-saving rules; UTC when it cannot be found."""
    name = os.environ.get("TZ", "").lstrip(":")
    try:
        if name:
            return ZoneInfo(name)
        etc = Path("/etc/timezone")
        if etc.is_file():
            return ZoneInfo(etc.read_text(encoding="utf-8").strip())
        if Path("/etc/localtime").is_file():
            with open("/etc/localtime", "rb") as handle:
                return ZoneInfo.from_file(handle)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        pass
    from datetime import datetime

    return datetime.now().astimezone().tzinfo or ZoneInfo("UTC")
