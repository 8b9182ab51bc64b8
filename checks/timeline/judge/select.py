"""Which events are between the user and the person the timeline is about, and which way."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import datetime
from enum import Enum

from checks.timeline.identity import Matcher
from checks.timeline.records import ContactEvent, Direction, EventKind


class Role(Enum):
    """An event's place in the person's timeline."""

    FROM_PERSON = "from"
    TO_PERSON = "to"


_NOT_CONTACT = (EventKind.DIARY_ENTRY, EventKind.FINDING)


def role(event: ContactEvent, person: Matcher) -> Role | None:
    """FROM_PERSON when they sent it, TO_PERSON when the user sent it to them, else None.

    A chat named after the person (a WhatsApp chat "with Alex", an SMS thread with their number)
    ties the user's own messages in it to them even when the export does not say who the user is.
    """
    if event.kind in _NOT_CONTACT:
        return None
    if event.sender and person(event.sender):
        return Role.FROM_PERSON
    if event.direction is Direction.INCOMING and not event.sender and event.thread and person(event.thread):
        return Role.FROM_PERSON
    to_them = any(person(r) for r in event.recipients) or (bool(event.thread) and person(event.thread))
    if to_them and event.direction is not Direction.INCOMING:
        return Role.TO_PERSON
    return None


class PersonEvents:
    """The person's events in time order, with their roles, kept as two plain lists (no pair per event).

    Iterating merges the two lists afresh each time, so the judgement can walk them more than once.
    """

    def __init__(self) -> None:
        self.sent: list[ContactEvent] = []  # from the person
        self.received: list[ContactEvent] = []  # from the user to the person

    def add(self, event: ContactEvent, role: Role) -> None:
        """Keep one event under its role."""
        (self.sent if role is Role.FROM_PERSON else self.received).append(event)

    def sort(self) -> None:
        """Put both lists in time order (stable: equal times keep their reading order)."""
        self.sent.sort(key=_when)
        self.received.sort(key=_when)

    def __iter__(self) -> Iterator[tuple[ContactEvent, Role]]:
        return heapq.merge(
            ((e, Role.FROM_PERSON) for e in self.sent),
            ((e, Role.TO_PERSON) for e in self.received),
            key=_first_when,
        )

    def events(self) -> tuple[ContactEvent, ...]:
        """Every event, in time order."""
        return tuple(e for e, _ in self)


def _when(event: ContactEvent) -> datetime:
    return event.when


def _first_when(pair: tuple[ContactEvent, Role]) -> datetime:
    return pair[0].when
