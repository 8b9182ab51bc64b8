"""The first page's figures: what counts as contact from the person."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from checks.timeline.identity import Matcher
from checks.timeline.output.tally import Tally
from checks.timeline.records import Channel, ContactEvent, Direction, EventKind, SourceRef

BASE = ContactEvent(
    when=datetime(2026, 3, 2, 23, 30, tzinfo=timezone.utc),
    channel=Channel.WHATSAPP,
    direction=Direction.UNKNOWN,
    kind=EventKind.MESSAGE,
    sender="Alex",
    recipients=(),
    content="",
    attachments=(),
    source=SourceRef("chat.txt", "line 1", "0" * 64),
)


def test_unknown_direction_counts_only_the_persons_own_messages() -> None:
    tally = Tally(is_person=Matcher(("alex", "+447700900123")))
    tally.add(BASE)  # from them, at night
    tally.add(replace(BASE, sender="Sam"))  # the user, in the same chat
    tally.add(replace(BASE, sender="+44 7700 900123", channel=Channel.SMS, direction=Direction.INCOMING))
    tally.add(replace(BASE, direction=Direction.OUTGOING, sender="me"))
    tally.add(replace(BASE, kind=EventKind.DIARY_ENTRY))
    assert (tally.contacts, tally.replies, tally.other, tally.night) == (2, 2, 1, 2)
    assert tally.channels == {"whatsapp": 1, "sms": 1}
    assert tally.span_days == 1 and tally.weekly()[0][1] == 2
