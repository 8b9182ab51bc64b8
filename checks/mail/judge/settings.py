"""Judges mailbox settings: forwarding, delegates, send-as addresses, POP/IMAP access and auto-replies."""

from __future__ import annotations

from collections.abc import Iterator

from checks.mail.judge.describe import RAW_LIMIT
from checks.mail.owner import Owner
from checks.mail.records import Disposition, ForwardingState, MailboxSettings
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

_HIDING_DISPOSITIONS = frozenset({Disposition.TRASH, Disposition.MARK_READ, Disposition.ARCHIVE})


def judge_settings(
    settings: MailboxSettings,
    *,
    owner: Owner,
    uses_mail_apps: bool | None = None,
    used_targets: frozenset[str] | set[str] = frozenset(),
) -> Iterator[Finding]:
    """Findings for forwarding, delegates, send-as aliases, POP/IMAP access and auto-replies."""
    forwarded_to = ""
    forward = settings.auto_forwarding
    if forward and forward.enabled and forward.address not in owner:
        forwarded_to = forward.address.lower()
        copy = text(f"mail.copy-{forward.disposition.value}")
        fields: dict[str, str] = {
            text("mail.label-forwarding-to"): forward.address,
            text("mail.label-your-copy"): copy,
            text("mail.label-as-held"): forward.raw,
        }
        evidence = (Evidence(forward.source, None, fields),)
        yield Finding(
            "mail.forwarding.external",
            Severity.HIGH,
            text("mail.all-forwarded", address=forward.address),
            evidence,
        )
        if forward.disposition in _HIDING_DISPOSITIONS:
            yield Finding(
                "mail.forwarding.hides-original",
                Severity.HIGH,
                text("mail.forwarded-copy", copy=copy),
                evidence,
            )
    yield from _forwarding_addresses(settings, owner, used_targets | {forwarded_to})
    for delegate in settings.delegates:
        if delegate.address not in owner:
            fields = {
                text("mail.label-delegate"): delegate.address,
                text("mail.label-status"): delegate.state,
            }
            yield Finding(
                "mail.delegate.present",
                Severity.MEDIUM,
                text("mail.delegate-given-access", address=delegate.address),
                (Evidence(delegate.source, None, fields),),
            )
    yield from _send_as(settings, owner)
    if uses_mail_apps is not True:
        for access in settings.access:
            if access.enabled:
                fields = {
                    text("mail.label-protocol"): access.protocol,
                    text("mail.label-setting"): access.detail,
                }
                yield Finding(
                    "mail.access.sync-on",
                    Severity.LOW,
                    text("mail.access-on", protocol=access.protocol),
                    (Evidence(access.source, None, fields),),
                )
    for reply in settings.auto_replies:
        if reply.enabled:
            fields = {
                text("mail.label-subject"): reply.subject,
                text("mail.label-sent-to"): reply.audience,
                text("mail.label-as-held"): reply.raw[:RAW_LIMIT],
            }
            evidence = (Evidence(reply.source, None, fields),)
            yield Finding("mail.auto-reply.on", Severity.INFO, text("mail.auto-replies-on"), evidence)


def _forwarding_addresses(
    settings: MailboxSettings, owner: Owner, in_use: frozenset[str] | set[str]
) -> Iterator[Finding]:
    for address in settings.forwarding_addresses:
        if address.address in owner:
            continue
        fields: dict[str, str] = {
            text("mail.label-address"): address.address,
            text("mail.label-verification"): address.state.value,
        }
        evidence = (Evidence(address.source, None, fields),)
        if address.state is ForwardingState.PENDING:
            subject = text("mail.forwarding-asked", address=address.address)
            yield Finding("mail.forwarding.pending", Severity.MEDIUM, subject, evidence)
        elif address.address.lower() not in in_use:
            subject = text("mail.forwarding-ready", address=address.address)
            yield Finding("mail.forwarding.address-ready", Severity.LOW, subject, evidence)


def _send_as(settings: MailboxSettings, owner: Owner) -> Iterator[Finding]:
    for alias in settings.send_as:
        fields: dict[str, str] = {
            text("mail.label-send-as"): alias.address,
            text("mail.label-reply-to"): alias.reply_to or text("mail.none"),
            text("mail.label-outside-server"): alias.smtp_host or text("mail.none"),
            text("mail.label-verification"): alias.state,
            text("mail.label-as-held"): alias.raw[:RAW_LIMIT],
        }
        evidence = (Evidence(alias.source, None, fields),)
        if not alias.primary and alias.address not in owner:
            subject = text("mail.send-as", address=alias.address)
            yield Finding("mail.send-as.unrecognised", Severity.MEDIUM, subject, evidence)
        if alias.reply_to and alias.reply_to not in owner:
            subject = text("mail.send-as-reply-to", address=alias.address, reply_to=alias.reply_to)
            yield Finding("mail.send-as.reply-to-external", Severity.HIGH, subject, evidence)
        if alias.smtp_host:
            subject = text("mail.send-as-server", address=alias.address, server=alias.smtp_host)
            yield Finding("mail.send-as.outside-server", Severity.MEDIUM, subject, evidence)
