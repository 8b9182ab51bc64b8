"""Which events are between the user and the person the timeline is about, and which way."""

from __future__ import annotations

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
    recipients = event.recipients
    to_them = (bool(event.thread) and person(event.thread)) or (
        bool(recipients) and any(person(r) for r in recipients)
    )
    if to_them and event.direction is not Direction.INCOMING:
        return Role.TO_PERSON
    return None
