"""Reads what a backup holds about Screen Time: HomeDomain/Library/Preferences/com.apple.ScreenTimeAgent.plist.

The key `ScreenTimeEnabled` (a boolean) is as a public forensic note observed it in a local backup
of iOS 27.0 (tests/realworld/ios/SOURCES.md). Who manages Screen Time (a parent in Family Sharing)
and who organises the family are not in that file, nor in any other backup file a public source
names, so they are not read here.
"""

from __future__ import annotations

from checks.ios.records import ScreenTime
from checks.ios.sources.plists import load_dict

SCREEN_TIME_DOMAIN, SCREEN_TIME_PATH = "HomeDomain", "Library/Preferences/com.apple.ScreenTimeAgent.plist"


def parse_screen_time(data: bytes, where: str) -> ScreenTime:
    """What the Screen Time settings file records; DamagedInput when it is not a settings file."""
    settings = load_dict(data, where)
    enabled = settings.get("ScreenTimeEnabled")
    return ScreenTime(enabled=enabled if isinstance(enabled, bool) else None)
