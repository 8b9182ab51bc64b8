"""Gmail filters and forwarding addresses from a Google Takeout export, with no sign-in.

Takeout's Mail part holds "User Settings" files (Filters.json, Forwarding Addresses.json,
Blocked Addresses.json...). Their names are translated with the account's language and
their inner shape is not documented, so files are recognised by content: a "filter" list or
an "addresses" list, with the file name only telling address lists apart.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checks.common.json_escapes import LoneEscapes
from checks.mail.folders import role_from_name
from checks.mail.names import takeout_file_hints, unread_labels
from checks.mail.records import (
    ActionKind,
    Condition,
    Delegate,
    FolderRole,
    ForwardingAddress,
    ForwardingState,
    MailboxSettings,
    MailRead,
    MailRule,
    RuleAction,
)
from checks.mail.sources.gmail import filter_rule, query_conditions
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

if TYPE_CHECKING:
    from cybercheck.archive import Export

MAX_SETTINGS_FILE = 16 * 1024 * 1024
_FLAT_CRITERIA = ("from", "to", "subject")


def address_hint(name: str) -> str:
    """Which kind of address list a settings file holds, from its (translated) name; "" if unsure."""
    lowered = Path(name).name.lower()
    hints = takeout_file_hints().items()
    return next((kind for kind, pieces in hints if any(p in lowered for p in pieces)), "")


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    return (
        [str(v).strip() for v in value if isinstance(v, (str, int)) and str(v).strip()]
        if isinstance(value, list)
        else []
    )


def flat_filter_rule(item: Mapping[str, Any], *, source: str, index: int) -> MailRule:
    """A Takeout filter in the flat shape (query, labelsToAdd, labelsToRemove, forwardTo, should...)."""
    conditions = [Condition(key, v) for key in _FLAT_CRITERIA for v in _strings(item.get(key))]
    for key in ("query", "hasTheWord"):
        conditions += [c for v in _strings(item.get(key)) for c in query_conditions(v)]
    conditions += [
        c for v in _strings(item.get("doesNotHaveTheWord")) for c in query_conditions(v, negated=True)
    ]
    actions = [
        RuleAction(ActionKind.FORWARD, a)
        for a in _strings(item.get("forwardTo")) + _strings(item.get("forward"))
    ]
    add = _strings(item.get("labelsToAdd")) + _strings(item.get("label"))
    remove = _strings(item.get("labelsToRemove"))
    if item.get("shouldTrash") is True or any(role_from_name(a) is FolderRole.TRASH for a in add):
        actions.append(RuleAction(ActionKind.DELETE, "Bin", FolderRole.TRASH))
    if item.get("shouldSpam") is True or any(role_from_name(a) is FolderRole.JUNK for a in add):
        actions.append(RuleAction(ActionKind.MOVE, "Spam", FolderRole.JUNK))
    if item.get("shouldArchive") is True or any(role_from_name(r) is FolderRole.INBOX for r in remove):
        actions.append(RuleAction(ActionKind.ARCHIVE))
    if item.get("shouldMarkAsRead") is True or any(r.lower() in unread_labels() for r in remove):
        actions.append(RuleAction(ActionKind.MARK_READ))
    actions += [
        RuleAction(ActionKind.OTHER, text("mail.action-add-label", label=a))
        for a in add
        if role_from_name(a) is FolderRole.OTHER
    ]
    return MailRule(
        source=source,
        name=text("mail.rule-name-filter", number=index + 1),
        enabled=True,
        conditions=tuple(conditions),
        actions=tuple(actions),
        raw=json.dumps(item, ensure_ascii=False, sort_keys=True),
    )


def _load(export: Export, name: str) -> Any:
    """A settings file's JSON; bytes that are not UTF-8 or a lone surrogate escape are damage, as is
    nesting deeper than Python's stack (Takeout nests a few levels)."""
    raw = export.read_bytes(name, limit=MAX_SETTINGS_FILE)
    lone = LoneEscapes()
    try:
        body = json.loads(raw.decode("utf-8-sig"))  # UnicodeDecodeError is a ValueError
    except (ValueError, RecursionError):
        raise DamagedInput(text("mail.takeout-not-json", name=name)) from None
    if lone.feed(raw) or lone.feed(b""):
        raise DamagedInput(text("mail.takeout-not-json", name=name))
    return body


def takeout_read(export: Export) -> MailRead:
    """Filters, forwarding addresses, delegates and blocked senders from a Takeout export's mail settings."""
    rules: list[MailRule] = []
    forwarding: list[ForwardingAddress] = []
    delegates: list[Delegate] = []
    gaps: list[str] = [
        text("mail.takeout-refused", name=r.name, reason=r.reason)
        for r in export.refused
        if "mail" in r.name.lower()
    ]
    files = [n for n in export.find(".json") if "mail" in n.lower()]
    used = 0
    for name in files:
        try:
            body = _load(export, name)
        except DamagedInput as error:
            gaps.append(error.plain)
            continue
        source = text("mail.takeout-source", name=name)
        if isinstance(body, dict) and isinstance(body.get("filter"), list):
            used += 1
            for index, item in enumerate(f for f in body["filter"] if isinstance(f, dict)):
                make = filter_rule if ("criteria" in item or "action" in item) else flat_filter_rule
                rules.append(make(item, source=source, index=index))
        elif isinstance(body, dict) and isinstance(body.get("addresses"), list):
            used += 1
            addresses = [a for a in _strings(body["addresses"]) if "@" in a]
            kind = address_hint(name)
            if kind == "forwarding":
                forwarding += [ForwardingAddress(a, ForwardingState.UNKNOWN, source) for a in addresses]
            elif kind == "delegated":
                delegates += [Delegate(a, text("mail.delegate-listed-in-export"), source) for a in addresses]
            elif kind == "blocked":
                rules += [_blocked(a, source) for a in addresses]
            elif addresses:
                gaps.append(text("mail.takeout-addresses-unclear", name=name))
    if not used:
        gaps.append(text("mail.takeout-no-settings"))
    looked = (
        text(
            "mail.takeout-read",
            rules=len(rules),
            forwarding=len(forwarding),
            delegates=len(delegates),
            files=used,
            export=export.path.name,
        ),
    )
    settings = MailboxSettings(forwarding_addresses=tuple(forwarding), delegates=tuple(delegates))
    return MailRead(rules=tuple(rules), settings=settings, gaps=tuple(gaps), looked_at=looked if used else ())


def _blocked(address: str, source: str) -> MailRule:
    return MailRule(
        source=source,
        name=text("mail.rule-name-blocked", address=address),
        enabled=True,
        conditions=(Condition("from", address),),
        actions=(RuleAction(ActionKind.MOVE, "Spam", FolderRole.JUNK),),
        raw=address,
    )
