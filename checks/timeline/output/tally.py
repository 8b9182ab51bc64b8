"""The figures on the record's first page, counted in one pass over the events: no event is kept."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from checks.timeline.records import ContactEvent, EventKind, LogRow, log_row

NIGHT_STARTS = 22  # contact between 22:00 and 06:00 (as the judgement counts it), by the clock of the device that recorded it
NIGHT_ENDS = 6
_NOT_CONTACT = (EventKind.DIARY_ENTRY.value, EventKind.FINDING.value)


def week_of(day: date) -> date:
    """The Monday that starts `day`'s week."""
    return day - timedelta(days=day.weekday())


@dataclass
class Tally:
    """Counts kept while the events stream past.

    An event of unknown direction (a WhatsApp export does not say which side is the user) counts
    as contact from the person only when its sender is one of theirs (`is_person`); otherwise it
    was the user writing to them.
    """

    contacts: int = 0
    replies: int = 0
    other: int = 0  # diary entries and findings
    night: int = 0
    first: datetime | None = None
    last: datetime | None = None
    senders: set[str] = field(default_factory=set)
    channels: Counter[str] = field(default_factory=Counter)  # by Channel value ("whatsapp")
    days: Counter[date] = field(default_factory=Counter)
    is_person: Callable[[str], bool] | None = None
    _senders_seen: dict[str, bool] = field(default_factory=dict)

    def add(self, event: ContactEvent) -> None:
        """Count one event."""
        self.add_row(log_row(event))

    def add_row(self, row: LogRow) -> None:
        """Count one event given as a LogRow."""
        if row[3] in _NOT_CONTACT:
            self.other += 1
            return
        direction = row[2]
        if direction == "outgoing":
            self.replies += 1
            return
        if direction == "unknown":
            known = self._senders_seen.get(row[4])  # the same few senders on every row
            if known is None:
                known = self._from_person(row[4])
            if not known:
                self.replies += 1
                return
        when = row[0]
        self.contacts += 1
        if self.first is None or when < self.first:
            self.first = when
        if self.last is None or when > self.last:
            self.last = when
        if row[4]:
            self.senders.add(row[4])
        self.channels[row[1]] += 1
        self.days[when.date()] += 1
        if when.hour >= NIGHT_STARTS or when.hour < NIGHT_ENDS:
            self.night += 1

    def merge(self, other: Tally) -> None:
        """Count in another Tally's events, which came after this one's."""
        self.contacts += other.contacts
        self.replies += other.replies
        self.other += other.other
        self.night += other.night
        if other.first is not None and (self.first is None or other.first < self.first):
            self.first = other.first
        if other.last is not None and (self.last is None or other.last > self.last):
            self.last = other.last
        self.senders |= other.senders
        self.channels.update(other.channels)
        self.days.update(other.days)
        for sender, known in other._senders_seen.items():
            self._senders_seen.setdefault(sender, known)

    def _from_person(self, sender: str) -> bool:
        if self.is_person is None:
            return True
        known = self._senders_seen.get(sender)
        if known is None:
            known = self._senders_seen[sender] = bool(sender) and self.is_person(sender)
        return known

    @property
    def span_days(self) -> int:
        """Days from the first contact to the last, both counted."""
        if self.first is None or self.last is None:
            return 0
        return (self.last.date() - self.first.date()).days + 1

    def weekly(self) -> list[tuple[date, int]]:
        """Every week from the first contact to the last, with its count (0 for a quiet week)."""
        weeks: Counter[date] = Counter()
        for day, count in self.days.items():
            weeks[week_of(day)] += count
        if not weeks:
            return []
        out = []
        week, end = min(weeks), max(weeks)
        while week <= end:
            out.append((week, weeks.get(week, 0)))
            week += timedelta(days=7)
        return out

    def busiest_day(self) -> tuple[date, int] | None:
        """The day with most contact, and its count."""
        if not self.days:
            return None
        day, count = max(self.days.items(), key=lambda item: (item[1], item[0]))
        return day, count
