"""build_timeline's work: read every input, keep the person's events, judge them; and the survey of
who appears in the exports. Nothing a source meets stops the run: a file that cannot be read becomes
a Gap, and what was read before the damage is kept."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import Any

from checks.timeline.api import Gap, Note, SeenContact, SourceFile, TimelineInput, TimelineResult
from checks.timeline.identity import Matcher
from checks.timeline.judge.findings import judge_findings
from checks.timeline.judge.grouping import suggest
from checks.timeline.judge.pattern import Judgement, Marks
from checks.timeline.part import Part, read_part
from checks.timeline.reading import read_input
from checks.timeline.records import Contact, ContactEvent, Direction
from checks.timeline.sources.base import Reading
from checks.timeline.store import EventStore, StoredEvents
from cybercheck.collector import held_off


def build(
    inputs: Iterable[TimelineInput],
    about: Contact,
    asked_to_stop: datetime | None,
    blocked: datetime | None,
    *,
    local: tzinfo | None,
    night: tuple[int, int],
    case_events: Iterable[ContactEvent] = (),
) -> TimelineResult:
    """See checks.timeline.api.build_timeline."""
    from checks.timeline.parallel import elsewhere
    from checks.timeline.sources.clock import local_zone

    zone = local or local_zone()
    person = Matcher(about.identifiers)
    items = list(inputs)
    parts: dict[int, Part] = {}
    kept = EventStore()
    marks = Marks(asked_to_stop, blocked)
    judgement = Judgement(marks, local=zone, night=night)
    try:
        with held_off(), elsewhere(items, kept, about.identifiers, marks, zone, night) as away:
            for index, item in enumerate(items):
                if index not in away.indexes:
                    parts[index] = read_part(item, index, zone, person, judgement, kept)
            for indexes, came in away.results():
                if came is None:
                    for index in indexes:
                        parts[index] = read_part(items[index], index, zone, person, judgement, kept)
                    continue
                their_parts, their_judgement, their_runs = came
                parts.update(their_parts)
                judgement.merge(their_judgement)
                kept.adopt(their_runs)
            pattern = judgement.finish(kept)
    except BaseException:
        kept.close()  # the temporary table goes even when reading fails or is interrupted
        raise
    findings = tuple(judge_findings(pattern, about, local=zone))
    readings: list[Reading] = []
    gaps: list[Gap] = []
    others: list[ContactEvent] = list(case_events)
    near: Counter[tuple[str, str]] = Counter()
    labels: set[str] = set()
    for index in range(len(items)):  # in the order given, as if every input were read here in turn
        part = parts[index]
        readings.extend(part.readings)
        gaps.extend(part.gaps)
        others.extend(part.others)
        near.update(part.near)
        labels |= part.labels
    notes: list[Note] = []
    for reading in readings:
        reading.finish()
        gaps.extend(reading.gaps)
        notes.extend(reading.notes)
    others.sort(key=lambda e: e.when)
    return TimelineResult(
        about=about,
        events=StoredEvents(kept),
        stats=pattern.stats,
        escalation=pattern.escalation,
        threats=pattern.threats,
        findings=findings,
        sources=tuple(SourceFile(r.name, r.sha256, r.size, r.kind, r.events) for r in readings),
        gaps=tuple(gaps),
        notes=tuple(notes),
        suggestions=suggest(about, near, labels),
        other_findings=tuple(others),
        mentions=pattern.mentions,
    )


def survey(
    inputs: Iterable[TimelineInput], *, local: tzinfo | None, limit: int
) -> tuple[tuple[SeenContact, ...], tuple[Gap, ...]]:
    """See checks.timeline.api.list_contacts."""
    from checks.timeline.sources.clock import local_zone

    zone = local or local_zone()
    readings: list[Reading] = []
    gaps: list[Gap] = []
    seen: dict[str, list[Any]] = {}  # identifier -> [names, count, channels, first, last]
    for item in inputs:
        for event in read_input(item, zone, readings, gaps):
            if not event.sender or event.direction is Direction.OUTGOING:
                continue
            entry = seen.setdefault(event.sender, [{}, 0, {}, event.when, event.when])
            name = event.fields.get("contact_name") or event.fields.get("from_name") or ""
            if name:
                entry[0][name] = None
            entry[1] += 1
            entry[2][event.channel] = None
            entry[3], entry[4] = min(entry[3], event.when), max(entry[4], event.when)
    for reading in readings:
        reading.finish()
        gaps.extend(reading.gaps)
    ranked = sorted(seen.items(), key=lambda item: -item[1][1])[:limit]
    return (
        tuple(SeenContact(i, tuple(e[0]), e[1], tuple(e[2]), e[3], e[4]) for i, e in ranked),
        tuple(gaps),
    )
