"""What the output half calls: inputs in, one person's timeline and its judgement out.

`build_timeline(inputs, about, asked_to_stop=..., blocked=...)` reads every input (each by its
source in checks/timeline/sources/), keeps the events that involve the person, sorts them, and
judges them (checks/timeline/judge/). Nothing here prints or holds a sentence: gaps and
escalation points carry a words key (area "timeline") and its fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path

from checks.timeline.records import Channel, Contact, ContactEvent, SourceRef
from cybercheck.pipeline.model import Finding

# The kinds a person gives as `--input KIND=PATH` to `cybercheck scan` and `cybercheck timeline`.
EXPORT_INPUTS = (
    "whatsapp",
    "sms-backup",
    "iphone",
    "telegram",
    "mail",
    "facebook",
    "instagram",
    "x",
    "report",
)
# Every kind build_timeline understands (the report side validates --input kinds against it).
INPUT_KINDS = (*EXPORT_INPUTS, "signal")


@dataclass(frozen=True, slots=True)
class TimelineInput:
    """One export to read, and what the person told us about it."""

    kind: str  # one of EXPORT_INPUTS; "signal" gives a gap that says Signal has no export
    path: Path
    password: str | None = None  # encrypted iPhone backups only; never stored or logged
    owner: tuple[str, ...] = ()  # the user's own names/numbers/addresses in this export (tells direction)
    date_order: str | None = (
        None  # WhatsApp only: "dmy" or "mdy" when the user knows it; else decided from the file
    )


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file read, for the integrity manifest."""

    path: str
    sha256: str
    size: int
    kind: str
    events: int  # events read from it (all, before keeping those about the person)


@dataclass(frozen=True, slots=True)
class Gap:
    """Something that could not be read; the result is partial. `key` is a words key (timeline.*)."""

    file: str
    locator: str  # "line 1234", "" for the whole file
    key: str
    fields: Mapping[str, str] = field(default_factory=dict)
    detail: str = ""  # technical detail for the appendix / --verbose


@dataclass(frozen=True, slots=True)
class Note:
    """Something the reader should know about how a file was read (e.g. the date order chosen)."""

    file: str
    key: str
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PersonStats:
    """Counts for the person across every channel."""

    total: int  # events from or to the person
    incoming: int  # from the person
    outgoing: int  # from the user to the person
    first: datetime | None
    last: datetime | None
    days: int  # days from first to last, inclusive
    active_days: int  # days with any contact from the person
    per_day: Mapping[date, int]  # incoming per local day
    per_week: Mapping[
        date, int
    ]  # incoming per week, keyed by the Monday (every week first..last, zeros kept)
    by_channel: Mapping[Channel, int]  # incoming per channel
    identifiers: tuple[str, ...]  # the person's numbers/addresses/handles actually seen
    night: int  # incoming between night_start and night_end local time
    after_stop: int  # incoming after the asked-to-stop date (0 when none marked)
    after_block: int  # incoming after the blocked date (0 when none marked)
    max_in_hour: int  # most attempts from the person in any 60 minutes without a reply from the user


@dataclass(frozen=True, slots=True)
class EscalationPoint:
    """A dated change in the pattern. `key` is a words key; `refs` point at the events behind it."""

    when: datetime
    key: str  # e.g. "timeline.escalation.rising", ".new-channel", ".new-identifier", ".third-party", ".burst"
    fields: Mapping[str, str]
    refs: tuple[SourceRef, ...]


@dataclass(frozen=True, slots=True)
class ThreatMatch:
    """A message that MAY contain a threat: which list entry matched. Never a statement that it is one."""

    event: ContactEvent
    phrase_id: str  # the id of the entry in data/threat-phrases.yaml
    language: str


@dataclass(frozen=True, slots=True)
class TimelineResult:
    """One person's timeline: the sorted events, the counts, the changes, the messages to read."""

    about: Contact
    # Involving the person, sorted by time (then source order). A long record keeps them in a
    # temporary table (checks/timeline/store.py) and reads them afresh on each pass: close() removes it.
    events: Sequence[ContactEvent]
    stats: PersonStats
    escalation: tuple[EscalationPoint, ...]
    threats: tuple[ThreatMatch, ...]
    findings: tuple[Finding, ...]  # the judgement as findings (codes timeline.*), for reports and `scan`
    sources: tuple[SourceFile, ...]
    gaps: tuple[Gap, ...]
    notes: tuple[Note, ...]
    suggestions: tuple[Contact, ...]  # other identifiers that may be the same person (the user decides)
    other_findings: tuple[
        ContactEvent, ...
    ] = ()  # diary, evidence log and dated findings of other checks, sorted
    mentions: tuple[ThreatMatch, ...] = ()  # messages naming third parties or places (phrase list "mentions")

    @property
    def complete(self) -> bool:
        """True when every input was read in full."""
        return not self.gaps

    def close(self) -> None:
        """Remove the temporary copy of the events, if the record was long enough to need one."""
        closing = getattr(self.events, "close", None)
        if closing is not None:
            closing()

    def __enter__(self) -> TimelineResult:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_timeline(
    inputs: Iterable[TimelineInput],
    about: Contact,
    asked_to_stop: datetime | None = None,
    blocked: datetime | None = None,
    *,
    local: tzinfo | None = None,  # the user's time zone for days and night-time; None = this machine's
    night: tuple[int, int] = (22, 6),  # local hours [start, end) counted as night-time
    case_events: Iterable[ContactEvent] = (),
) -> TimelineResult:
    """Read every input, keep the events involving `about`, and judge them.

    Never raises on bad input: a file that cannot be read becomes a Gap and the result is partial.
    `case_events` are diary and evidence-log events (sources/casework.py) to show alongside; they
    are never counted as contact. Files are streamed and judged as they are read; the person's
    events are kept in time order in memory up to checks.timeline.store.MEMORY_LIMIT and in a
    temporary table in a private folder past that (memory stays flat however long the exports),
    other people's are not kept. Close the result (or use it in a `with`) to remove that table;
    it is also removed when the result is collected and at exit.
    """
    from checks.timeline.build import build

    return build(inputs, about, asked_to_stop, blocked, local=local, night=night, case_events=case_events)


@dataclass(frozen=True, slots=True)
class SeenContact:
    """Someone who appears in the exports: an identifier, the names it was shown with, how often."""

    identifier: str  # as the exports write it (a number, an address, a chat name, a handle)
    names: tuple[str, ...]  # display or contact names seen with it
    count: int  # events sent by it
    channels: tuple[Channel, ...]
    first: datetime
    last: datetime


def list_contacts(
    inputs: Iterable[TimelineInput], *, local: tzinfo | None = None, limit: int = 200
) -> tuple[tuple[SeenContact, ...], tuple[Gap, ...]]:
    """Everyone who sent something in the exports, most frequent first, so the person can pick who
    it is about (and see which numbers and addresses may be the same person). Streams every input."""
    from checks.timeline.build import survey

    return survey(inputs, local=local, limit=limit)


def contact(name: str, identifiers: Iterable[str]) -> Contact:
    """A Contact from what the user typed ("+44 7700 900123", "Ex@Example.com", "Alex"), normalised."""
    from checks.timeline.identity import normalise

    seen: dict[str, None] = {}
    for raw in identifiers:
        if value := normalise(raw):
            seen[value] = None
    return Contact(name=name, identifiers=tuple(seen))


def recheck_dkim(
    result: TimelineResult, *, now: datetime | None = None
) -> dict[SourceRef, Mapping[str, str]]:
    """Re-check the DKIM signature of every mail on the timeline, fetching keys from DNS now.

    Only for when the person asked and the machine is online (the caller decides both). Each
    answer carries the time of the check: keys rotate, so "fail" on an old mail can mean the key
    was replaced since, not that the mail was forged. Mails that cannot be re-read are left out.
    """
    from checks.timeline.records import Channel
    from checks.timeline.sources.mail import message_at, reverify_dkim

    answers: dict[SourceRef, Mapping[str, str]] = {}
    for event in result.events:
        if event.channel is not Channel.MAIL:
            continue
        try:
            raw = message_at(Path(event.source.file), int(event.source.locator.removeprefix("line ")))
        except (OSError, KeyError, ValueError):
            continue
        answers[event.source] = reverify_dkim(raw, now=now)
    return answers
