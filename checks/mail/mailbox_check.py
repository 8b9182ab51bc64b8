"""What every mailbox check does once its source has read: coverage, the person's own addresses, judgement."""

from __future__ import annotations

from collections.abc import Iterator

from checks.mail.judge import judge_mail
from checks.mail.owner import Owner
from checks.mail.records import MailRead, ManualStep
from cybercheck.pipeline.context import Context, Question
from cybercheck.pipeline.model import Evidence, Finding

MAX_QUESTIONS = 10


def outside_addresses(read: MailRead) -> list[str]:
    """Every address the rules and settings send to or give access to, in the order first seen."""
    settings = read.settings
    found = [a.target for r in read.rules if r.enabled for a in r.actions if a.kind.sends_out]
    if settings.auto_forwarding and settings.auto_forwarding.enabled:
        found.append(settings.auto_forwarding.address)
    found += [f.address for f in settings.forwarding_addresses]
    found += [d.address for d in settings.delegates]
    found += [s.address for s in settings.send_as if not s.primary] + [s.reply_to for s in settings.send_as]
    return list(dict.fromkeys(a.strip() for a in found if a and a.strip()))


def owner_for(ctx: Context, read: MailRead) -> Owner:
    """The person's own addresses: config and --input owner=..., the mailbox's own, then asked."""
    owner = Owner.of(ctx.owner).with_addresses(read.own_addresses)
    unknown = [a for a in outside_addresses(read) if a not in owner and "@" in a]
    for address in unknown[:MAX_QUESTIONS]:
        answer = ctx.ask(
            Question(
                f"Is {address} one of your own email addresses?",
                help="Mail sent to your own other addresses is nothing to worry about.",
            )
        )
        if answer == "yes":
            owner = owner.with_addresses([address])
    return owner


def uses_mail_apps(ctx: Context, read: MailRead) -> bool | None:
    """Whether the person reads this mailbox in a mail program (POP/IMAP); None when not known."""
    if not any(a.enabled for a in read.settings.access):
        return None
    given = ctx.input("mail-apps")
    if given:
        return given.strip().lower() in ("yes", "y", "true", "1")
    answer = ctx.ask(
        Question(
            "Do you read this mailbox in a mail program on a computer or phone, such as Outlook, "
            "Thunderbird or Apple Mail (not only the website or the provider's own app)?"
        )
    )
    return None if answer is None else answer == "yes"


def judge_read(ctx: Context, read: MailRead) -> Iterator[Finding]:
    """Record what the source read and could not read, then judge it."""
    for text in read.looked_at:
        ctx.looked_at(text)
    for gap in read.gaps:
        ctx.partial(gap)
    for step in read.manual:
        yield from guided_step(ctx, step)
    owner = owner_for(ctx, read)
    yield from judge_mail(read.rules, read.settings, owner=owner, uses_mail_apps=uses_mail_apps(ctx, read))


def guided_step(ctx: Context, step: ManualStep) -> Iterator[Finding]:
    """Ask the person to look at a setting no API shows; unanswered, it stays a gap."""
    answer = ctx.ask(Question(step.question, choices=("yes", "no", "not sure")))
    if answer == "yes":
        fields = {"question": step.question, "answer": "yes"}
        yield Finding(step.code, step.severity, step.subject, (Evidence(step.source, ctx.now(), fields),))
    elif answer == "no":
        ctx.looked_at(f"your own look at a setting no app can read ({step.source})")
    else:
        ctx.partial(step.gap)
