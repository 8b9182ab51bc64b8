"""Direct messages from the platforms' own downloads: Facebook and Instagram ("Download your
information", JSON) and X ("Download an archive of your data").

Facebook   .../messages/{inbox,archived_threads,filtered_threads,message_requests,e2ee_cutover}/
           <thread>/message_N.json
Instagram  .../messages/{inbox,message_requests}/<thread>/message_N.json
           both: {"participants": [{"name"}], "title", "messages": [{"sender_name", "timestamp_ms", "content",
           "photos"/"videos"/"audio_files"/"files": [{"uri"}], "call_duration", "is_unsent"}]}; text is
           UTF-8 written as Latin-1 escapes (Meta's known quirk), repaired as the sessions readers do.
X          data/direct-messages.js, data/direct-messages-group.js:
           window.YTD.direct_messages.part0 = [{"dmConversation": {"conversationId", "messages":
           [{"messageCreate": {"senderId", "recipientId", "text", "createdAt", "mediaUrls"}}]}}]
The export is opened like the sessions checks open it (cybercheck/archive.py: a zip or a folder,
read in place). Events point at the member and the message's place in it ("..., message 12").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any

from checks.sessions.sources.json_stream import strip_js_prefix
from checks.sessions.sources.meta import meta_text
from checks.timeline.records import Channel, ContactEvent, Direction, EventKind, SourceRef
from checks.timeline.sources.base import Reading
from cybercheck.archive import Export

_META_THREAD = re.compile(
    r"(^|/)messages/(inbox|archived_threads|filtered_threads|message_requests|e2ee_cutover)/[^/]+/message_\d+\.json$"
)
_X_DMS = re.compile(r"(^|/)data/direct-messages(-group)?(-part\d+)?\.js$")
MAX_TEXT = 64 * 1024


def social_members(export: Export, kind: str) -> list[str]:
    """The message files of one platform in an open export."""
    pattern = _X_DMS if kind == "x" else _META_THREAD
    return sorted(n for n in export.names() if pattern.search(n))


def read_social(
    export: Export, member: str, kind: str, reading: Reading, *, is_owner: Callable[[str], bool] | None = None
) -> Iterator[ContactEvent]:
    """Every message in one message file of the export, in file order."""
    import ijson

    with export.open(member) as raw:
        try:
            if kind == "x":
                stream = strip_js_prefix(raw, member)
                for number, item in enumerate(ijson.items(stream, "item", use_float=True), start=1):
                    yield from _x_conversation(item, member, number, reading, is_owner)
            else:
                thread = member.rsplit("/", 2)[-2]
                people = _participants(export, member)
                for number, item in enumerate(ijson.items(raw, "messages.item", use_float=True), start=1):
                    event = _meta(item, member, number, kind, thread, people, reading, is_owner)
                    if event is not None:
                        yield event
        except ijson.JSONError as error:
            reading.gap(member, "timeline.json-damaged", detail=str(error)[:200])


def _participants(export: Export, member: str) -> tuple[str, ...]:
    """The thread's participants (listed before the messages), so a reply can name whom it went to."""
    import ijson

    with export.open(member) as raw:
        try:
            return tuple(
                meta_text(p.get("name", ""))
                for p in ijson.items(raw, "participants.item")
                if isinstance(p, dict)
            )
        except ijson.JSONError:
            return ()


def _direction(sender: str, is_owner: Callable[[str], bool] | None) -> Direction:
    if is_owner is None:
        return Direction.UNKNOWN
    return Direction.OUTGOING if is_owner(sender) else Direction.INCOMING


def _meta(
    item: Any,
    member: str,
    number: int,
    kind: str,
    thread: str,
    people: tuple[str, ...],
    reading: Reading,
    is_owner: Callable[[str], bool] | None,
) -> ContactEvent | None:
    locator = f"{member}, message {number}"
    if not isinstance(item, dict):
        return None
    try:
        when = datetime.fromtimestamp(int(item["timestamp_ms"]) / 1000, tz=timezone.utc)
    except (KeyError, TypeError, ValueError, OverflowError, OSError):
        reading.gap(locator, "timeline.date-impossible")
        return None
    sender = meta_text(item.get("sender_name", ""))
    files = tuple(
        str(f.get("uri", ""))
        for key in ("photos", "videos", "audio_files", "files", "gifs")
        for f in item.get(key) or []
        if isinstance(f, dict)
    )
    fields: dict[str, str] = {}
    kind_of = EventKind.MESSAGE
    if "call_duration" in item:
        duration = int(item.get("call_duration") or 0)
        kind_of = EventKind.CALL if duration else EventKind.MISSED_CALL
        fields.update({"call": "answered" if duration else "missed", "duration_s": str(duration)})
    if item.get("is_unsent"):
        fields["unsent"] = "yes"
    reading.events += 1
    return ContactEvent(
        when=when,
        channel=Channel.FACEBOOK if kind == "facebook" else Channel.INSTAGRAM,
        direction=_direction(sender, is_owner),
        kind=kind_of,
        sender=sender,
        recipients=tuple(p for p in people if p and p != sender),
        content=meta_text(item.get("content", ""))[:MAX_TEXT],
        attachments=files,
        source=SourceRef(reading.name, locator, reading.sha256),
        thread=thread,
        fields=fields,
    )


def _x_conversation(
    item: Any, member: str, number: int, reading: Reading, is_owner: Callable[[str], bool] | None
) -> Iterator[ContactEvent]:
    conversation = item.get("dmConversation") if isinstance(item, dict) else None
    if not isinstance(conversation, dict):
        return
    thread = str(conversation.get("conversationId", ""))
    for index, message in enumerate(conversation.get("messages") or [], start=1):
        create = message.get("messageCreate") if isinstance(message, dict) else None
        if not isinstance(create, dict):
            continue
        locator = f"{member}, conversation {number}, message {index}"
        try:
            when = datetime.fromisoformat(str(create["createdAt"]).replace("Z", "+00:00"))
        except (KeyError, ValueError):
            reading.gap(locator, "timeline.date-impossible")
            continue
        sender = str(create.get("senderId", ""))
        recipient = str(create.get("recipientId", ""))
        reading.events += 1
        yield ContactEvent(
            when=when,
            channel=Channel.X,
            direction=_direction(sender, is_owner),
            kind=EventKind.MESSAGE,
            sender=sender,
            recipients=(recipient,) if recipient else (),
            content=str(create.get("text", ""))[:MAX_TEXT],
            attachments=tuple(str(u) for u in create.get("mediaUrls") or []),
            source=SourceRef(reading.name, locator, reading.sha256),
            thread=thread,
        )
