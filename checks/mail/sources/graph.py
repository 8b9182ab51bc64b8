"""Outlook.com and Microsoft 365 inbox rules and mailbox settings through Microsoft Graph.

The source functions read the documented shapes of messageRules and mailboxSettings into
records; they know nothing about what is suspicious.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from checks.mail.folders import role_from_name
from checks.mail.records import (
    ActionKind,
    AutoReply,
    Condition,
    FolderRole,
    MailboxSettings,
    MailRead,
    MailRule,
    ManualStep,
    RuleAction,
)
from checks.mail.sources.values import any_of
from cybercheck.errors import DamagedInput, Refused
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

if TYPE_CHECKING:
    import requests


GRAPH_BASE = "https://graph.microsoft.com"
SOURCE = "Microsoft Graph"
MAX_PAGES = 50
_PREDICATES = {
    "subjectContains": "subject",
    "bodyContains": "body",
    "bodyOrSubjectContains": "subject-or-body",
    "senderContains": "from",
    "headerContains": "headers",
    "recipientContains": "to",
}
_ADDRESS_PREDICATES = {"fromAddresses": "from", "sentToAddresses": "to"}
_FLAGS = {
    "hasAttachments": "has-attachment",
    "sentToMe": "sent-to-me",
    "sentOnlyToMe": "sent-only-to-me",
    "sentCcMe": "copied-to-me",
    "notSentToMe": "not-sent-to-me",
    "isAutomaticReply": "automatic-reply",
}
_SENDS = (
    ("forwardTo", ActionKind.FORWARD),
    ("redirectTo", ActionKind.REDIRECT),
    ("forwardAsAttachmentTo", ActionKind.FORWARD_AS_ATTACHMENT),
)
_WELL_KNOWN = {
    "inbox": FolderRole.INBOX,
    "deleteditems": FolderRole.TRASH,
    "junkemail": FolderRole.JUNK,
    "archive": FolderRole.ARCHIVE,
    "conversationhistory": FolderRole.HIDDEN,
}


def forwarding_step() -> ManualStep:
    """Mailbox forwarding, which Microsoft shows no app: the person looks in Outlook's settings."""
    return ManualStep(
        question=text("mail.outlook-forwarding-question"),
        gap=text("mail.outlook-forwarding-gap"),
        code="mail.forwarding.external",
        subject=text("mail.outlook-forwarding-subject"),
        source=text("mail.outlook-forwarding-source"),
    )


def _raw(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def _strings(value: object) -> list[str]:
    return [v.strip() for v in value if isinstance(v, str) and v.strip()] if isinstance(value, list) else []


def recipients(value: object) -> list[str]:
    """Addresses from Graph recipients ({"emailAddress": {"address": ...}}); one recipient or a list."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        email = item.get("emailAddress") if isinstance(item, dict) else None
        address = email.get("address") if isinstance(email, dict) else None
        if isinstance(address, str) and address.strip():
            out.append(address.strip())
    return out


def _conditions(predicates: object) -> tuple[Condition, ...]:
    if not isinstance(predicates, dict):
        return ()
    out = []
    for key, field in _PREDICATES.items():
        values = _strings(predicates.get(key))
        if values:
            out.append(Condition(field, any_of(values)))
    for key, field in _ADDRESS_PREDICATES.items():
        values = recipients(predicates.get(key))
        if values:
            out.append(Condition(field, any_of(values)))
    out += [Condition(field, "") for key, field in _FLAGS.items() if predicates.get(key) is True]
    return tuple(out)


def message_rule(item: Mapping[str, Any], folders: Mapping[str, tuple[str, FolderRole]]) -> MailRule:
    """A Graph messageRule as a MailRule; `folders` maps folder ids to (name, role)."""
    given = item.get("actions")
    raw_actions: Mapping[str, Any] = given if isinstance(given, dict) else {}
    actions = []
    for key, kind in _SENDS:
        actions += [RuleAction(kind, address) for address in recipients(raw_actions.get(key))]
    if raw_actions.get("delete") is True:
        actions.append(RuleAction(ActionKind.DELETE, "Deleted Items", FolderRole.TRASH))
    if raw_actions.get("permanentDelete") is True:
        actions.append(RuleAction(ActionKind.PERMANENT_DELETE))
    folder = raw_actions.get("moveToFolder")
    if isinstance(folder, str) and folder:
        name, role = folders.get(folder, ("", FolderRole.UNKNOWN))
        actions.append(RuleAction(ActionKind.MOVE, name or text("mail.folder-unnamed"), role))
    if raw_actions.get("markAsRead") is True:
        actions.append(RuleAction(ActionKind.MARK_READ))
    if raw_actions.get("stopProcessingRules") is True:
        actions.append(RuleAction(ActionKind.STOP))
    if raw_actions.get("copyToFolder"):
        actions.append(RuleAction(ActionKind.OTHER, text("mail.action-copy-to-folder")))
    shown = item.get("displayName")
    name = shown if isinstance(shown, str) else ""
    return MailRule(
        source=SOURCE + " /me/mailFolders/inbox/messageRules",
        name=name or str(item.get("id") or text("mail.rule-no-name")),
        enabled=item.get("isEnabled") is not False,
        conditions=_conditions(item.get("conditions")),
        exceptions=_conditions(item.get("exceptions")),
        actions=tuple(actions),
        raw=_raw(item),
    )


def _get(session: requests.Session, url: str, token: Secret) -> Any:
    from checks.mail.sources.oauth_tokens import bearer_get

    body = bearer_get(
        session,
        url,
        token,
        service="Microsoft Graph",
        expired=text("mail.outlook-sign-in-expired"),
        no_permission=text("mail.outlook-no-permission"),
    )
    if body is not None and not isinstance(body, dict):
        raise DamagedInput(text("mail.graph-answer-unreadable"))
    return body


def graph_rules(session: requests.Session, token: Secret, *, base: str = GRAPH_BASE) -> list[dict[str, Any]]:
    """Every inbox rule, following @odata.nextLink pages on the same service only."""
    url: str | None = f"{base}/v1.0/me/mailFolders/inbox/messageRules"
    items: list[dict[str, Any]] = []
    for _ in range(MAX_PAGES):
        if url is None:
            break
        body = _get(session, url, token) or {}
        items += [r for r in body.get("value") or [] if isinstance(r, dict)]
        link = body.get("@odata.nextLink")
        url = link if isinstance(link, str) and link.startswith(base + "/") else None
    return items


def folder_names(
    session: requests.Session, token: Secret, ids: set[str], *, base: str = GRAPH_BASE
) -> tuple[dict[str, tuple[str, FolderRole]], bool]:
    """Folder id -> (display name, role), and whether every folder could be read."""
    if not ids:
        return {}, True
    known: dict[str, FolderRole] = {}
    names: dict[str, tuple[str, FolderRole]] = {}
    complete = True
    try:
        for well_known, role in _WELL_KNOWN.items():
            body = _get(session, f"{base}/v1.0/me/mailFolders/{well_known}?$select=id,displayName", token)
            if body and isinstance(body.get("id"), str):
                known[body["id"]] = role
        for folder_id in sorted(ids):
            body = _get(
                session,
                f"{base}/v1.0/me/mailFolders/{quote(folder_id, safe='')}?$select=id,displayName",
                token,
            )
            name = str(body.get("displayName") or "") if body else ""
            role = known.get(folder_id) or (role_from_name(name) if name else FolderRole.UNKNOWN)
            names[folder_id] = (name, role)
            complete = complete and bool(name)
    except Refused:
        return names, False
    return names, complete


def graph_read(session: requests.Session, token: Secret, *, base: str = GRAPH_BASE) -> MailRead:
    """Inbox rules and mailbox settings as records, with what could not be read."""
    items = graph_rules(session, token, base=base)
    moves = {
        r["actions"]["moveToFolder"]
        for r in items
        if isinstance(r.get("actions"), dict) and isinstance(r["actions"].get("moveToFolder"), str)
    }
    folders, complete = folder_names(session, token, moves, base=base)
    gaps = [] if complete else [text("mail.outlook-folders-unreadable")]
    rules = tuple(message_rule(item, folders) for item in items)
    settings_body = _get(session, f"{base}/v1.0/me/mailboxSettings", token) or {}
    replies = settings_body.get("automaticRepliesSetting")
    auto: tuple[AutoReply, ...] = ()
    if isinstance(replies, dict):
        status = str(replies.get("status") or "disabled")
        auto = (
            AutoReply(
                enabled=status in ("alwaysEnabled", "scheduled"),
                subject="",
                audience=text("mail.audience-outside", audience=replies.get("externalAudience") or "none"),
                source=SOURCE + " /me/mailboxSettings",
                raw=_raw(replies),
            ),
        )
    looked = (text("mail.outlook-read", rules=len(rules)),)
    return MailRead(
        rules=rules,
        settings=MailboxSettings(auto_replies=auto),
        gaps=tuple(gaps),
        looked_at=looked,
        manual=(forwarding_step(),),
    )
