"""Judges mail rules and mailbox settings, whichever provider they came from.

It knows what is suspicious (mail sent to someone else, security mail hidden, access given
away) and nothing about Gmail, Graph, Sieve or Takeout formats.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checks.mail.owner import Owner
from checks.mail.records import (
    DomainMail,
    ActionKind,
    Disposition,
    FolderRole,
    ForwardingState,
    MailboxSettings,
    MailRule,
    RuleAction,
)
from checks.mail.security_mail import institution_words, security_words, tokens
from cybercheck.pipeline.model import Evidence, Finding, Severity

RAW_LIMIT = 2000  # characters of a rule's own text kept as evidence
_CLEAR_HIDING = frozenset({ActionKind.DELETE, ActionKind.PERMANENT_DELETE, ActionKind.ARCHIVE, ActionKind.MARK_READ})
_HIDDEN_ROLES = frozenset({FolderRole.TRASH, FolderRole.JUNK, FolderRole.ARCHIVE, FolderRole.HIDDEN})
_HIDING_DISPOSITIONS = frozenset({Disposition.TRASH, Disposition.MARK_READ, Disposition.ARCHIVE})


def judge_mail(
    rules: Iterable[MailRule], settings: MailboxSettings, *, owner: Owner, uses_mail_apps: bool | None = None
) -> Iterator[Finding]:
    """Every finding for one mailbox's rules and settings."""
    rules = list(rules)
    used = {a.target.lower() for r in rules if r.enabled for a in r.actions if a.kind.sends_out}
    yield from judge_rules(rules, owner=owner)
    yield from judge_settings(settings, owner=owner, uses_mail_apps=uses_mail_apps, used_targets=used)


def judge_rules(rules: Iterable[MailRule], *, owner: Owner) -> Iterator[Finding]:
    """Findings for rules that send mail to someone else or hide security mail or particular senders."""
    for rule in rules:
        if rule.enabled:
            yield from _judge_rule(rule, owner)


def _judge_rule(rule: MailRule, owner: Owner) -> Iterator[Finding]:
    security = security_words(rule.conditions)
    everything = not rule.conditions
    for action in rule.actions:
        if action.kind.sends_out and action.target not in owner:
            if action.kind is ActionKind.NOTIFY:
                code, severity, verb = "mail.rule.notifies-external", Severity.MEDIUM, "sends news of mail to"
            else:
                code = "mail.rule.forwards-external"
                severity = Severity.URGENT if security else Severity.HIGH
                verb = "forwards security mail to" if security else "forwards mail to"
            yield _finding(code, severity, f"A rule {verb} {action.target or 'an address'}", rule, action, security)
        elif action.kind is ActionKind.AUTO_REPLY:
            yield _finding("mail.auto-reply.on", Severity.INFO, "A rule sends automatic replies", rule, action, ())
    hiding = [a for a in rule.actions if _hides(a)]
    if not hiding:
        return
    action = hiding[0]
    if security or everything:
        clear = any(a.kind in _CLEAR_HIDING or a.folder_role in _HIDDEN_ROLES for a in hiding)
        yield _finding(
            "mail.rule.hides-security" if security else "mail.rule.hides-all-mail",
            Severity.URGENT if clear else Severity.HIGH,
            "A rule hides security mail" if security else "A rule hides all mail",
            rule,
            action,
            security,
        )
        return
    senders = [t for c in rule.conditions if c.field in ("from", "sender") and not c.negated for t in tokens(c.value)]
    if senders and _strongly_hides(hiding):
        institution = [w for s in senders for w in institution_words(s)]
        yield _finding(
            "mail.rule.hides-sender",
            Severity.MEDIUM if institution else Severity.LOW,
            f"A rule hides mail from {', '.join(senders)}",
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
    if kinds & {ActionKind.DELETE, ActionKind.PERMANENT_DELETE}:
        return True
    if any(a.folder_role in (FolderRole.TRASH, FolderRole.JUNK, FolderRole.HIDDEN) for a in actions):
        return True
    return ActionKind.MARK_READ in kinds and bool(kinds & {ActionKind.ARCHIVE, ActionKind.MOVE})


def _action_text(action: RuleAction) -> str:
    if action.kind is ActionKind.MOVE:
        role = "" if action.folder_role in (FolderRole.OTHER, FolderRole.UNKNOWN) else f" ({action.folder_role.value})"
        return f'moves it to "{action.target}"{role}' if action.target else "moves it to another folder"
    return action.kind.value


def _finding(
    code: str, severity: Severity, subject: str, rule: MailRule, action: RuleAction, matched: Iterable[str]
) -> Finding:
    fields = {
        "rule": rule.name or "(no name)",
        "enabled": "yes" if rule.enabled else "no",
        "applies to": _conditions_text(rule),
        "actions": "; ".join(_describe(a) for a in rule.actions),
        "this action": _describe(action),
    }
    matched = list(matched)
    if matched:
        fields["words that matched"] = ", ".join(matched)
    if rule.exceptions:
        fields["except when"] = "; ".join(c.text for c in rule.exceptions)
    fields["as the provider holds it"] = rule.raw[:RAW_LIMIT]
    return Finding(code, severity, subject, (Evidence(rule.source, rule.when, fields),))


def _conditions_text(rule: MailRule) -> str:
    if not rule.conditions:
        return "every message"
    joiner = " or " if rule.any_condition else " and "
    return joiner.join(c.text for c in rule.conditions)


def _describe(action: RuleAction) -> str:
    text = _action_text(action) if action.kind is ActionKind.MOVE else action.kind.value
    if action.kind.sends_out:
        text += f" to {action.target or '(address not stated)'}"
        if action.kind is ActionKind.REDIRECT:
            text += " (keeps a copy)" if action.keeps_copy else " (no copy kept)"
    return text


def judge_settings(
    settings: MailboxSettings,
    *,
    owner: Owner,
    uses_mail_apps: bool | None = None,
    used_targets: frozenset[str] | set[str] = frozenset(),
) -> Iterator[Finding]:
    """Findings for forwarding, delegates, send-as aliases, POP/IMAP access and auto-replies."""
    forward = settings.auto_forwarding
    forwarded_to = ""
    if forward and forward.enabled and forward.address not in owner:
        forwarded_to = forward.address.lower()
        fields = {"forwarding to": forward.address, "your copy is": forward.disposition.value, "as the provider holds it": forward.raw}
        yield Finding(
            "mail.forwarding.external",
            Severity.HIGH,
            f"All mail is forwarded to {forward.address}",
            (Evidence(forward.source, None, fields),),
        )
        if forward.disposition in _HIDING_DISPOSITIONS:
            yield Finding(
                "mail.forwarding.hides-original",
                Severity.HIGH,
                f"Forwarded mail is {forward.disposition.value} in your own mailbox",
                (Evidence(forward.source, None, fields),),
            )
    for address in settings.forwarding_addresses:
        if address.address in owner:
            continue
        fields = {"address": address.address, "verification": address.state.value}
        if address.state is ForwardingState.PENDING:
            yield Finding(
                "mail.forwarding.pending",
                Severity.MEDIUM,
                f"Someone asked to forward this mailbox to {address.address}",
                (Evidence(address.source, None, fields),),
            )
        elif address.address.lower() not in used_targets | {forwarded_to}:
            yield Finding(
                "mail.forwarding.address-ready",
                Severity.LOW,
                f"{address.address} is set up as a forwarding address",
                (Evidence(address.source, None, fields),),
            )
    for delegate in settings.delegates:
        if delegate.address not in owner:
            yield Finding(
                "mail.delegate.present",
                Severity.MEDIUM,
                f"{delegate.address} has been given access to this mailbox",
                (Evidence(delegate.source, None, {"delegate": delegate.address, "status": delegate.state}),),
            )
    yield from _judge_send_as(settings, owner)
    if uses_mail_apps is not True:
        for access in settings.access:
            if access.enabled:
                yield Finding(
                    "mail.access.sync-on",
                    Severity.LOW,
                    f"{access.protocol} access is switched on",
                    (Evidence(access.source, None, {"protocol": access.protocol, "setting": access.detail}),),
                )
    for reply in settings.auto_replies:
        if reply.enabled:
            fields = {"subject": reply.subject, "sent to": reply.audience, "as the provider holds it": reply.raw[:RAW_LIMIT]}
            yield Finding("mail.auto-reply.on", Severity.INFO, "Automatic replies are switched on", (Evidence(reply.source, None, fields),))


def _judge_send_as(settings: MailboxSettings, owner: Owner) -> Iterator[Finding]:
    for alias in settings.send_as:
        fields = {
            "send as": alias.address,
            "reply-to": alias.reply_to or "(none)",
            "outside mail server": alias.smtp_host or "(none)",
            "verification": alias.state,
            "as the provider holds it": alias.raw[:RAW_LIMIT],
        }
        evidence = (Evidence(alias.source, None, fields),)
        if not alias.primary and alias.address not in owner:
            yield Finding("mail.send-as.unrecognised", Severity.MEDIUM, f"Mail can be sent as {alias.address}", evidence)
        if alias.reply_to and alias.reply_to not in owner:
            yield Finding(
                "mail.send-as.reply-to-external",
                Severity.HIGH,
                f"Replies to mail sent as {alias.address} go to {alias.reply_to}",
                evidence,
            )
        if alias.smtp_host:
            yield Finding(
                "mail.send-as.outside-server",
                Severity.MEDIUM,
                f"Mail sent as {alias.address} goes through {alias.smtp_host}",
                evidence,
            )


def judge_domain(found: DomainMail) -> Iterator[Finding]:
    """For a domain the person owns: whether SPF and DMARC stop others sending mail in its name."""
    if not found.owned or any("does not exist" in p for p in found.problems):
        return
    source = f"DNS TXT records of {found.domain} and _dmarc.{found.domain}"
    fields = {"domain": found.domain, "SPF": " | ".join(found.spf) or "(none)", "DMARC": " | ".join(found.dmarc) or "(none)"}
    evidence = (Evidence(source, None, fields),)
    lookups_failed = bool(found.problems)
    if len(found.dmarc) > 1:
        yield Finding("mail.domain.dmarc-broken", Severity.LOW, f"{found.domain} has more than one DMARC record", evidence)
    elif not found.dmarc and not lookups_failed:
        yield Finding("mail.domain.no-dmarc", Severity.LOW, f"{found.domain} has no DMARC policy", evidence)
    elif found.dmarc and _dmarc_policy(found.dmarc[0]) in ("none", ""):
        yield Finding("mail.domain.dmarc-monitor-only", Severity.LOW, f"{found.domain}'s DMARC policy only watches", evidence)
    if not found.spf and not lookups_failed:
        yield Finding("mail.domain.no-spf", Severity.LOW, f"{found.domain} has no SPF record", evidence)
    elif any(_spf_all(s) == "+" for s in found.spf):
        yield Finding("mail.domain.spf-allows-anyone", Severity.MEDIUM, f"{found.domain}'s SPF record lets any server send", evidence)


def _dmarc_policy(record: str) -> str:
    for part in record.split(";"):
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "p":
            return value.strip().lower()
    return ""


def _spf_all(record: str) -> str:
    for term in record.lower().split():
        if term in ("all", "+all"):
            return "+"
        if term in ("-all", "~all", "?all"):
            return term[0]
    return ""
