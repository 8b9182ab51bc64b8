"""One contact event as a row of the log: date, time, what happened, how, and the evidence reference."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from checks.timeline.output.words import say
from checks.timeline.records import ContactEvent, Direction, EventKind

SHORT_HASH = 12


@dataclass(frozen=True, slots=True)
class LogRow:
    """A ContactEvent with the words and numbers the log shows for it."""

    number: int
    event: ContactEvent
    date: str  # as recorded: the event's own time zone
    time: str
    offset: str  # "+01:00"
    what: str
    how: str
    place: str  # "chat.txt, line 12"

    @property
    def anchor(self) -> str:
        """The row's id in the HTML record, for links from the first page."""
        return f"row-{self.number}"

    @property
    def short_hash(self) -> str:
        """The start of the source file's SHA-256, as shown in the log (the full one is in the sources table)."""
        return self.event.source.sha256[:SHORT_HASH]


def offset_text(delta: timedelta | None) -> str:
    """A UTC offset as +HH:MM."""
    minutes = int((delta or timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def what_happened(event: ContactEvent) -> str:
    """"Message from +44 7700 900123", in words from the report words."""
    nobody = say("what.nobody")
    direction = event.direction.value if isinstance(event.direction, Direction) else "unknown"
    kind = event.kind.value if isinstance(event.kind, EventKind) else "message"
    if event.kind is EventKind.FINDING:
        return say("what.finding", title=event.fields.get("title") or event.fields.get("code") or nobody)
    return say(
        f"what.{kind}-{direction}",
        sender=event.sender or nobody,
        recipients=", ".join(event.recipients) or nobody,
    )


def how(event: ContactEvent) -> str:
    """The channel as people name it ("WhatsApp", "Text message (SMS)")."""
    return say(f"how.{event.channel.value}")


def row(number: int, event: ContactEvent) -> LogRow:
    """The log row for `event`, numbered from 1 in date order."""
    when = event.when
    return LogRow(
        number=number,
        event=event,
        date=f"{when:%Y-%m-%d}",
        time=f"{when:%H:%M:%S}",
        offset=offset_text(when.utcoffset()),
        what=what_happened(event),
        how=how(event),
        place=say("log.place", file=event.source.file, place=event.source.locator),
    )
