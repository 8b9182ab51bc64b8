"""How a rule, its conditions and its actions read in a finding's evidence, from the area's words."""

from __future__ import annotations

from checks.mail.records import ActionKind, Condition, FolderRole, MailRule, RuleAction
from cybercheck.pipeline.words import Text, text

RAW_LIMIT = 2000  # characters of a rule's own text kept as evidence


def condition_text(condition: Condition) -> Text:
    """The test as a person reads it: 'subject contains "password"'."""
    field = text(f"mail.field-{condition.field}", name=condition.name)
    if not condition.value:
        return field
    key = "mail.condition-does-not-contain" if condition.negated else "mail.condition-contains"
    return text(key, field=field, value=condition.value)


def conditions_text(rule: MailRule) -> str:
    """Every condition of a rule, joined as the rule joins them ("and" or "or")."""
    if not rule.conditions:
        return text("mail.every-message")
    joined: str = condition_text(rule.conditions[0])
    for condition in rule.conditions[1:]:
        joined = text(
            "mail.either" if rule.any_condition else "mail.both", first=joined, then=condition_text(condition)
        )
    return joined


def exceptions_text(rule: MailRule) -> str:
    """The exceptions of a rule, one after another."""
    return "; ".join(condition_text(c) for c in rule.exceptions)


def action_text(action: RuleAction) -> str:
    """What one action does, with the address it sends to or the folder it moves to."""
    if action.kind is ActionKind.MOVE:
        described: str = _move_text(action)
    else:
        described = text(f"mail.action-{action.kind.value}")
    if action.kind.sends_out:
        target = action.target or text("mail.address-not-stated")
        if action.kind is ActionKind.REDIRECT:
            copy = "mail.sends-keeping-copy" if action.keeps_copy else "mail.sends-no-copy"
            return text(copy, action=described, address=target)
        return text("mail.sends-to", action=described, address=target)
    return described


def _move_text(action: RuleAction) -> str:
    if not action.target:
        return text("mail.moves-elsewhere")
    if action.folder_role in (FolderRole.OTHER, FolderRole.UNKNOWN):
        return text("mail.moves-to", folder=action.target)
    return text(
        "mail.moves-to-role", folder=action.target, role=text(f"mail.folder-{action.folder_role.value}")
    )
