"""Shared by the Facebook and Instagram readers: Meta's record shapes, read by value, not by label.

Meta localises the labels of its exports ("Time", "Zeit", "시간"), so values are recognised by
their shape: an IP address, a user agent, a time stamp.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from checks.sessions.sources.json_stream import json_records
from checks.sessions.sources.notes import Notes
from checks.sessions.sources.times import parse_time
from cybercheck.archive import Export
from cybercheck.errors import DamagedInput

_AGENT = re.compile(r"(Mozilla/|AppleWebKit|Dalvik/|Instagram \d|FBAN|FBAV|Barcelona \d|\(.*;.*\))")


@dataclass(frozen=True, slots=True)
class Shaped:
    """The values of one record, recognised by shape."""

    when: datetime | None
    ip: str
    agent: str
    texts: tuple[str, ...]  # every other text value, mended


def meta_text(value: object) -> str:
    """Text from a Meta export, mended: they write UTF-8 bytes as if each were a Latin-1 character."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    if value.isascii():
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def is_ip(text: str) -> bool:
    """Whether `text` is an IPv4 or IPv6 address (a port or zone after it is allowed)."""
    text = text.strip().strip("[]")
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
        return True
    except ValueError:
        pass
    head = text.rsplit(":", 1)[0] if text.count(":") == 1 else text
    try:
        ipaddress.ip_address(head)
        return True
    except ValueError:
        return False


def _values(record: Any) -> Iterator[tuple[str, Any]]:
    """(label, value) pairs of a Meta record, in any of its generations."""
    if not isinstance(record, Mapping):
        return
    for label, value in record.items():
        if label == "string_map_data" and isinstance(value, Mapping):
            for inner_label, inner in value.items():
                if isinstance(inner, Mapping):
                    yield inner_label, inner.get("value")
                    if inner.get("timestamp"):
                        yield inner_label, inner["timestamp"]
        elif label == "label_values" and isinstance(value, list):
            for item in value:
                if isinstance(item, Mapping):
                    yield str(item.get("label", "")), item.get("value", item.get("timestamp_value"))
                    if item.get("timestamp_value"):
                        yield str(item.get("label", "")), item["timestamp_value"]
        elif isinstance(value, Mapping):
            yield from _values(value)
        else:
            yield label, value


def mistyped(record: Any) -> bool:
    """Whether a record's labelled values are of a type Meta never writes: in `string_map_data`, each an
    object whose `value` and `href` are text and whose `timestamp` is a number; in `label_values`, each an
    object whose `label` and `value` are text and whose `timestamp_value` is a number."""
    if not isinstance(record, Mapping):
        return True
    entries = record.get("string_map_data", {})
    items = record.get("label_values", [])
    if not isinstance(entries, Mapping) or not isinstance(items, list):
        return True
    return not (
        all(_typed(e, ("value", "href"), "timestamp") for e in entries.values())
        and all(_typed(i, ("label", "value"), "timestamp_value") for i in items)
    )


def _typed(entry: Any, texts: tuple[str, ...], number: str) -> bool:
    if not isinstance(entry, Mapping):
        return False
    if any(not isinstance(entry.get(key, ""), str) for key in texts):
        return False
    stamp = entry.get(number, 0)
    return isinstance(stamp, int) and not isinstance(stamp, bool)  # Meta writes whole seconds


def shaped(record: Any) -> Shaped:
    """Time, address and user agent of a record, whatever its labels say."""
    when = None
    ip = agent = ""
    texts: list[str] = []
    for label, value in _values(record):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if when is None and 946_684_800 <= value < 10**13:  # after 2000, in seconds or milliseconds
                when = parse_time(value)
            continue
        if not isinstance(value, str) or not value.strip():
            continue
        text = meta_text(value).strip()
        if not ip and is_ip(text):
            ip = text
        elif not agent and _AGENT.search(text) and len(text) > 12:
            agent = text
        elif when is None and label == "title" and parse_time(text):
            when = parse_time(text)
        else:
            texts.append(text)
    return Shaped(when=when, ip=_bare_ip(ip), agent=agent, texts=tuple(texts))


def _bare_ip(text: str) -> str:
    text = text.strip().strip("[]")
    if text.count(":") == 1 and "." in text:
        return text.split(":", 1)[0]
    return text


def records(export: Export, name: str, notes: Notes) -> Iterator[tuple[str, Any]]:
    """The records of one JSON member, streamed; a damaged file becomes a gap, not a failure."""
    try:
        with export.open(name) as stream:
            yield from json_records(stream, name)
    except DamagedInput as error:
        notes.gaps.append(error.plain)
