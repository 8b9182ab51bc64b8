"""The users and profiles on a phone, from `dumpsys user`.

Each is a line "UserInfo{ID:NAME:FLAGS}" (FLAGS in hexadecimal), followed on Android 11 and later
by "Type: android.os.usertype...." lines; the type names the kind (a work profile is
"profile.MANAGED"), and on older phones the flags do (0x20: a work profile, 0x4: a guest).
"""

from __future__ import annotations

import re

from checks.android.records import UserProfile

_USER = re.compile(r"^\s+UserInfo\{(\d+):(.*):([0-9a-fA-F]+)\}(.*)$")
_TYPE = re.compile(r"^\s+Type: android\.os\.usertype\.(\S+)")
TYPES = {
    "full.SYSTEM": "owner",
    "system.HEADLESS": "owner",
    "profile.MANAGED": "work profile",
    "profile.CLONE": "clone",
    "profile.PRIVATE": "private space",
    "full.SECONDARY": "secondary user",
    "full.GUEST": "guest",
    "full.RESTRICTED": "secondary user",
    "full.DEMO": "secondary user",
}
FLAG_GUEST, FLAG_MANAGED_PROFILE, FLAG_PROFILE = 0x4, 0x20, 0x1000


def parse_users(text: str) -> list[UserProfile]:
    """Every user and profile `dumpsys user` lists (each once, by id)."""
    found: dict[int, UserProfile] = {}
    last: int | None = None
    for line in text.splitlines():
        user = _USER.match(line)
        if user:
            number, flags = int(user.group(1)), int(user.group(3), 16)
            if number in found or number > 100_000:
                last = None
                continue
            found[number] = UserProfile(
                number, user.group(2).strip(), _kind(number, flags), _running(user.group(4))
            )
            last = number
            continue
        kind = _TYPE.match(line)
        if kind and last is not None:
            named = TYPES.get(kind.group(1), "profile" if kind.group(1).startswith("profile.") else None)
            if named:
                previous = found[last]
                found[last] = UserProfile(previous.user_id, previous.name, named, previous.running)
            last = None
    return list(found.values())


def _kind(number: int, flags: int) -> str:
    if flags & FLAG_MANAGED_PROFILE:
        return "work profile"
    if flags & FLAG_GUEST:
        return "guest"
    if number == 0:
        return "owner"
    return "profile" if flags & FLAG_PROFILE else "secondary user"


def _running(rest: str) -> bool | None:
    words = rest.split()
    return True if "running" in words else None
