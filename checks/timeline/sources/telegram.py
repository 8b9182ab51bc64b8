"""Telegram Desktop "Export chat history" / "Export Telegram data" in JSON (result.json).

One chat:   {"name", "type", "id", "messages": [...]}
Full data:  {"chats": {"list": [{"name", "type", "id", "messages": [...]}, ...]}}
A message:  {"id", "type": "message"|"service", "date" (local), "date_unixtime" (UTC), "from",
             "from_id", "text" (a string or a list of strings and {"type","text"} pieces),
             "media_type", "file", "photo", "action" ("phone_call" with "discard_reason", "duration_seconds")}
Read item by item with ijson, so a chat of any length is read in flat memory. JSON has no lines
that matter to a person, so each event points at its chat and message id ("chat 'Alex', message 123").
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from checks.common.json_escapes import LoneEscapes, has_control_bytes
from checks.timeline.records import Channel, ContactEvent, Direction, EventKind, SourceRef
from checks.timeline.sources.base import Reading

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

MAX_TEXT = 64 * 1024
MAX_NESTING = (
    64  # levels: a Telegram export nests six or so; deeper is damage, stopped before it costs memory
)
_MISSED = {"missed", "busy"}


def read_telegram(
    path: Path, reading: Reading, *, local: tzinfo, is_owner: Callable[[str], bool] | None = None
) -> Iterator[ContactEvent]:
    """Every message and call in a Telegram Desktop JSON export, in file order."""
    import ijson

    with path.open("rb") as raw:
        handle = _Watched(raw)
        try:
            for chat, message, repeated in _messages(
                ijson.basic_parse(io.BufferedReader(handle), use_float=True)
            ):
                if repeated:  # two messages run together by damage, or a key twice
                    reading.gap(_locator(message, chat), "timeline.telegram-message-damaged")
                    continue
                made = _event(message, chat, reading, local, is_owner)
                if made is not None:
                    yield made
        except (ijson.JSONError, UnicodeDecodeError) as error:  # a lone low surrogate escape: the latter
            reading.gap("", "timeline.json-damaged", detail=str(error)[:200])
        if handle.lone:
            reading.gap("", "timeline.telegram-not-unicode")
        if handle.control:
            reading.gap("", "timeline.json-damaged", detail="a control character JSON does not allow")


def _messages(events: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any, bool]]:
    """(chat name, message, whether an object in it had a key twice) for each message, from ijson's basic
    events. The path is kept here, not by ijson (whose prefixes grow with the square of the depth), and
    nesting past MAX_NESTING ends the read as damage."""
    import ijson
    import ijson.common

    chat = ""
    stack: list[list[Any]] = []  # per open container outside a message: [is_map, current key, keys seen]
    builder: ijson.common.ObjectBuilder | None = None
    keys: list[set[str]] = []  # per open object of the message being built, the keys it has had
    repeated = False
    for event, value in events:
        if builder is not None:
            builder.event(event, value)
            if event == "start_map":
                keys.append(set())
            elif event == "end_map":
                keys.pop()
            elif event == "map_key":
                repeated |= value in keys[-1]
                keys[-1].add(value)
            elif event == "start_array":
                keys.append(set())
            elif event == "end_array":
                keys.pop()
            if len(keys) + len(stack) > MAX_NESTING:
                raise ijson.JSONError("nested too deeply")
            if not keys:
                yield chat, builder.value, repeated
                builder, repeated = None, False
            continue
        if event == "map_key":
            if value in stack[-1][2]:  # a key twice outside a message: the export's structure is damaged
                raise ijson.JSONError("repeated key")
            stack[-1][1] = value
            stack[-1][2].add(value)
            continue
        if event in ("end_map", "end_array"):
            stack.pop()
            continue
        where = (
            ".".join(str(key) if is_map else "item" for is_map, key, _ in stack) if len(stack) < 6 else "…"
        )
        if event == "string" and where in ("name", "chats.list.item.name"):
            chat = str(value)
        elif event == "start_map" and where in ("chats.list.item", ""):
            chat = ""
        if event == "start_map" and where.endswith("messages.item"):
            builder = ijson.common.ObjectBuilder()
            builder.event(event, value)
            keys = [set()]
        elif event in ("start_map", "start_array"):
            stack.append([event == "start_map", None, set()])
            if len(stack) > MAX_NESTING:
                raise ijson.JSONError("nested too deeply")


def _locator(message: Any, chat: str) -> str:
    ident = str(message.get("id", "?")) if isinstance(message, dict) else "?"
    return f"chat '{chat}', message {ident}" if chat else f"message {ident}"


class _Watched(io.RawIOBase):
    """The export's bytes, noting whether they hold a lone surrogate escape (checks.common.json_escapes)."""

    def __init__(self, inner: IO[bytes]) -> None:
        self._inner = inner
        self._escapes = LoneEscapes()
        self.lone = False
        self.control = False  # a control byte JSON never allows, which ijson reads as space

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        view = memoryview(buffer)
        chunk = self._inner.read(len(view))
        if not self.lone:
            self.lone = self._escapes.feed(chunk)
        self.control = self.control or has_control_bytes(chunk)
        view[: len(chunk)] = chunk
        return len(chunk)


def _odd(message: dict[str, Any]) -> bool:
    """Whether a detail the reader uses is in a form Telegram Desktop never writes (the text a string or a
    list of strings and {"type", "text"} pieces; the sender, its id and the time strings; the id a number)."""
    text = message.get("text", "")
    if not isinstance(text, (str, list)):
        return True
    pieces = text if isinstance(text, list) else [text]
    if not all(
        isinstance(p, str) or (isinstance(p, dict) and isinstance(p.get("text", ""), str)) for p in pieces
    ):
        return True
    if not isinstance(message.get("id", 0), int) or isinstance(message.get("id"), bool):
        return True
    if any(not isinstance(message.get(key), (str, type(None))) for key in ("from", "actor")):  # null: deleted
        return True
    texts = ("from_id", "actor_id", "date", "date_unixtime", "file", "photo", "media_type")
    return any(not isinstance(message.get(key, ""), str) for key in texts)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            p if isinstance(p, str) else str(p.get("text", "")) for p in value if isinstance(p, (str, dict))
        )
    return ""


def _when(message: dict[str, Any], local: tzinfo) -> datetime | None:
    try:
        if "date_unixtime" in message:
            return datetime.fromtimestamp(int(message["date_unixtime"]), tz=timezone.utc)
        return datetime.fromisoformat(str(message["date"])).replace(tzinfo=local)
    except (
        KeyError,
        ValueError,
        TypeError,
        OverflowError,
        OSError,
    ):  # TypeError: a list or map where a time is
        return None


def _event(
    message: Any, chat: str, reading: Reading, local: tzinfo, is_owner: Callable[[str], bool] | None
) -> ContactEvent | None:
    if not isinstance(message, dict):
        return None
    locator = _locator(message, chat)
    if _odd(message):
        reading.gap(locator, "timeline.telegram-message-odd")
    when = _when(message, local)
    if when is None:
        reading.gap(locator, "timeline.date-impossible")
        return None
    kind = EventKind.MESSAGE
    fields: dict[str, str] = {}
    if message.get("type") == "service":
        if message.get("action") != "phone_call":
            return None  # joins, pins and title changes are not contacts
        reason = str(message.get("discard_reason", ""))
        kind = EventKind.MISSED_CALL if reason in _MISSED else EventKind.CALL
        fields["call"] = "missed" if reason in _MISSED else reason or "answered"
        if "duration_seconds" in message:
            fields["duration_s"] = str(message["duration_seconds"])
        sender, sender_id = str(message.get("actor", "")), str(message.get("actor_id", ""))
    else:
        sender, sender_id = str(message.get("from") or ""), str(message.get("from_id", ""))
    if sender_id:
        fields["from_id"] = sender_id
    attachments = tuple(
        str(message[k]) for k in ("file", "photo") if isinstance(message.get(k), str) and message.get(k)
    )
    if "media_type" in message:
        fields["media"] = str(message["media_type"])
    direction = Direction.UNKNOWN
    if is_owner is not None:
        direction = Direction.OUTGOING if is_owner(sender) or is_owner(sender_id) else Direction.INCOMING
    reading.events += 1
    return ContactEvent(
        when=when,
        channel=Channel.TELEGRAM,
        direction=direction,
        kind=kind,
        sender=sender,
        recipients=(),
        content=_text(message.get("text", ""))[:MAX_TEXT],
        attachments=attachments,
        source=SourceRef(reading.name, locator, reading.sha256),
        thread=chat,
        fields=fields,
    )
