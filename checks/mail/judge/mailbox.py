"""Judges one mailbox: its rules and its settings together."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from checks.mail.judge.rules import ended, judge_rules
from checks.mail.judge.settings import judge_settings
from checks.mail.owner import Owner
from checks.mail.records import MailboxSettings, MailRule
from cybercheck.pipeline.model import Finding


def judge_mail(
    rules: Iterable[MailRule],
    settings: MailboxSettings,
    *,
    owner: Owner,
    uses_mail_apps: bool | None = None,
    now: datetime | None = None,
) -> Iterator[Finding]:
    """Every finding for one mailbox's rules and settings (rules whose date window closed before `now` left out)."""
    listed = [r for r in rules if not ended(r, now)]
    used = {a.target.lower() for r in listed if r.enabled for a in r.actions if a.kind.sends_out}
    yield from judge_rules(listed, owner=owner)
    yield from judge_settings(settings, owner=owner, uses_mail_apps=uses_mail_apps, used_targets=used)
