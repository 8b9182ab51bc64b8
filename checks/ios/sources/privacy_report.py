"""Reads an App Privacy Report: the .ndjson file an iPhone saves from Settings → Privacy & Security →
App Privacy Report → Save App Activity (iOS 15.2 and later; iOS 15 betas wrote an older shape).

One JSON object a line. The shapes read (as Apple's files and the public readers of them show):

- iOS 15.2 and later ("App_Privacy_Report_v4_<time>.ndjson"):
  ``{"type": "access", "category": "camera", "kind": "intervalBegin" | "intervalEnd",
  "accessor": {"identifier": "com.example.app", "identifierType": "bundleID" | "path"},
  "identifier": "<uuid of the use>", "timeStamp": "2024-10-12T10:27:08.726+02:00", ...}`` and
  ``{"type": "networkActivity", "bundleID": "com.example.app", "domain": "api.example.com",
  "hits": 8, "firstTimeStamp": ..., "timeStamp": ..., "initiatedType": "AppInitiated" |
  "NonAppInitiated", "context": "", ...}``.
- iOS 15 betas: ``{"stream": "com.apple.privacy.accounting.stream.tcc", "tccService":
  "kTCCServiceAddressBook", "accessor": {...}, "identifier": ..., "kind": "event", "timestamp": ...}``
  (and ``...stream.location``, ``...stream.replay-kit`` for screen recording), with network
  records as above.

Uses are gathered per app and kind of data (one use per distinct use id); contacts per app and
domain. A line that is not a JSON object of these shapes is counted as damaged, never skipped
silently; a well-formed record of another kind is counted as unknown.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from checks.ios.records import DomainContact, PrivacyReport, SensorUse
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

MAX_REPORT_BYTES = 1024**3
MAX_LINE_BYTES = 1024**2
_STREAM = "com.apple.privacy.accounting.stream."
_TCC_SERVICES = {
    "kTCCServiceAddressBook": "contacts",
    "kTCCServiceContactsFull": "contacts",
    "kTCCServiceContactsLimited": "contacts",
    "kTCCServicePhotos": "photos",
    "kTCCServicePhotosAdd": "photos",
    "kTCCServiceCamera": "camera",
    "kTCCServiceMicrophone": "microphone",
    "kTCCServiceMediaLibrary": "mediaLibrary",
    "kTCCServiceCalendar": "calendars",
    "kTCCServiceReminders": "reminders",
}
_STREAMS = {"location": "location", "replay-kit": "screenRecording"}


class _Damaged(Exception):
    """This line is not a record of a known shape."""


class _Unknown(Exception):
    """This line is a well-formed record of a kind not read here."""


@dataclass
class _Use:
    ids: set[str] = field(default_factory=set)
    plain: int = 0  # uses without an id
    first: datetime | None = None
    last: datetime | None = None


@dataclass
class _Contact:
    hits: int = 0
    first: datetime | None = None
    last: datetime | None = None


@dataclass
class _Gathered:
    uses: dict[tuple[str, str, bool], _Use] = field(default_factory=dict)
    contacts: dict[tuple[str, str, bool], _Contact] = field(default_factory=dict)
    lines: int = 0
    damaged: int = 0
    unknown: int = 0
    first: datetime | None = None
    last: datetime | None = None

    def seen(self, *times: datetime | None) -> None:
        for when in times:
            if when is None:
                continue
            self.first = when if self.first is None or when < self.first else self.first
            self.last = when if self.last is None or when > self.last else self.last


def read_privacy_report(path: Path) -> PrivacyReport:
    """The report at `path`; DamagedInput when it is not a readable file."""
    try:
        info = path.lstat()
    except OSError as error:
        raise DamagedInput(text("ios.privacy-unreadable", name=path.name), detail=str(error)) from None
    if not stat.S_ISREG(info.st_mode):
        raise DamagedInput(text("ios.privacy-not-a-file", name=path.name))
    if info.st_size > MAX_REPORT_BYTES:
        raise DamagedInput(text("ios.privacy-too-large", name=path.name, mb=info.st_size // 1024**2))
    try:
        with path.open("rb") as handle:
            # read in pieces of at most a line's limit, so a file with no line ends is not read whole
            return parse_privacy_report(iter(lambda: handle.readline(MAX_LINE_BYTES + 1), b""))
    except OSError as error:
        raise DamagedInput(text("ios.privacy-unreadable", name=path.name), detail=str(error)) from None


def parse_privacy_report(lines: Iterable[bytes]) -> PrivacyReport:
    """The report from its raw lines (bytes, as read from the file)."""
    gathered = _Gathered()
    for number, raw in enumerate(lines):
        line = raw.strip()
        if number == 0:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line:
            continue
        gathered.lines += 1
        try:
            _take(gathered, _decode(line))
        except _Damaged:
            gathered.damaged += 1
        except _Unknown:
            gathered.unknown += 1
    return PrivacyReport(
        uses=tuple(
            SensorUse(accessor, category, len(use.ids) + use.plain, use.first, use.last, is_path)
            for (accessor, category, is_path), use in sorted(gathered.uses.items())
        ),
        contacts=tuple(
            DomainContact(bundle, domain, contact.hits, contact.first, contact.last, by_website)
            for (bundle, domain, by_website), contact in sorted(gathered.contacts.items())
        ),
        lines=gathered.lines,
        damaged=gathered.damaged,
        unknown=gathered.unknown,
        first=gathered.first,
        last=gathered.last,
    )


def _decode(line: bytes) -> dict[str, Any]:
    if len(line) > MAX_LINE_BYTES:
        raise _Damaged
    try:
        record = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _Damaged from None
    if not isinstance(record, dict):
        raise _Damaged
    return record


def _take(gathered: _Gathered, record: dict[str, Any]) -> None:
    kind = record.get("type")
    if kind == "networkActivity":
        _take_contact(gathered, record)
    elif kind == "access" or (kind is None and isinstance(record.get("stream"), str)):
        _take_use(gathered, record)
    elif isinstance(kind, str) or "stream" in record:
        raise _Unknown
    else:
        raise _Damaged


def _take_use(gathered: _Gathered, record: dict[str, Any]) -> None:
    category = _category(record)
    accessor = record.get("accessor")
    if not isinstance(accessor, dict):
        raise _Damaged
    name = _text(accessor.get("identifier"))
    when = _time(record.get("timeStamp", record.get("timestamp")))
    key = (name, category, accessor.get("identifierType") == "path")
    use = gathered.uses.setdefault(key, _Use())
    use_id = record.get("identifier")
    if isinstance(use_id, str) and use_id:
        use.ids.add(use_id)
    elif record.get("kind") != "intervalEnd":
        use.plain += 1
    if when is not None:
        use.first = when if use.first is None or when < use.first else use.first
        use.last = when if use.last is None or when > use.last else use.last
    gathered.seen(when)


def _category(record: dict[str, Any]) -> str:
    category = record.get("category")
    if isinstance(category, str) and category:
        return category
    stream = record.get("stream")
    if not isinstance(stream, str) or not stream.startswith(_STREAM):
        raise _Damaged
    part = stream.removeprefix(_STREAM)
    if part == "tcc":
        service = _text(record.get("tccService"))
        return _TCC_SERVICES.get(service, service.removeprefix("kTCCService"))
    if part in _STREAMS:
        return _STREAMS[part]
    raise _Unknown


def _take_contact(gathered: _Gathered, record: dict[str, Any]) -> None:
    bundle = _text(record.get("bundleID"))
    domain = _text(record.get("domain")).lower().rstrip(".")
    hits = record.get("hits", 1)
    if isinstance(hits, bool) or not isinstance(hits, int) or hits < 0:
        raise _Damaged
    first = _time(record.get("firstTimeStamp"))
    last = _time(record.get("timeStamp", record.get("timestamp")))
    by_website = record.get("initiatedType") == "NonAppInitiated"
    contact = gathered.contacts.setdefault((bundle, domain, by_website), _Contact())
    contact.hits += hits
    for when in (first, last):
        if when is None:
            continue
        contact.first = when if contact.first is None or when < contact.first else contact.first
        contact.last = when if contact.last is None or when > contact.last else contact.last
    gathered.seen(first, last)


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Damaged
    return value.strip()


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else None
