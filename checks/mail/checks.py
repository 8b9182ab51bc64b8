"""The mail checks: each joins one source to the judgement. Sources are imported only when a check runs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.errors import SourceError
from cybercheck.pipeline.check import Area, Check, Input, Need
from cybercheck.pipeline.words import text

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding

_OWNER = Input("owner", kind="value", many=True)
_MAIL_APPS = Input("mail-apps", kind="value")


class GmailSettings(Check):
    """Gmail filters and settings through the Gmail API."""

    id = "mail.gmail"
    area = Area.ACCOUNTS
    inputs: ClassVar[tuple[Input, ...]] = (_OWNER, _MAIL_APPS)
    needs: ClassVar[tuple[Need, ...]] = (Need.secret("gmail-token"), Need.network())

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.mail.run import judge_read
        from checks.mail.sources.gmail import GMAIL_BASE, gmail_read
        from checks.mail.sources.google_login import gmail_access_token

        token = gmail_access_token(ctx.http, ctx.secret("gmail-token"), ctx.env, ctx.now())
        read = gmail_read(ctx.http, token, base=ctx.endpoint("gmail", GMAIL_BASE))
        yield from judge_read(ctx, read)


class OutlookRules(Check):
    """Outlook inbox rules and automatic replies through Microsoft Graph."""

    id = "mail.outlook"
    area = Area.ACCOUNTS
    inputs: ClassVar[tuple[Input, ...]] = (_OWNER, _MAIL_APPS)
    needs: ClassVar[tuple[Need, ...]] = (Need.secret("outlook-token"), Need.network())

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.mail.run import judge_read
        from checks.mail.sources.graph import GRAPH_BASE, graph_read
        from checks.mail.sources.microsoft_login import graph_access_token

        token = graph_access_token(ctx.http, ctx.secret("outlook-token"), ctx.env, ctx.now())
        read = graph_read(ctx.http, token, base=ctx.endpoint("graph", GRAPH_BASE))
        yield from judge_read(ctx, read)


class SieveFilters(Check):
    """Sieve filter scripts through ManageSieve, with the folder list over IMAP."""

    id = "mail.sieve"
    area = Area.ACCOUNTS
    inputs: ClassVar[tuple[Input, ...]] = (
        Input("imap"),
        Input("imap-user"),
        Input("imap-tls"),
        Input("sieve-port"),
        Input("sieve-tls"),
        _OWNER,
        _MAIL_APPS,
    )
    needs: ClassVar[tuple[Need, ...]] = (
        Need.input("imap"),
        Need.input("imap-user"),
        Need.secret("imap"),
        Need.network(),
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.mail.run import judge_read
        from checks.mail.sources.sieve import server_from_inputs, sieve_read

        names = ("imap", "imap-tls", "sieve-port", "sieve-tls")
        server = server_from_inputs({n: ctx.input(n) for n in names}, ctx.env.timeout)
        user = (ctx.input("imap-user") or "").strip()
        try:
            password = ctx.secret("imap", text("mail.ask-password", user=user, host=server.host))
            read = sieve_read(server, user, password)
        except SourceError as error:
            ctx.partial(error.plain)
            return
        yield from judge_read(ctx, read)


class TakeoutMail(Check):
    """Gmail filters and forwarding addresses in a Google Takeout export, or in Gmail's own filter export."""

    id = "mail.takeout"
    area = Area.ACCOUNTS
    inputs: ClassVar[tuple[Input, ...]] = (Input("takeout", kind="path"), _OWNER, _MAIL_APPS)
    needs: ClassVar[tuple[Need, ...]] = (Need.input("takeout"),)
    example_inputs: ClassVar[dict[str, str]] = {"takeout": "examples/takeout"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.mail.run import judge_read, read_takeout_input

        path = ctx.input_path("takeout")
        assert path is not None
        yield from judge_read(ctx, read_takeout_input(path))


class MailProvider(Check):
    """Who handles the mail of the person's domains (MX), and SPF and DMARC for domains they own."""

    id = "mail.provider"
    area = Area.ACCOUNTS
    inputs: ClassVar[tuple[Input, ...]] = (
        _OWNER,
        Input("domain", kind="value", many=True),
        Input("own-domain", kind="value", many=True),
    )
    needs: ClassVar[tuple[Need, ...]] = (Need.input("owner", "domain"), Need.network())

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.mail.run import provider_run

        yield from provider_run(ctx)
