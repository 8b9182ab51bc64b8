"""Made-up contact events and judgements for the output tests: the shape the timeline readers give."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from checks.timeline.records import Channel, Contact, ContactEvent, Direction, EventKind, SourceRef
from cybercheck.pipeline.model import CheckResult, Evidence, EvidenceFile, Finding, Severity

LONDON = timezone(timedelta(hours=0))
THEM = "+447700900123"
THEM_MAIL = "ex@example.com"
ME = "+447700900456"
ABOUT = Contact(name="", identifiers=(THEM, THEM_MAIL))
CHAT_SHA = hashlib.sha256(b"chat").hexdigest()
SMS_SHA = hashlib.sha256(b"sms").hexdigest()
TEXTS = (
    "Where are you?",
    "Why are you not answering",
    "I saw your car outside the gym",
    '=HYPERLINK("http://example.invalid","click")',
    "You will regret this",
    "Answer me",
)


def events(count: int = 120, start: datetime | None = None) -> Iterator[ContactEvent]:
    """`count` events in date order over about three months, mostly WhatsApp and SMS from THEM."""
    when = start or datetime(2026, 3, 2, 21, 15, tzinfo=LONDON)
    for index in range(count):
        when += timedelta(hours=max(1, 40 - index // 4), minutes=(index * 17) % 60)
        sms = index % 5 == 0
        outgoing = index % 9 == 4
        yield ContactEvent(
            when=when,
            channel=Channel.SMS if sms else Channel.WHATSAPP,
            direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
            kind=EventKind.MISSED_CALL if index % 11 == 7 else EventKind.MESSAGE,
            sender=ME if outgoing else THEM,
            recipients=(THEM,) if outgoing else (ME,),
            content="" if index % 11 == 7 else TEXTS[index % len(TEXTS)],
            attachments=("IMG-20260302-WA0001.jpg",) if index == 3 else (),
            source=SourceRef(
                "backup.xml" if sms else "chat.txt",
                f"{'row' if sms else 'line'} {index + 1}",
                SMS_SHA if sms else CHAT_SHA,
            ),
        )


def sources() -> tuple[EvidenceFile, ...]:
    """The two made-up source files."""
    return (
        EvidenceFile("whatsapp", "/exports/chat.txt", CHAT_SHA, 12345),
        EvidenceFile("sms", "/exports/backup.xml", SMS_SHA, 67890),
    )


def judged() -> tuple[CheckResult, ...]:
    """A threat judgement pointing at two events, and an escalation judgement."""
    threat = Finding(
        code="timeline.contact.threat-words",
        severity=Severity.URGENT,
        subject="2",
        evidence=(
            Evidence(
                "chat.txt", datetime(2026, 3, 3, tzinfo=LONDON), {"where": "line 17", "sha256": CHAT_SHA}
            ),
            Evidence("chat.txt", None, {"where": "line 12", "sha256": CHAT_SHA}),
        ),
    )
    rising = Finding(
        code="timeline.contact.rising",
        severity=Severity.MEDIUM,
        subject="4 -> 19",
        evidence=(
            Evidence(
                "chat.txt", datetime(2026, 4, 6, tzinfo=LONDON), {"where": "line 40", "sha256": CHAT_SHA}
            ),
        ),
    )
    result = CheckResult(
        check_id="timeline.contact",
        title="timeline.contact",
        area="accounts",
        findings=(threat, rising),
        looked_at=("120",),
    )
    return (result,)
