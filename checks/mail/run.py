"""Run steps shared by the mail checks: coverage, the person's own addresses, questions, then judgement."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from checks.mail.judge.answers import judge_answer
from checks.mail.judge.domain import judge_domain
from checks.mail.judge.mailbox import judge_mail
from checks.mail.judge.rules import ended
from checks.mail.owner import Owner
from checks.mail.providers import provider_of, shared_domain
from checks.mail.records import ActionKind, DomainMail, MailRead, ManualStep
from cybercheck.errors import SourceError
from cybercheck.pipeline.context import Context, Question
from cybercheck.pipeline.model import Finding
from cybercheck.pipeline.words import Text, text

MAX_QUESTIONS = 10


def outside_addresses(read: MailRead, now: datetime) -> list[str]:
    """Every address the rules and settings send to or give access to, in the order first seen."""
    settings = read.settings
    running = [r for r in read.rules if r.enabled and not ended(r, now)]  # an ended rule asks nothing
    found = [a.target for r in running for a in r.actions if a.kind.sends_out]
    if settings.auto_forwarding and settings.auto_forwarding.enabled:
        found.append(settings.auto_forwarding.address)
    found += [f.address for f in settings.forwarding_addresses]
    found += [d.address for d in settings.delegates]
    found += [s.address for s in settings.send_as if not s.primary] + [s.reply_to for s in settings.send_as]
    return list(dict.fromkeys(a.strip() for a in found if a and a.strip()))


def owner_for(ctx: Context, read: MailRead) -> Owner:
    """The person's own addresses: config and --input owner=..., the mailbox's own, then asked."""
    owner = Owner.of(ctx.owner).with_addresses(read.own_addresses)
    unknown = [a for a in outside_addresses(read, ctx.now()) if a not in owner and "@" in a]
    for address in unknown[:MAX_QUESTIONS]:
        question = Question(
            text("mail.ask-own-address", address=address), help=text("mail.ask-own-address-help")
        )
        if ctx.ask(question) == "yes":
            owner = owner.with_addresses([address])
    return owner


def uses_mail_apps(ctx: Context, read: MailRead) -> bool | None:
    """Whether the person reads this mailbox in a mail program (POP/IMAP); None when not known."""
    if not any(a.enabled for a in read.settings.access):
        return None
    given = ctx.input("mail-apps")
    if given:
        return given.strip().lower() in ("yes", "y", "true", "1")
    answer = ctx.ask(Question(text("mail.ask-mail-apps")))
    return None if answer is None else answer == "yes"


def read_takeout_input(path: Path) -> MailRead:
    """A Takeout export (zip or folder), or Gmail's filter export; any other file is named as what it is."""
    from checks.mail.sources.file_kind import file_kind
    from checks.mail.sources.gmail_filter_export import filter_export_read
    from checks.mail.sources.takeout import takeout_read
    from cybercheck.archive import open_export

    kind = None if path.is_dir() or not path.exists() else file_kind(path)
    if kind == "gmail-filters":
        return filter_export_read(path)
    if kind not in (None, "zip", "zip-damaged") or (kind is None and path.is_file()):
        known = kind is not None
        raise SourceError(
            text("mail.takeout-other-format", name=path.name, format=text(f"mail.format-{kind}"))
            if known
            else text("mail.takeout-unknown-file", name=path.name)
        )
    with open_export(path) as export:  # a folder, a zip, or a damaged zip (said so)
        return takeout_read(export)


def judge_read(ctx: Context, read: MailRead) -> Iterator[Finding]:
    """Record what the source read and could not read, then judge it."""
    for looked in read.looked_at:
        ctx.looked_at(looked)
    for gap in read.gaps:
        ctx.partial(gap)
    now = ctx.now()
    for rule in read.rules:
        if rule.until is not None and ended(rule, now):
            replies = any(a.kind is ActionKind.AUTO_REPLY for a in rule.actions)
            until = f"{rule.until.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
            ctx.looked_at(
                text("mail.auto-reply-ended" if replies else "mail.rule-ended", rule=rule.name, until=until)
            )
    for step in read.manual:
        yield from guided_step(ctx, step)
    owner = owner_for(ctx, read)
    in_use = uses_mail_apps(ctx, read)
    yield from judge_mail(read.rules, read.settings, owner=owner, uses_mail_apps=in_use, now=now)


def guided_step(ctx: Context, step: ManualStep) -> Iterator[Finding]:
    """Ask the person to look at a setting no API shows; unanswered, it stays a gap."""
    answer = ctx.ask(Question(step.question, choices=("yes", "no", "not sure")))
    if answer == "no":
        ctx.looked_at(text("mail.own-look", source=step.source))
    elif answer != "yes":
        ctx.partial(step.gap)
    found = judge_answer(step, answer or "", ctx.now())
    if found:
        yield found


def provider_run(ctx: Context) -> Iterator[Finding]:
    """Who handles the mail of each of the person's domains and, for a domain they own, SPF and DMARC."""
    from checks.mail.sources.dns import lookup_domain

    domains = [a.rpartition("@")[2] for a in ctx.owner if "@" in a]
    domains += [d.strip().lower().lstrip("@") for d in ctx.inputs("domain")]
    own = {d.strip().lower().lstrip("@") for d in ctx.inputs("own-domain")}
    for domain in dict.fromkeys(d.rstrip(".") for d in [*domains, *sorted(own)] if d):
        owned = domain in own or (not shared_domain(domain) and _ask_owned(ctx, domain))
        found = lookup_domain(ctx.resolver, domain, owned=owned)
        for problem in found.problems:
            ctx.partial(problem)
        if found.mx or not found.problems:
            ctx.looked_at(describe_domain(found))
        yield from judge_domain(found)


def _ask_owned(ctx: Context, domain: str) -> bool:
    return ctx.ask(Question(text("mail.ask-own-domain", domain=domain))) == "yes"


def describe_domain(found: DomainMail) -> Text:
    """Who handles a domain's mail and which check applies, in plain words."""
    if not found.mx:
        return text("mail.domain-no-mx", domain=found.domain)
    provider = provider_of(found.mx)
    if provider is None:
        handled = text("mail.domain-handled-unknown", domain=found.domain, server=found.mx[0])
    elif provider.checks:
        checks = provider.checks[0]
        for more in provider.checks[1:]:
            checks = text("mail.both", first=checks, then=more)
        handled = text("mail.domain-handled", domain=found.domain, provider=provider.name, checks=checks)
    else:
        handled = text("mail.domain-handled-by-hand", domain=found.domain, provider=provider.name)
    if found.owned:
        return text("mail.domain-records-read", handled=handled, spf=len(found.spf), dmarc=len(found.dmarc))
    return handled
