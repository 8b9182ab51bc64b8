"""Provider-neutral mail records: rules, forwarding, delegates, aliases, access and auto-replies.

Gmail filters, Outlook inbox rules, Sieve scripts and Takeout exports all become these
records; the judgement in judge.py reads only them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from cybercheck.pipeline.model import Severity


class ActionKind(Enum):
    """What a rule does to a message."""

    # values name the words (words.yaml "action-<value>")
    FORWARD = "forward"
    REDIRECT = "redirect"
    FORWARD_AS_ATTACHMENT = "forward-as-attachment"
    NOTIFY = "notify"
    DELETE = "delete"
    PERMANENT_DELETE = "permanently-delete"
    MOVE = "move"
    ARCHIVE = "archive"
    MARK_READ = "mark-read"
    STOP = "stop"
    AUTO_REPLY = "auto-reply"
    REFUSE = "refuse"  # sent back to the sender as undeliverable (Sieve reject)
    OTHER = "other"

    @property
    def sends_out(self) -> bool:
        """Whether the action sends the message, or news of it, to an address."""
        return self in _SENDS_OUT


_SENDS_OUT = frozenset(
    {ActionKind.FORWARD, ActionKind.REDIRECT, ActionKind.FORWARD_AS_ATTACHMENT, ActionKind.NOTIFY}
)


class FolderRole(Enum):
    """What a folder is for, as far as the mailbox says (IMAP SPECIAL-USE, Graph well-known names).

    Values name the words (words.yaml "folder-<value>").
    """

    INBOX = "inbox"
    TRASH = "trash"
    JUNK = "junk"
    ARCHIVE = "archive"
    HIDDEN = "hidden"  # RSS Feeds, Conversation History, Notes...
    OTHER = "other"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class RuleAction:
    """One action of a rule: its kind, and the address or folder it names."""

    kind: ActionKind
    target: str = ""  # an address for sending actions, a folder for MOVE (and for a MARK_READ of
    # only the copy filed there), what it does for OTHER
    folder_role: FolderRole = FolderRole.UNKNOWN  # for MOVE
    keeps_copy: bool = False  # Sieve `redirect :copy`: the person still gets the message


@dataclass(frozen=True, slots=True)
class Condition:
    """One test of a rule: what it looks at, the value it looks for, and whether it is negated.

    `field` names what it looks at, and its words ("field-<field>" in words.yaml): from, to,
    subject, body, headers, message, subject-or-body, has-attachment, sent-to-me, sent-only-to-me,
    copied-to-me, not-sent-to-me, automatic-reply, header, any-header, envelope or test. `name`
    is the header, envelope part or Sieve test it names, if any.
    """

    field: str
    value: str
    negated: bool = False
    name: str = ""


@dataclass(frozen=True, slots=True)
class MailRule:
    """A filter or rule as one provider holds it, in provider-neutral form."""

    source: str  # "Gmail API users.settings.filters"
    name: str  # its name, or an id when it has none
    enabled: bool
    conditions: tuple[Condition, ...]  # empty: applies to every message
    actions: tuple[RuleAction, ...]
    raw: str  # the rule exactly as the provider holds it (JSON or Sieve text), for evidence
    any_condition: bool = False  # True: any one condition is enough; False: all must hold
    exceptions: tuple[Condition, ...] = ()
    when: datetime | None = None
    until: datetime | None = None  # the rule's own tests let it run only until then (a date window)


class ForwardingState(Enum):
    """Whether the provider has confirmed a forwarding address."""

    ACCEPTED = "accepted"
    PENDING = "pending"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ForwardingAddress:
    """An address mail may be forwarded to, with its verification state."""

    address: str
    state: ForwardingState
    source: str


class Disposition(Enum):
    """What happens to the person's own copy when mail is forwarded automatically (words: "copy-<value>")."""

    KEEP = "keep"
    ARCHIVE = "archive"
    TRASH = "trash"
    MARK_READ = "mark-read"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class AutoForwarding:
    """Mailbox-wide automatic forwarding."""

    enabled: bool
    address: str
    disposition: Disposition
    source: str
    raw: str


@dataclass(frozen=True, slots=True)
class Delegate:
    """Someone given access to read, send and delete mail in the mailbox."""

    address: str
    state: str
    source: str


@dataclass(frozen=True, slots=True)
class SendAs:
    """An address the mailbox can send as, with its reply-to address and any outside mail server."""

    address: str
    primary: bool
    reply_to: str
    smtp_host: str
    state: str
    source: str
    raw: str


@dataclass(frozen=True, slots=True)
class MailAccess:
    """Whether mail programs can sync the mailbox (POP or IMAP)."""

    protocol: str  # "POP" or "IMAP"
    enabled: bool
    detail: str  # "all mail", "mail from now on", expunge behaviour...
    source: str


@dataclass(frozen=True, slots=True)
class AutoReply:
    """An automatic reply (vacation responder)."""

    enabled: bool
    subject: str
    audience: str
    source: str
    raw: str


@dataclass(frozen=True, slots=True)
class MailboxSettings:
    """The settings of one mailbox that decide where its mail goes and who can use it."""

    auto_forwarding: AutoForwarding | None = None
    forwarding_addresses: tuple[ForwardingAddress, ...] = ()
    delegates: tuple[Delegate, ...] = ()
    send_as: tuple[SendAs, ...] = ()
    access: tuple[MailAccess, ...] = ()
    auto_replies: tuple[AutoReply, ...] = ()


@dataclass(frozen=True, slots=True)
class ManualStep:
    """A setting no API shows: a yes/no question with the menu path, and what a "yes" means."""

    question: str  # asks whether the setting is on, naming the exact menu path
    gap: str  # what stays unchecked when nobody answers, with the same menu path
    code: str  # the finding a "yes" gives
    subject: str
    source: str
    severity: Severity = Severity.HIGH


@dataclass(frozen=True, slots=True)
class MailRead:
    """What one source read: rules, settings, and the parts it could not read, in plain words."""

    rules: tuple[MailRule, ...] = ()
    settings: MailboxSettings = MailboxSettings()
    gaps: tuple[str, ...] = ()  # sentences (words Text)
    looked_at: tuple[str, ...] = ()
    own_addresses: tuple[str, ...] = ()  # addresses the source knows to be the mailbox's own
    manual: tuple[ManualStep, ...] = ()  # settings the person has to look at themselves


@dataclass(frozen=True, slots=True)
class DomainMail:
    """What DNS says about a mail domain: its mail servers, SPF and DMARC records, and lookup problems."""

    domain: str
    mx: tuple[str, ...]
    spf: tuple[str, ...]  # TXT records starting "v=spf1"
    dmarc: tuple[str, ...]  # TXT records at _dmarc.<domain> starting "v=DMARC1"
    owned: bool  # the person owns the domain (not a provider's shared one)
    problems: tuple[str, ...] = ()  # lookups that failed, as sentences (words Text)
    exists: bool = True  # False: DNS says there is no such domain
