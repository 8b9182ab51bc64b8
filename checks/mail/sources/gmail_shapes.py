"""The documented shape of each Gmail settings answer (Gmail API reference, users.settings.*).

Gmail leaves out fields that hold their default value, so a missing field is no damage; a field
the reference does not list, or one of the wrong type, is: a damaged answer, whose damaged part
was not read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_TEXT = (str,)
_FLAG = (bool,)
_LIST = (list,)
_INT64 = (str, int)  # int64 fields are strings in Google's JSON mapping; some clients send numbers

SHAPES: Mapping[str, Mapping[str, tuple[type, ...]]] = {
    "filters": {"filter": _LIST},
    "forwardingAddresses": {"forwardingAddresses": _LIST},
    "sendAs": {"sendAs": _LIST},
    "delegates": {"delegates": _LIST},
    "autoForwarding": {"enabled": _FLAG, "emailAddress": _TEXT, "disposition": _TEXT},
    "imap": {"enabled": _FLAG, "autoExpunge": _FLAG, "expungeBehavior": _TEXT, "maxFolderSize": (int,)},
    "pop": {"accessWindow": _TEXT, "disposition": _TEXT},
    "vacation": {
        "enableAutoReply": _FLAG,
        "responseSubject": _TEXT,
        "responseBodyPlainText": _TEXT,
        "responseBodyHtml": _TEXT,
        "restrictToContacts": _FLAG,
        "restrictToDomain": _FLAG,
        "startTime": _INT64,
        "endTime": _INT64,
    },
}
MAX_NAMED = 3  # field names quoted in a gap
MAX_NAME = 40  # characters of one field name quoted


def off_shape(setting: str, body: Mapping[str, Any]) -> list[str]:
    """The fields of `body` that the reference does not list for `setting`, or that have the wrong type."""
    shape = SHAPES.get(setting)
    if shape is None:
        return []
    odd = []
    for key, value in body.items():
        kinds = shape.get(key)
        # NOTE: bool is an int in Python: a flag where a number belongs is still the wrong type.
        wrong = (
            kinds is None or not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds)
        )
        if wrong:
            odd.append(key)
    return odd


def named(fields: list[str]) -> str:
    """A few field names as a gap quotes them."""
    shown = [name if len(name) <= MAX_NAME else name[:MAX_NAME] + "…" for name in fields[:MAX_NAMED]]
    return ", ".join(shown) + (", …" if len(fields) > MAX_NAMED else "")
