"""Hypothesis strategies for structure-aware inputs: JSON that stays valid JSON but whose documented fields
are there or not, of their documented type or another, beside keys no one documents.

Each strategy draws (value, damaged): `damaged` says, from the documented shape written out here (and
not taken from the readers), whether a field is of a type the format never has or is not one the
format has. A field that is simply missing is no damage where the format leaves fields out.
The property tests that use them are in tests/fuzz/test_structured.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from hypothesis import strategies as st

# Values of every JSON type, small (what damage, or a changed exporter, could put anywhere).
_NUMBER = st.integers(-(2**53), 2**53)  # beyond this a number is a damage of its own (not what is tested)
ANY_JSON = st.one_of(
    st.none(),
    st.booleans(),
    _NUMBER,
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.lists(_NUMBER, max_size=2),
    st.dictionaries(st.text(max_size=4), _NUMBER, max_size=2),
)
TEXT = st.text(max_size=40)
_RIGHT: Mapping[type, st.SearchStrategy[Any]] = {
    str: TEXT,
    bool: st.booleans(),
    int: st.integers(0, 2**40),
    list: st.just([]),
    type(None): st.none(),
}


def _fits(value: Any, kinds: tuple[type, ...]) -> bool:
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, kinds)


@st.composite
def documented_object(
    draw: Callable[[st.SearchStrategy[Any]], Any],
    shape: Mapping[str, tuple[type, ...]],
    *,
    required: tuple[str, ...] = (),
    extra_keys: bool = True,
) -> tuple[dict[str, Any], bool]:
    """An object with each documented key absent (unless required), of a documented type, or of another;
    and maybe keys the shape does not list. Damaged when a key is of another type or not listed."""
    body: dict[str, Any] = {}
    damaged = False
    for key, kinds in shape.items():
        choice = draw(
            st.sampled_from(("right", "right", "wrong") if key in required else ("absent", "right", "wrong"))
        )
        if choice == "right":
            body[key] = draw(st.one_of(*(_RIGHT[k] for k in kinds)))
        elif choice == "wrong":
            body[key] = draw(ANY_JSON.filter(lambda v, kinds=kinds: not _fits(v, kinds)))
            damaged = True
    if extra_keys:
        extra = draw(
            st.dictionaries(
                st.text(min_size=1, max_size=10).filter(lambda k: k not in shape), ANY_JSON, max_size=2
            )
        )
        body.update(extra)
        damaged |= bool(extra)
    return body, damaged


# --- Gmail settings (Gmail API reference, users.settings.*: getVacation, getImap, getPop, getAutoForwarding)

GMAIL: Mapping[str, Mapping[str, tuple[type, ...]]] = {
    "vacation": {
        "enableAutoReply": (bool,),
        "responseSubject": (str,),
        "responseBodyPlainText": (str,),
        "responseBodyHtml": (str,),
        "restrictToContacts": (bool,),
        "restrictToDomain": (bool,),
        "startTime": (str, int),
        "endTime": (str, int),
    },
    "imap": {"enabled": (bool,), "autoExpunge": (bool,), "expungeBehavior": (str,), "maxFolderSize": (int,)},
    "pop": {"accessWindow": (str,), "disposition": (str,)},
    "autoForwarding": {"enabled": (bool,), "emailAddress": (str,), "disposition": (str,)},
}


def gmail_setting(setting: str) -> st.SearchStrategy[tuple[dict[str, Any], bool]]:
    """A body for one Gmail setting, and whether it is damaged."""
    return documented_object(GMAIL[setting])


# --- Bitwarden's unencrypted JSON export (libs/common ... bitwarden-json-export types): the fields read

BITWARDEN_ITEM: Mapping[str, tuple[type, ...]] = {"type": (int,), "name": (str, type(None))}
BITWARDEN_LOGIN: Mapping[str, tuple[type, ...]] = {
    "username": (str, type(None)),
    "password": (str, type(None)),
}


@st.composite
def bitwarden_item(draw: Callable[[st.SearchStrategy[Any]], Any]) -> tuple[dict[str, Any], bool]:
    """One login item, and whether a field the check reads is of a type Bitwarden never writes."""
    item, damaged = draw(documented_object(BITWARDEN_ITEM, extra_keys=False))
    item["type"] = item.get("type", 1) if damaged else 1
    login, login_damaged = draw(documented_object(BITWARDEN_LOGIN, extra_keys=False))
    uri = draw(
        st.one_of(
            TEXT.map(lambda t: ("https://" + t.replace("/", ""), False)),
            ANY_JSON.map(lambda v: (v, not _fits(v, (str, type(None))))),
        )
    )
    login["uris"] = [{"match": None, "uri": uri[0]}]
    item["login"] = login
    return item, damaged or login_damaged or uri[1]


@st.composite
def bitwarden_export(draw: Callable[[st.SearchStrategy[Any]], Any]) -> tuple[dict[str, Any], int]:
    """An export and how many of its items are damaged."""
    drawn = draw(st.lists(bitwarden_item(), min_size=1, max_size=5))
    return {"encrypted": False, "folders": [], "items": [i for i, _ in drawn]}, sum(d for _, d in drawn)


# --- Telegram Desktop's JSON export (result.json): a message's fields the reader uses

TELEGRAM_MESSAGE: Mapping[str, tuple[type, ...]] = {
    "id": (int,),
    "from": (str, type(None)),
    "from_id": (str,),
    "text": (str, list),
    "media_type": (str,),
}


@st.composite
def telegram_chat(draw: Callable[[st.SearchStrategy[Any]], Any]) -> tuple[dict[str, Any], list[bool]]:
    """One chat, and for each message whether a field the reader uses is of a type Telegram never writes."""
    messages, damaged = [], []
    for number in range(draw(st.integers(1, 5))):
        message, bad = draw(documented_object(TELEGRAM_MESSAGE, extra_keys=False))
        message.update({"type": "message", "date_unixtime": str(1_700_000_000 + number * 60)})
        messages.append(message)
        damaged.append(bad)
    return {"name": "Alex", "type": "personal_chat", "id": 1, "messages": messages}, damaged


# --- Instagram "Download your information" login records (string_map_data, as Meta writes it)

META_ENTRY: Mapping[str, tuple[type, ...]] = {"href": (str,), "value": (str,), "timestamp": (int,)}


@st.composite
def instagram_logins(draw: Callable[[st.SearchStrategy[Any]], Any]) -> tuple[dict[str, Any], int]:
    """A login_activity.json with one to four records, and how many hold an entry of a type Meta never writes."""
    records, damaged = [], 0
    for number in range(draw(st.integers(1, 4))):
        entries: dict[str, Any] = {}
        bad = False
        for label, value in (
            ("IP Address", "203.0.113.5"),
            ("Time", ""),
            ("User Agent", "Mozilla/5.0 (X11)"),
        ):
            entry, wrong = draw(documented_object(META_ENTRY, extra_keys=False))
            entry.setdefault("value", value)
            if label == "Time" and "timestamp" not in entry:
                entry["timestamp"] = 1_704_103_200 + number
            entries[label] = entry
            bad |= wrong
        records.append({"title": "", "media_map_data": {}, "string_map_data": entries})
        damaged += bad
    return {"account_history_login_history": records}, damaged
