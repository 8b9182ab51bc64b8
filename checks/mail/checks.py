"""The mail checks: each joins one source to the one judgement. Sources are imported only when a check runs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Need
from cybercheck.errors import SourceError

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class GmailSettings(Check):
    """Reads a Gmail account's filters, forwarding, send-as addresses, POP/IMAP and auto-reply settings.

    First sign in once with `cybercheck login gmail` (it needs your own Google OAuth client of
    type "Desktop app": `--input google-client-id=ID --input google-client-secret=SECRET`). The
    sign-in asks only for "See your mail settings" (gmail.settings.basic), which cannot read,
    send or delete your messages. Give your own addresses with `--input owner=ADDRESS`
    (repeatable) so that forwarding to them is not reported. Nothing is changed.
    """

    id = "mail.gmail"
    title = "Gmail forwarding, filters and send-as addresses"
    area = Area.ACCOUNTS
    looks_at = "Gmail filters, forwarding, send-as and reply-to addresses, POP/IMAP access and auto-replies"
    needs: ClassVar[tuple[Need, ...]] = (
        Need.secret("gmail-token", "Sign in to Gmail first: cybercheck login gmail"),
        Need.network(),
    )
    blind_spots: ClassVar[tuple[str, ...]] = (
        "Gmail does not show other apps who has delegated access to a personal account; look in Gmail under Settings → See all settings → Accounts and Import.",
        "Someone who knows the password can read mail directly without any filter or forward.",
        "It cannot see apps and devices signed in to the account; the sessions checks look at those.",
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.mail.google_oauth import gmail_access_token
        from checks.mail.mailbox_check import judge_read

        from checks.mail.gmail import GMAIL_BASE, gmail_read

        token = gmail_access_token(ctx.http, ctx.secret("gmail-token"), ctx.env, ctx.now())
        read = gmail_read(ctx.http, token, base=ctx.endpoint("gmail", GMAIL_BASE))
        yield from judge_read(ctx, read)


class OutlookRules(Check):
    """Reads the inbox rules and automatic replies of an Outlook.com or Microsoft 365 mailbox.

    First sign in once with `cybercheck login outlook` (it needs an app id registered with
    Microsoft: `--input outlook-client-id=ID`). The sign-in asks only for read-only
    permissions (MailboxSettings.Read, Mail.ReadBasic). Microsoft does not show mailbox-wide
    forwarding to apps, so the check asks you to look at Settings → Mail → Forwarding. Give
    your own addresses with `--input owner=ADDRESS`. Nothing is changed.
    """

    id = "mail.outlook"
    title = "Outlook inbox rules and forwarding"
    area = Area.ACCOUNTS
    looks_at = "Outlook.com or Microsoft 365 inbox rules, automatic replies, and (by asking) mailbox forwarding"
    needs: ClassVar[tuple[Need, ...]] = (
        Need.secret("outlook-token", "Sign in to Outlook first: cybercheck login outlook"),
        Need.network(),
    )
    blind_spots: ClassVar[tuple[str, ...]] = (
        "Microsoft does not show apps the mailbox-wide forwarding setting or who has delegated access.",
        "Rules made in the Outlook desktop app that run only on that computer are not stored in the mailbox.",
        "Someone who knows the password can read mail directly without any rule.",
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.mail.mailbox_check import judge_read
        from checks.mail.microsoft_login import graph_access_token

        from checks.mail.graph import GRAPH_BASE, graph_read

        token = graph_access_token(ctx.http, ctx.secret("outlook-token"), ctx.env, ctx.now())
        read = graph_read(ctx.http, token, base=ctx.endpoint("graph", GRAPH_BASE))
        yield from judge_read(ctx, read)


class SieveFilters(Check):
    """Reads the Sieve filters of a mailbox through ManageSieve (Dovecot-based and many smaller providers).

    Give the server with `--input imap=HOST` (or HOST:PORT for IMAP), the user name with
    `--input imap-user=NAME`, and store the password once with `cybercheck login imap`.
    ManageSieve is port 4190 unless `--input sieve-port=N`; TLS is always used (STARTTLS, or
    `--input sieve-tls=implicit`), and the server's certificate must check out against this
    computer's trust store. The check lists every script, reads the active one and, when it
    files mail into folders, lists the folders over IMAP to know which are trash or archive.
    It reads only; it never uploads, activates or deletes a script.
    """

    id = "mail.sieve"
    title = "Sieve mail filters (ManageSieve)"
    area = Area.ACCOUNTS
    looks_at = "the Sieve filter scripts of a mailbox, and its folder list"
    needs: ClassVar[tuple[Need, ...]] = (
        Need.input("imap", how="Give the mail server: --input imap=HOST"),
        Need.input("imap-user", how="Give the mailbox user name: --input imap-user=NAME"),
        Need.secret("imap", "Store the mailbox password: cybercheck login imap"),
        Need.network(),
    )
    blind_spots: ClassVar[tuple[str, ...]] = (
        "Filters kept by a provider outside Sieve (for example in its own web settings) are not seen.",
        "Forwarding set up in the provider's account settings rather than in a script is not seen.",
        "Someone who knows the password can read mail directly without any filter.",
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.mail.mailbox_check import judge_read
        from checks.mail.sieve import server_from_inputs, sieve_read

        names = ("imap", "imap-tls", "sieve-port", "sieve-tls")
        server = server_from_inputs({n: ctx.input(n) for n in names}, ctx.env.timeout)
        user = (ctx.input("imap-user") or "").strip()
        try:
            read = sieve_read(server, user, ctx.secret("imap", f"Type the password for {user} on {server.host}"))
        except SourceError as error:
            ctx.partial(error.plain)
            return
        yield from judge_read(ctx, read)


class TakeoutMail(Check):
    """Reads Gmail's filters and forwarding addresses from a Google Takeout export, without signing in.

    At takeout.google.com, choose "Mail" (the mail itself can be left out: under "All Mail
    data included" you can untick everything and keep the settings), download the export and
    give it with `--input takeout=PATH` (the .zip file or the unpacked folder). Give your own
    addresses with `--input owner=ADDRESS`. The export is read in place; nothing is sent anywhere.
    """

    id = "mail.takeout"
    title = "Gmail filters and forwarding in a Google Takeout export"
    area = Area.ACCOUNTS
    looks_at = "the Gmail 'User Settings' files of a Google Takeout export"
    needs: ClassVar[tuple[Need, ...]] = (Need.input("takeout", how="Give the Takeout export: --input takeout=PATH"),)
    blind_spots: ClassVar[tuple[str, ...]] = (
        "Takeout does not say whether automatic forwarding is switched on, only which addresses are set up for it.",
        "An export shows the settings on the day it was made; changes since then are not seen.",
        "Someone who knows the password can read mail directly without any filter or forward.",
    )
    example_inputs: ClassVar[dict[str, str]] = {"takeout": "examples/takeout"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.mail.mailbox_check import judge_read
        from checks.mail.takeout import takeout_read
        from cybercheck.archive import open_export

        path = ctx.input_path("takeout")
        assert path is not None
        with open_export(path) as export:
            read = takeout_read(export)
        yield from judge_read(ctx, read)


class MailProvider(Check):
    """Looks up who handles the mail of your addresses, and which mail check applies to each.

    Give your addresses with `--input owner=ADDRESS` (repeatable) or a domain with `--input
    domain=example.org`. For a domain you own (your own name, a business), say so with
    `--input own-domain=example.org` or answer the question; the check then also reads its SPF
    and DMARC records, which decide whether others can send mail that looks like it came from
    you. Only public DNS records are looked up; nothing about your mailbox is sent anywhere.
    """

    id = "mail.provider"
    title = "Who handles your mail, and whether others can send as your domain"
    area = Area.ACCOUNTS
    looks_at = "the public DNS records (MX, SPF, DMARC) of the domains of your addresses"
    needs: ClassVar[tuple[Need, ...]] = (
        Need.input("owner", "domain", how="Give your address: --input owner=ADDRESS (or --input domain=DOMAIN)"),
        Need.network(),
    )
    blind_spots: ClassVar[tuple[str, ...]] = (
        "DNS records say who receives mail for a domain, not who can read a mailbox.",
        "A DMARC policy cannot stop look-alike addresses or domains that differ by a letter.",
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.mail.judge import judge_domain
        from checks.mail.provider import describe_domain, lookup_domain, shared_domain

        domains = [a.rpartition("@")[2] for a in ctx.owner if "@" in a]
        domains += [d.strip().lower().lstrip("@") for d in ctx.inputs("domain")]
        own = {d.strip().lower().lstrip("@") for d in ctx.inputs("own-domain")}
        for domain in dict.fromkeys(d.rstrip(".") for d in domains + sorted(own) if d):
            owned = domain in own or (not shared_domain(domain) and self._ask_owned(ctx, domain))
            found = lookup_domain(ctx.resolver, domain, owned=owned)
            for problem in found.problems:
                ctx.partial(problem)
            if found.mx or not found.problems:
                ctx.looked_at(describe_domain(found))
            yield from judge_domain(found)

    @staticmethod
    def _ask_owned(ctx: Context, domain: str) -> bool:
        from cybercheck.pipeline.context import Question

        answer = ctx.ask(Question(f"Is {domain} your own domain (one you or your business pay for), not a mail provider's?"))
        return answer == "yes"
