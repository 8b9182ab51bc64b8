"""Gmail's own filter export (Settings → Filters and Blocked Addresses → Export: mailFilters.xml).

An Atom feed with one <entry> per filter; each setting is an <apps:property name=... value=...>.
The names are those Gmail's filter dialog uses (from, hasTheWord, label, shouldArchive,
forwardTo...); they become the same MailRules as a Takeout filter. A property this reader does
not know is a gap naming the filter, never silently dropped.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from xml.etree import ElementTree

from checks.mail.records import ActionKind, Condition, MailRead, MailRule, RuleAction
from checks.mail.sources.takeout import flat_filter_rule
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

MAX_BYTES = 16 * 1024 * 1024
_ATOM = "{http://www.w3.org/2005/Atom}"
_APPS = "{http://schemas.google.com/apps/2006}"
_ENTRY = re.compile(r"<entry\b.*?</entry>", re.DOTALL)
_FLAGS = ("shouldArchive", "shouldMarkAsRead", "shouldTrash")
_TEXTS = ("from", "to", "subject", "hasTheWord", "doesNotHaveTheWord", "label", "forwardTo")
# Settings that decide nothing about where mail goes or who sees it: stars, importance, Gmail's
# own categories, never-spam, and the size units that Gmail writes into every filter.
_INERT = frozenset(
    {
        "shouldStar", "shouldNeverSpam", "shouldAlwaysMarkAsImportant", "shouldNeverMarkAsImportant",
        "smartLabelToApply", "sizeOperator", "sizeUnit", "size", "excludeChats",
    }
)  # fmt: skip


def looks_like_filter_export(head: bytes) -> bool:
    """Whether the first bytes of a file are Gmail's filter feed."""
    return b"<feed" in head and b"schemas.google.com/apps/2006" in head


def filter_export_read(path: Path) -> MailRead:
    """The filters of a mailFilters.xml file; DamagedInput when it is not readable as one."""
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES or b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise DamagedInput(text("mail.filter-export-refused", name=path.name))
    try:
        feed = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise DamagedInput(text("mail.filter-export-damaged", name=path.name), detail=str(error)) from None
    if feed.tag != f"{_ATOM}feed":
        raise DamagedInput(text("mail.filter-export-damaged", name=path.name))
    source = text("mail.filter-export-source", name=path.name)
    rules: list[MailRule] = []
    gaps: list[str] = []
    entries = list(feed.iter(f"{_ATOM}entry"))
    written = _ENTRY.findall(data.decode("utf-8", "replace"))  # each filter as Gmail wrote it
    for index, entry in enumerate(entries):
        properties = [(p.get("name") or "", p.get("value") or "") for p in entry.iter(f"{_APPS}property")]
        rule, unknown = _rule(properties, source=source, index=index)
        raw = (
            written[index]
            if len(written) == len(entries)
            else ElementTree.tostring(entry, encoding="unicode")
        )
        rule = dataclasses.replace(rule, raw=raw)
        rules.append(rule)
        if unknown:
            gaps.append(text("mail.filter-export-unknown", rule=rule.name, names=", ".join(unknown)))
    looked = text("mail.filter-export-read", count=len(rules), name=path.name)
    return MailRead(rules=tuple(rules), gaps=tuple(gaps), looked_at=(looked,))


def _rule(properties: list[tuple[str, str]], *, source: str, index: int) -> tuple[MailRule, list[str]]:
    texts: dict[str, list[str]] = {}
    flags: dict[str, bool] = {}
    unknown: list[str] = []
    for name, value in properties:
        if name in _TEXTS:
            texts.setdefault(name, []).append(value)
        elif name in _FLAGS:
            flags[name] = value.strip().lower() == "true"
        elif name not in _INERT and name not in ("hasAttachment", "cannedResponse"):
            unknown.append(name)
    rule = flat_filter_rule({**texts, **flags}, source=source, index=index)
    given = dict(properties)
    extra_conditions = (Condition("has-attachment", ""),) if given.get("hasAttachment") == "true" else ()
    extra_actions = (RuleAction(ActionKind.AUTO_REPLY),) if given.get("cannedResponse") else ()
    rule = dataclasses.replace(
        rule, conditions=rule.conditions + extra_conditions, actions=rule.actions + extra_actions
    )
    return rule, unknown
