"""Judges mail rules, whichever provider they came from.

It knows what is suspicious (mail sent to someone else, security mail hidden, particular
senders hidden) and nothing about Gmail, Graph, Sieve or Takeout formats.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from checks.mail.judge.describe import RAW_LIMIT, action_text, conditions_text, exceptions_text
from checks.mail.owner import Owner
from checks.mail.records import ActionKind, FolderRole, MailRule, RuleAction
from checks.mail.security_mail import institution_words, security_words, tokens
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

_CLEAR_HIDING = frozenset(
    {
        ActionKind.DELETE,
        ActionKind.PERMANENT_DELETE,
        ActionKind.ARCHIVE,
        ActionKind.MARK_READ,
        ActionKind.REFUSE,
    }
)
_HIDDEN_ROLES = frozenset({FolderRole.TRASH, FolderRole.JUNK, FolderRole.ARCHIVE, FolderRole.HIDDEN})


def ended(rule: MailRule, now: datetime | None) -> bool:
    """Whether the rule's own date window has closed, so it no longer does anything."""
    return rule.until is not None and now is not None and rule.until < now


def judge_rules(rules: Iterable[MailRule], *, owner: Owner, now: datetime | None = None) -> Iterator[Finding]:
    """Findings for rules that send mail to someone else or hide security mail or particular senders.

    A rule whose date window closed before `now` is not judged: it no longer runs.
    """
    for rule in rules:
        if rule.enabled and not ended(rule, now):
            yield from _judge_rule(rule, owner)


def _judge_rule(rule: MailRule, owner: Owner) -> Iterator[Finding]:
    security = security_words(rule.conditions)
    everything = not rule.conditions
    for action in rule.actions:
        if action.kind.sends_out and action.target not in owner:
            target = action.target or text("mail.an-address")
            if action.kind is ActionKind.NOTIFY:
                code, severity = "mail.rule.notifies-external", Severity.MEDIUM
                subject = text("mail.rule-notifies", address=target)
            elif security:
                code, severity = "mail.rule.forwards-external", Severity.URGENT
                subject = text("mail.rule-forwards-security", address=target)
            else:
                code, severity = "mail.rule.forwards-external", Severity.HIGH
                subject = text("mail.rule-forwards", address=target)
            yield _finding(code, severity, subject, rule, action, security)
        elif action.kind is ActionKind.AUTO_REPLY:
            yield _finding(
                "mail.auto-reply.on", Severity.INFO, text("mail.rule-auto-replies"), rule, action, ()
            )
    hiding = [a for a in rule.actions if _hides(a)]
    if not hiding:
        return
    action = hiding[0]
    if security or everything:
        clear = any(a.kind in _CLEAR_HIDING or a.folder_role in _HIDDEN_ROLES for a in hiding)
        yield _finding(
            "mail.rule.hides-security" if security else "mail.rule.hides-all-mail",
            Severity.URGENT if clear else Severity.HIGH,
            text("mail.rule-hides-security") if security else text("mail.rule-hides-all"),
            rule,
            action,
            security,
        )
        return
    senders = [t for c in rule.conditions if c.field == "from" and not c.negated for t in tokens(c.value)]
    if senders and _strongly_hides(hiding):
        institution = [w for s in senders for w in institution_words(s)]
        yield _finding(
            "mail.rule.hides-sender",
            Severity.MEDIUM if institution else Severity.LOW,
            text("mail.rule-hides-sender", senders=", ".join(senders)),
            rule,
            action,
            institution,
        )


def _hides(action: RuleAction) -> bool:
    if action.kind in _CLEAR_HIDING:
        return True
    return action.kind is ActionKind.MOVE and action.folder_role is not FolderRole.INBOX


def _strongly_hides(actions: list[RuleAction]) -> bool:
    kinds = {a.kind for a in actions}
    if kinds & {ActionKind.DELETE, ActionKind.PERMANENT_DELETE, ActionKind.REFUSE}:
        return True
    if any(a.folder_role in (FolderRole.TRASH, FolderRole.JUNK, FolderRole.HIDDEN) for a in actions):
        return True
    return ActionKind.MARK_READ in kinds and bool(kinds & {ActionKind.ARCHIVE, ActionKind.MOVE})


def _finding(
    code: str, severity: Severity, subject: str, rule: MailRule, action: RuleAction, matched: Iterable[str]
) -> Finding:
    fields: dict[str, str] = {
        text("mail.label-rule"): rule.name or text("mail.rule-no-name"),
        text("mail.label-enabled"): text("mail.yes") if rule.enabled else text("mail.no"),
        text("mail.label-applies-to"): conditions_text(rule),
        text("mail.label-actions"): "; ".join(action_text(a) for a in rule.actions),
        text("mail.label-this-action"): action_text(action),
    }
    found = list(matched)
    if found:
        fields[text("mail.label-words-matched")] = ", ".join(found)
    if rule.exceptions:
        fields[text("mail.label-except-when")] = exceptions_text(rule)
    fields[text("mail.label-as-held")] = rule.raw[:RAW_LIMIT]
    return Finding(code, severity, subject, (Evidence(rule.source, rule.when, fields),))
