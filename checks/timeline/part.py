"""Reading one input: its events go to the person's store and judgement, the rest is counted aside.

This is the same work wherever the input is read (in this process or another, checks/timeline/
parallel.py), so that the record does not depend on where: each input's events carry sequence
numbers of their own (the input's place, then the order read), which order events of the same
time just as reading every input here, one after another, would.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import tzinfo

from checks.timeline.api import Gap, TimelineInput
from checks.timeline.identity import Matcher
from checks.timeline.judge.grouping import label_of
from checks.timeline.judge.pattern import Judgement
from checks.timeline.judge.select import role
from checks.timeline.reading import read_input
from checks.timeline.records import ContactEvent, EventKind
from checks.timeline.sources.base import Reading
from checks.timeline.store import EventStore, micros, role_number

SEQ_PER_INPUT = 1 << 32  # sequence numbers of one input's events; more events than this cannot be read
_CASEWORK = (EventKind.FINDING, EventKind.DIARY_ENTRY)


@dataclass
class Part:
    """What one input gave besides the person's events: the files read and their gaps, the dated
    findings and diary entries among its events, and who else appears (for grouping suggestions)."""

    readings: list[Reading] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    others: list[ContactEvent] = field(default_factory=list)
    near: Counter[tuple[str, str]] = field(default_factory=Counter)  # (name shown, identifier) of others
    labels: set[str] = field(default_factory=set)  # names the export shows with the person's own events


def read_part(
    item: TimelineInput,
    index: int,
    zone: tzinfo,
    person: Matcher,
    judgement: Judgement,
    kept: EventStore,
) -> Part:
    """Read input number `index`: the person's events into `kept` and `judgement`, the rest into a Part."""
    part = Part()
    seq = index * SEQ_PER_INPUT
    near, labels, others = part.near, part.labels, part.others
    for event in read_input(item, zone, part.readings, part.gaps):
        if event.kind in _CASEWORK:
            others.append(event)
            continue
        found = role(event, person)
        label = label_of(event) if event.fields else ""
        if found is None:
            if label:
                near[label, event.sender or event.thread] += 1
            continue
        if label:
            labels.add(label)
        key, number = micros(event.when), role_number(found)
        judgement.add(event, number, seq, key)
        kept.add(event, number, key, seq)
        seq += 1
    return part
