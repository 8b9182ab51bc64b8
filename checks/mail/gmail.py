"""mail.gmail: Gmail filters and settings through the Gmail API, read-only.

The source functions turn the documented response shapes of users.settings.* into records;
they know nothing about what is suspicious.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from checks.mail.records import (
    ActionKind,
    AutoForwarding,
    AutoReply,
    Condition,
    Delegate,
    Disposition,
    FolderRole,
    ManualStep,
    ForwardingAddress,
    ForwardingState,
    MailAccess,
    MailboxSettings,
    MailRead,
    MailRule,
    RuleAction,
    SendAs,
)
from cybercheck.errors import Refused
from cybercheck.pipeline.model import Severity
from cybercheck.secrets import Secret

if TYPE_CHECKING:
    import requests


GMAIL_BASE = "https://gmail.googleapis.com"
SOURCE = "Gmail API users.settings"
DELEGATES_STEP = (
    "Gmail does not let other apps see who has been given access to a personal account. You can "
    "look yourself: in Gmail on a computer, open Settings → See all settings → Accounts, and read "
    "the list under 'Grant access to your account'."
)
DELEGATES_QUESTION = ManualStep(
    question=(
        "In Gmail on a computer, open Settings → See all settings → Accounts. Is anyone you do not "
        "recognise listed under 'Grant access to your account'?"
    ),
    gap=DELEGATES_STEP,
    code="mail.delegate.present",
    subject="Someone has been given access to this Gmail account",
    source="your answer about Gmail Settings → Accounts → Grant access to your account",
    severity=Severity.MEDIUM,
)
_DISPOSITIONS = {
    "leaveInInbox": Disposition.KEEP,
    "archive": Disposition.ARCHIVE,
    "trash": Disposition.TRASH,
    "markRead": Disposition.MARK_READ,
}
_CRITERIA = (("from", "from"), ("to", "to"), ("subject", "subject"))


def _raw(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _labels(value: object) -> list[str]:
    return [str(v) for v in value if isinstance(v, (str, int))] if isinstance(value, list) else []


_FROM_IN_QUERY = re.compile(r"(?<![-\w])from:(?:\(([^)]*)\)|(\S+))", re.IGNORECASE)


def query_conditions(query: str, *, negated: bool = False) -> list[Condition]:
    """A Gmail search query as conditions: its from: terms as "from", the rest as "the message"."""
    froms = [(m.group(1) or m.group(2) or "").strip() for m in _FROM_IN_QUERY.finditer(query)]
    rest = " ".join(_FROM_IN_QUERY.sub(" ", query).split())
    out = [Condition("from", f, negated) for f in froms if f]
    return out + ([Condition("the message", rest, negated)] if rest else [])


def filter_rule(item: Mapping[str, Any], *, source: str, index: int) -> MailRule:
    """A Gmail filter ({"criteria": {...}, "action": {...}}) as a MailRule."""
    criteria = item.get("criteria") if isinstance(item.get("criteria"), dict) else {}
    action = item.get("action") if isinstance(item.get("action"), dict) else {}
    conditions = [Condition(field, _text(criteria.get(key))) for key, field in _CRITERIA if _text(criteria.get(key))]
    conditions += query_conditions(_text(criteria.get("query")))
    conditions += query_conditions(_text(criteria.get("negatedQuery")), negated=True)
    if criteria.get("hasAttachment") is True:
        conditions.append(Condition("has an attachment", ""))
    actions = gmail_actions(_labels(action.get("addLabelIds")), _labels(action.get("removeLabelIds")), _text(action.get("forward")))
    name = _text(item.get("id")) or f"filter {index + 1}"
    return MailRule(source=source, name=name, enabled=True, conditions=tuple(conditions), actions=tuple(actions), raw=_raw(item))


def gmail_actions(add: list[str], remove: list[str], forward: str) -> list[RuleAction]:
    """Gmail label changes and forwarding as actions (TRASH: bin, INBOX removed: archive...)."""
    actions = []
    if forward:
        actions.append(RuleAction(ActionKind.FORWARD, forward))
    upper_add = [a.upper() for a in add]
    upper_remove = [r.upper() for r in remove]
    if "TRASH" in upper_add:
        actions.append(RuleAction(ActionKind.DELETE, "Bin", FolderRole.TRASH))
    if "SPAM" in upper_add:
        actions.append(RuleAction(ActionKind.MOVE, "Spam", FolderRole.JUNK))
    if "INBOX" in upper_remove:
        actions.append(RuleAction(ActionKind.ARCHIVE))
    if "UNREAD" in upper_remove:
        actions.append(RuleAction(ActionKind.MARK_READ))
    for label in add:
        if label.upper() not in ("TRASH", "SPAM"):
            actions.append(RuleAction(ActionKind.OTHER, f"add label {label}"))
    return actions


def _get(session: requests.Session, base: str, path: str, token: Secret) -> Any:
    from checks.mail.oauth_tokens import bearer_get

    body = bearer_get(
        session,
        f"{base}/gmail/v1/users/me/settings/{path}",
        token,
        service="Gmail",
        expired="Gmail did not accept the sign-in: it may have expired or been withdrawn, so nothing was "
        "checked. Sign in again with: cybercheck login gmail",
        no_permission="Gmail refused to show the mail settings: the sign-in does not include permission to "
        "read them. Sign in again with cybercheck login gmail and allow 'See your mail settings'.",
    )
    return body if isinstance(body, dict) else {}


def gmail_read(session: requests.Session, token: Secret, *, base: str = GMAIL_BASE) -> MailRead:
    """Every Gmail setting that decides where mail goes, as records, with the parts that could not be read."""
    filters = [f for f in _get(session, base, "filters", token).get("filter") or [] if isinstance(f, dict)]
    rules = tuple(filter_rule(f, source=SOURCE + ".filters", index=i) for i, f in enumerate(filters))
    forwarding = _get(session, base, "autoForwarding", token)
    addresses = _get(session, base, "forwardingAddresses", token).get("forwardingAddresses") or []
    send_as = [s for s in _get(session, base, "sendAs", token).get("sendAs") or [] if isinstance(s, dict)]
    imap = _get(session, base, "imap", token)
    pop = _get(session, base, "pop", token)
    vacation = _get(session, base, "vacation", token)
    manual = []
    try:
        delegates = _get(session, base, "delegates", token).get("delegates") or []
    except Refused:
        delegates, manual = [], [DELEGATES_QUESTION]
    settings = MailboxSettings(
        auto_forwarding=AutoForwarding(
            enabled=forwarding.get("enabled") is True,
            address=_text(forwarding.get("emailAddress")),
            disposition=_DISPOSITIONS.get(_text(forwarding.get("disposition")), Disposition.UNKNOWN),
            source=SOURCE + ".getAutoForwarding",
            raw=_raw(forwarding),
        ),
        forwarding_addresses=tuple(
            ForwardingAddress(
                _text(a.get("forwardingEmail")),
                _state(a.get("verificationStatus")),
                SOURCE + ".forwardingAddresses",
            )
            for a in addresses
            if isinstance(a, dict) and _text(a.get("forwardingEmail"))
        ),
        delegates=tuple(
            Delegate(_text(d.get("delegateEmail")), _text(d.get("verificationStatus")) or "unknown", SOURCE + ".delegates")
            for d in delegates
            if isinstance(d, dict) and _text(d.get("delegateEmail"))
        ),
        send_as=tuple(_send_as(s) for s in send_as if _text(s.get("sendAsEmail"))),
        access=(
            MailAccess("IMAP", imap.get("enabled") is True, _text(imap.get("expungeBehavior")) or "on", SOURCE + ".getImap"),
            MailAccess(
                "POP",
                _text(pop.get("accessWindow")) in ("allMail", "fromNowOn"),
                _text(pop.get("accessWindow")) or "disabled",
                SOURCE + ".getPop",
            ),
        ),
        auto_replies=(
            AutoReply(
                vacation.get("enableAutoReply") is True,
                _text(vacation.get("responseSubject")),
                "contacts only" if vacation.get("restrictToContacts") else "everyone who writes",
                SOURCE + ".getVacation",
                _raw(vacation),
            ),
        ),
    )
    own = tuple(_text(s.get("sendAsEmail")) for s in send_as if s.get("isPrimary") is True)
    looked = (
        f"{len(rules)} Gmail filters, {len(settings.forwarding_addresses)} forwarding addresses, "
        f"{len(settings.send_as)} send-as addresses, auto-forwarding, POP, IMAP and auto-reply settings",
    )
    return MailRead(rules=rules, settings=settings, looked_at=looked, own_addresses=own, manual=tuple(manual))


def _state(value: object) -> ForwardingState:
    return {"accepted": ForwardingState.ACCEPTED, "pending": ForwardingState.PENDING}.get(_text(value), ForwardingState.UNKNOWN)


def _send_as(item: Mapping[str, Any]) -> SendAs:
    smtp = item.get("smtpMsa") if isinstance(item.get("smtpMsa"), dict) else {}
    safe = {k: v for k, v in item.items() if k != "smtpMsa"}
    if smtp:
        safe["smtpMsa"] = {k: v for k, v in smtp.items() if k != "password"}
    return SendAs(
        address=_text(item.get("sendAsEmail")),
        primary=item.get("isPrimary") is True,
        reply_to=_text(item.get("replyToAddress")),
        smtp_host=_text(smtp.get("host")),
        state=_text(item.get("verificationStatus")) or "unknown",
        source=SOURCE + ".sendAs",
        raw=_raw(safe),
    )

