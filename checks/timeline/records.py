"""The common records of the timeline: who a person is, and each dated contact from any channel."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum


class Channel(Enum):
    """How the contact came: the app, network or record it was read from."""

    WHATSAPP = "whatsapp"
    SMS = "sms"
    MMS = "mms"
    PHONE = "phone"
    TELEGRAM = "telegram"
    MAIL = "mail"
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    X = "x"
    DIARY = "diary"
    EVIDENCE_LOG = "evidence-log"
    FINDING = "finding"


class Direction(Enum):
    """Whether the person received the contact or sent it."""

    INCOMING = "incoming"
    OUTGOING = "outgoing"
    UNKNOWN = "unknown"


class EventKind(Enum):
    """What kind of contact it was."""

    MESSAGE = "message"
    CALL = "call"
    MISSED_CALL = "missed-call"
    MAIL = "mail"
    POST = "post"
    DIARY_ENTRY = "diary-entry"
    FINDING = "finding"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an event was read: the file (or archive member), the place in it, and the file's SHA-256."""

    file: str
    locator: str  # "line 123", "row 45", "message 17": points at the exact place in `file`
    sha256: str


@dataclass(frozen=True, slots=True)
class ContactEvent:
    """One dated contact: when, how, between whom, and where it was read."""

    when: datetime  # timezone-aware
    channel: Channel
    direction: Direction
    kind: EventKind
    sender: str  # number, address or handle as the source gives it
    recipients: tuple[str, ...]
    content: str  # the text, if any; shown only in saved reports, never on a terminal by default
    attachments: tuple[str, ...]
    source: SourceRef
    # The conversation it belongs to as the source names it: a WhatsApp chat's name, an SMS
    # thread's number, a Telegram chat. Lets a 1:1 chat's outgoing messages be tied to the person.
    thread: str = ""
    # Raw values a source recorded, by machine key: "call" (answered, outgoing, missed, rejected,
    # blocked, voicemail), "duration_s", "media" ("omitted"), "contact_name"/"from_name" (the name
    # the export shows), "auth.by"/"auth.dkim"/"auth.spf"/"auth.dmarc"/"arc.*" (as the receiving
    # server wrote them), "message_id", "service", "from_id", "unsent"; casework: "code",
    # "severity", "title", "sha256", "time_known". Values are data, never sentences.
    fields: Mapping[str, str] = field(default_factory=dict)

    def __reduce__(self) -> tuple[type[ContactEvent], tuple[object, ...]]:
        # Events cross to another process when an input is read there; the shared empty mapping of
        # events with no fields (sources.base.NO_FIELDS) is a mapping proxy, which pickle refuses.
        fields = self.fields if type(self.fields) is dict else dict(self.fields)
        return ContactEvent, (
            self.when,
            self.channel,
            self.direction,
            self.kind,
            self.sender,
            self.recipients,
            self.content,
            self.attachments,
            self.source,
            self.thread,
            fields,
        )


@dataclass(frozen=True, slots=True)
class Contact:
    """One person as the user groups them: every number, address and handle they use."""

    name: str
    identifiers: tuple[str, ...]  # normalised: numbers in E.164 where known, addresses lower-case


# An event as plain values, the form the record's log is written from (one per row, hundreds of
# thousands in a long record, so no object is made for it): (when, channel, direction, kind values,
# sender, recipients, content, attachments, file, place, file's SHA-256, a finding's title and code).
LogRow = tuple[
    datetime, str, str, str, str, tuple[str, ...], str, tuple[str, ...], str, str, str, str, str | None
]


def log_row(event: ContactEvent) -> LogRow:
    """The event as a LogRow."""
    source, fields = event.source, event.fields
    finding = event.kind is EventKind.FINDING
    return (
        event.when,
        event.channel._value_,
        event.direction._value_,
        event.kind._value_,
        event.sender,
        event.recipients,
        event.content,
        event.attachments,
        source.file,
        source.locator,
        source.sha256,
        fields.get("title", "") if finding else "",
        fields.get("code") if finding else None,
    )
