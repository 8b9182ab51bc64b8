"""Gmail filters and settings through the Gmail API, read-only.

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
    ForwardingAddress,
    ForwardingState,
    MailAccess,
    MailboxSettings,
    MailRead,
    MailRule,
    ManualStep,
    RuleAction,
    SendAs,
)
from checks.mail.sources.gmail_shapes import named, off_shape
from cybercheck.errors import Refused
from cybercheck.pipeline.model import Severity
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

if TYPE_CHECKING:
    import requests


GMAIL_BASE = "https://gmail.googleapis.com"


def delegates_question() -> ManualStep:
    """Who has delegated access, which Gmail shows no app for a personal account: the person looks."""
    return ManualStep(
        question=text("mail.gmail-delegates-question"),
        gap=text("mail.gmail-delegates-gap"),
        code="mail.delegate.present",
        subject=text("mail.gmail-delegates-subject"),
        source=text("mail.gmail-delegates-source"),
        severity=Severity.MEDIUM,
    )


_DISPOSITIONS = {
    "leaveInInbox": Disposition.KEEP,
    "archive": Disposition.ARCHIVE,
    "trash": Disposition.TRASH,
    "markRead": Disposition.MARK_READ,
}
_CRITERIA = ("from", "to", "subject")


def _source(method: str) -> str:
    """Where a setting was read: the Gmail API method."""
    return text("mail.gmail-source", method=method)


def _raw(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _labels(value: object) -> list[str]:
    return [str(v) for v in value if isinstance(v, (str, int))] if isinstance(value, list) else []


_FROM_IN_QUERY = re.compile(r"(?<![-\w])from:(?:\(([^)]*)\)|(\S+))", re.IGNORECASE)


def query_conditions(query: str, *, negated: bool = False) -> list[Condition]:
    """A Gmail search query as conditions: its from: terms as "from", the rest as "message"."""
    froms = [(m.group(1) or m.group(2) or "").strip() for m in _FROM_IN_QUERY.finditer(query)]
    rest = " ".join(_FROM_IN_QUERY.sub(" ", query).split())
    out = [Condition("from", f, negated) for f in froms if f]
    return out + ([Condition("message", rest, negated)] if rest else [])


def filter_rule(item: Mapping[str, Any], *, source: str, index: int) -> MailRule:
    """A Gmail filter ({"criteria": {...}, "action": {...}}) as a MailRule."""
    criteria = _mapping(item.get("criteria"))
    action = _mapping(item.get("action"))
    conditions = [Condition(key, _text(criteria.get(key))) for key in _CRITERIA if _text(criteria.get(key))]
    conditions += query_conditions(_text(criteria.get("query")))
    conditions += query_conditions(_text(criteria.get("negatedQuery")), negated=True)
    if criteria.get("hasAttachment") is True:
        conditions.append(Condition("has-attachment", ""))
    actions = gmail_actions(
        _labels(action.get("addLabelIds")),
        _labels(action.get("removeLabelIds")),
        _text(action.get("forward")),
    )
    name = _text(item.get("id")) or text("mail.rule-name-filter", number=index + 1)
    return MailRule(
        source=source,
        name=name,
        enabled=True,
        conditions=tuple(conditions),
        actions=tuple(actions),
        raw=_raw(item),
    )


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
            actions.append(RuleAction(ActionKind.OTHER, text("mail.action-add-label", label=label)))
    return actions


def _get(session: requests.Session, base: str, path: str, token: Secret, gaps: list[str]) -> Any:
    """One settings body; a body that is missing (404) or not an object is a gap naming the setting."""
    from checks.mail.sources.oauth_tokens import bearer_get

    body = bearer_get(
        session,
        f"{base}/gmail/v1/users/me/settings/{path}",
        token,
        service="Gmail",
        expired=text("mail.gmail-sign-in-expired"),
        no_permission=text("mail.gmail-no-permission"),
    )
    if isinstance(body, dict):
        odd = off_shape(path, body)
        if odd:
            gaps.append(text("mail.gmail-setting-damaged", setting=path, fields=named(odd)))
        return body
    gaps.append(text("mail.gmail-setting-unreadable", setting=path))
    return {}


# The field each of these settings always has (Gmail API reference), and its type.
_DECIDING: dict[str, tuple[str, type]] = {
    "autoForwarding": ("enabled", bool),
    "imap": ("enabled", bool),
    "pop": ("accessWindow", str),
    "vacation": ("enableAutoReply", bool),
}


def _items(body: Mapping[str, Any], key: str, path: str, gaps: list[str]) -> list[Mapping[str, Any]]:
    """The list under `key` (absent means none); anything else, or items that are not objects, is a gap."""
    value = body.get(key)
    if value is None:
        return []
    items: list[Mapping[str, Any]] = (
        [i for i in value if isinstance(i, dict)] if isinstance(value, list) else []
    )
    if not isinstance(value, list) or len(items) != len(value):
        gaps.append(text("mail.gmail-setting-unreadable", setting=path))
    return items


def gmail_read(session: requests.Session, token: Secret, *, base: str = GMAIL_BASE) -> MailRead:
    """Every Gmail setting that decides where mail goes, as records, with the parts that could not be read."""
    gaps: list[str] = []
    filters = _items(_get(session, base, "filters", token, gaps), "filter", "filters", gaps)
    rules = tuple(filter_rule(f, source=_source("filters"), index=i) for i, f in enumerate(filters))
    forwarding = _get(session, base, "autoForwarding", token, gaps)
    addresses = _items(
        _get(session, base, "forwardingAddresses", token, gaps),
        "forwardingAddresses",
        "forwardingAddresses",
        gaps,
    )
    send_as = _items(_get(session, base, "sendAs", token, gaps), "sendAs", "sendAs", gaps)
    if not send_as and not any("sendAs" in str(g) for g in gaps):  # every mailbox sends as its own address
        gaps.append(text("mail.gmail-setting-unreadable", setting="sendAs"))
    imap = _get(session, base, "imap", token, gaps)
    pop = _get(session, base, "pop", token, gaps)
    vacation = _get(session, base, "vacation", token, gaps)
    read = {"autoForwarding": forwarding, "imap": imap, "pop": pop, "vacation": vacation}
    for setting, (
        key,
        kind,
    ) in _DECIDING.items():  # without the field that decides it, a setting was not read
        value = read[setting].get(key)
        unknown = setting == "pop" and value not in (
            "disabled",
            "allMail",
            "fromNowOn",
        )  # the documented values
        missing = text("mail.gmail-setting-unreadable", setting=setting)
        if (unknown or not isinstance(value, kind)) and missing not in gaps:
            gaps.append(missing)
    manual = []
    try:
        delegates: list[Mapping[str, Any]] = _items(
            _get(session, base, "delegates", token, gaps), "delegates", "delegates", gaps
        )
    except Refused:
        delegates, manual = [], [delegates_question()]
    settings = MailboxSettings(
        auto_forwarding=AutoForwarding(
            enabled=forwarding.get("enabled") is True,
            address=_text(forwarding.get("emailAddress")),
            disposition=_DISPOSITIONS.get(_text(forwarding.get("disposition")), Disposition.UNKNOWN),
            source=_source("getAutoForwarding"),
            raw=_raw(forwarding),
        ),
        forwarding_addresses=tuple(
            ForwardingAddress(
                _text(a.get("forwardingEmail")),
                _state(a.get("verificationStatus")),
                _source("forwardingAddresses"),
            )
            for a in addresses
            if isinstance(a, dict) and _text(a.get("forwardingEmail"))
        ),
        delegates=tuple(
            Delegate(
                _text(d.get("delegateEmail")),
                _text(d.get("verificationStatus")) or "unknown",
                _source("delegates"),
            )
            for d in delegates
            if isinstance(d, dict) and _text(d.get("delegateEmail"))
        ),
        send_as=tuple(_send_as(s) for s in send_as if _text(s.get("sendAsEmail"))),
        access=(
            MailAccess(
                "IMAP",
                imap.get("enabled") is True,
                _text(imap.get("expungeBehavior")) or "on",
                _source("getImap"),
            ),
            MailAccess(
                "POP",
                _text(pop.get("accessWindow")) in ("allMail", "fromNowOn"),
                _text(pop.get("accessWindow")) or "disabled",
                _source("getPop"),
            ),
        ),
        auto_replies=(
            AutoReply(
                vacation.get("enableAutoReply") is True,
                _text(vacation.get("responseSubject")),
                text("mail.audience-contacts")
                if vacation.get("restrictToContacts")
                else text("mail.audience-everyone"),
                _source("getVacation"),
                _raw(vacation),
            ),
        ),
    )
    own = tuple(_text(s.get("sendAsEmail")) for s in send_as if s.get("isPrimary") is True)
    looked = (
        text(
            "mail.gmail-read",
            filters=len(rules),
            forwarding=len(settings.forwarding_addresses),
            send_as=len(settings.send_as),
        ),
    )
    return MailRead(
        rules=rules,
        settings=settings,
        looked_at=looked,
        own_addresses=own,
        manual=tuple(manual),
        gaps=tuple(gaps),
    )


def _state(value: object) -> ForwardingState:
    return {"accepted": ForwardingState.ACCEPTED, "pending": ForwardingState.PENDING}.get(
        _text(value), ForwardingState.UNKNOWN
    )


def _send_as(item: Mapping[str, Any]) -> SendAs:
    smtp = _mapping(item.get("smtpMsa"))
    safe = {k: v for k, v in item.items() if k != "smtpMsa"}
    if smtp:
        safe["smtpMsa"] = {k: v for k, v in smtp.items() if k != "password"}
    return SendAs(
        address=_text(item.get("sendAsEmail")),
        primary=item.get("isPrimary") is True,
        reply_to=_text(item.get("replyToAddress")),
        smtp_host=_text(smtp.get("host")),
        state=_text(item.get("verificationStatus")) or "unknown",
        source=_source("sendAs"),
        raw=_raw(safe),
    )
