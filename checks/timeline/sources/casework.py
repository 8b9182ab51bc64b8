"""The person's own record: diary entries, the evidence log, and the dated findings of other checks.

Diary entries and evidence-log items come from the case (cybercheck/casework/diary.py, evidence_log.py);
findings come from a saved cybercheck JSON report ("results[].findings[].evidence[].when"): a new
sign-in, a forwarding rule created, an app installed, a tracker seen, each at the time its evidence
gives. These are kept on the timeline as they are; they are never counted as contact from anyone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, time, timezone, tzinfo
from typing import Any

from checks.timeline.records import Channel, ContactEvent, Direction, EventKind, SourceRef
from checks.timeline.sources.base import Reading
from cybercheck.casework.diary import DiaryEntry
from cybercheck.pipeline.model import LoggedEvidence

_CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})\s*([ap]\.?m\.?)?", re.IGNORECASE)
MAX_REPORT = 256 * 1024**2


def _clock(value: str) -> time | None:
    found = _CLOCK.search(value)
    if found is None:
        return None
    hour, minute = int(found.group(1)), int(found.group(2))
    suffix = (found.group(3) or "").replace(".", "").lower()
    if suffix == "pm" and hour < 12:
        hour += 12
    elif suffix == "am" and hour == 12:
        hour = 0
    return time(hour, minute) if hour < 24 and minute < 60 else None


def diary_events(entries: Iterable[DiaryEntry], reading: Reading, *, local: tzinfo) -> Iterator[ContactEvent]:
    """One event per diary entry, at its date and (when given as a clock time) its time."""
    for number, entry in enumerate(entries, start=1):
        locator = f"diary entry {number}"
        try:
            day = datetime.strptime(entry.date.strip()[:10], "%Y-%m-%d").date()
        except ValueError:
            reading.gap(locator, "timeline.date-impossible")
            continue
        clock = _clock(entry.time)
        fields = {"time_given": entry.time} if entry.time else {}
        if clock is None:
            fields["time_known"] = "no"
        for key in ("place", "links", "evidence", "witnesses", "reported", "written"):
            if value := getattr(entry, key):
                fields[key] = value
        reading.events += 1
        yield ContactEvent(
            when=datetime.combine(day, clock or time(0, 0), tzinfo=local),
            channel=Channel.DIARY,
            direction=Direction.UNKNOWN,
            kind=EventKind.DIARY_ENTRY,
            sender="",
            recipients=(),
            content=entry.what,
            attachments=(),
            source=SourceRef(reading.name, locator, reading.sha256),
            fields=fields,
        )


def evidence_events(items: Iterable[LoggedEvidence], reading: Reading) -> Iterator[ContactEvent]:
    """One event per evidence-log item, at the time it was added to the case."""
    for number, item in enumerate(items, start=1):
        reading.events += 1
        yield ContactEvent(
            when=item.added if item.added.tzinfo else item.added.replace(tzinfo=timezone.utc),
            channel=Channel.EVIDENCE_LOG,
            direction=Direction.UNKNOWN,
            kind=EventKind.DIARY_ENTRY,
            sender="",
            recipients=(),
            content=item.note,
            attachments=(item.name,),
            source=SourceRef(reading.name, f"evidence log item {number}", reading.sha256),
            fields={"sha256": item.sha256, "size": str(item.size), "kept": "yes" if item.kept else "no"},
        )


def report_events(reading: Reading) -> Iterator[ContactEvent]:
    """One event per dated finding in a saved cybercheck JSON report, at its earliest evidence time."""
    try:
        with reading.path.open("rb") as handle:
            data = json.loads(handle.read(MAX_REPORT))
    except (OSError, ValueError, RecursionError) as error:
        reading.gap("", "timeline.report-unreadable", detail=str(error)[:200])
        return
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        reading.gap("", "timeline.report-unreadable", detail="no results list")
        return
    for r_index, result in enumerate(results):
        for f_index, finding in enumerate((result or {}).get("findings") or []):
            yield from _finding(result, finding, r_index, f_index, reading)


def _finding(
    result: dict[str, Any], finding: dict[str, Any], r_index: int, f_index: int, reading: Reading
) -> Iterator[ContactEvent]:
    times = []
    for e_index, evidence in enumerate(finding.get("evidence") or []):
        when = (evidence or {}).get("when")
        try:
            moment = datetime.fromisoformat(str(when)) if when else None
        except ValueError:
            moment = None
        if moment is not None:
            times.append((moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc), e_index))
    if not times:
        return  # an undated finding has no place on a timeline
    when, e_index = min(times)
    reading.events += 1
    yield ContactEvent(
        when=when,
        channel=Channel.FINDING,
        direction=Direction.UNKNOWN,
        kind=EventKind.FINDING,
        sender="",
        recipients=(),
        content=str(finding.get("subject", "")),
        attachments=(),
        source=SourceRef(
            reading.name, f"/results/{r_index}/findings/{f_index}/evidence/{e_index}", reading.sha256
        ),
        thread=str(result.get("check", "")),
        fields={
            "code": str(finding.get("code", "")),
            "severity": str(finding.get("severity", "")),
            "title": str(finding.get("title", "")),
        },
    )
