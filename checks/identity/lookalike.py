"""identity.lookalike: registered domains that could pass as the person, their name or their site."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Need
from cybercheck.errors import NeedUnmet

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding

WORKERS = 16


class Lookalike(Check):
    """Looks for websites set up in the person's name, or made to look like their own site.

    People who stalk sometimes register a domain with the victim's name, or one that looks
    almost exactly like the victim's own domain, to pretend to be them or to collect their
    mail. Give the person's name (`--input name="Jane Doe"`), their usernames (`--input
    username=janedoe`, repeatable) and, if they have one, their own domain (`--input
    domain=janedoe.net`). The check makes the domains someone would register: the name and
    usernames on common endings (.com, .net, .org ... and the country's own, with
    `--country`), names with and without accents, and for their own domain, versions with one
    typing mistake and with look-alike letters (such as a Cyrillic "а" in place of "a",
    shown in some browsers exactly like the real name). It then asks this computer's DNS
    resolver which of them exist, and reports those that do with their addresses, mail and
    name servers. Only those DNS questions leave the computer. It needs the internet and does
    not run with --offline.
    """

    id = "identity.lookalike"
    title = "Websites registered in your name or looking like your domain"
    area = Area.NETWORK
    looks_at = "the public records (DNS) of web addresses made from your name, usernames and own domain"
    needs = (
        Need.input("name", "username", "domain", how="The person's name, a username or their own domain "
                   "(--input name=\"Jane Doe\", --input username=janedoe, --input domain=janedoe.net)."),
        Need.network("This check asks DNS about domains on the internet, so it cannot run with --offline."),
    )
    blind_spots: ClassVar[tuple[str, ...]] = (
        "It finds web addresses, not profiles: fake social media accounts in your name are not looked for.",
        "A web address with your name can belong to someone else with the same name.",
        (
            "It tries the most likely domains, not every possible one, and cannot see sites under other "
            "people's domains (for example a page on a free website builder)."
        ),
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        import secrets
        from concurrent.futures import ThreadPoolExecutor

        from checks.identity.candidates import candidates
        from checks.identity.judge import judge_lookalikes
        from checks.identity.lookup import domain_records

        made = candidates(
            names=ctx.inputs("name"), usernames=ctx.inputs("username"), domains=ctx.inputs("domain"), country=ctx.country
        )
        if not made:
            ctx.partial("No domain could be made from the name, usernames and domain given.")
            return
        resolver = ctx.resolver
        control = [f"cybercheck-{secrets.token_hex(8)}.com"]
        with ThreadPoolExecutor(WORKERS) as pool:
            from checks.identity.records import Candidate

            controls = list(pool.map(lambda d: domain_records(resolver, Candidate(d, d, "name", "")), control))
            records = list(pool.map(lambda c: domain_records(resolver, c), made))
        answered = [r for r in records if not r.failed]
        if not answered:
            raise NeedUnmet(
                "The DNS server did not answer, so this computer seems to have no internet connection. "
                "Connect to the internet and run the check again."
            )
        invented: frozenset[str] = frozenset()
        if any(c.exists for c in controls):
            invented = frozenset(a for c in controls for a in c.a + c.aaaa)
            ctx.partial(
                "This network's DNS server answers even for names that do not exist, so some domains may look "
                "registered when they are not. Run the check again on another network to be sure."
            )
        registered = sum(1 for r in answered if r.exists)
        by_reason: dict[str, int] = {}
        for candidate in made:
            by_reason[candidate.reason] = by_reason.get(candidate.reason, 0) + 1
        kinds = ", ".join(f"{n} {_REASONS[k]}" for k, n in by_reason.items())
        ctx.looked_at(f"{len(answered)} look-alike domains ({kinds}); {registered} are registered")
        if len(answered) < len(records):
            ctx.partial(f"{len(records) - len(answered)} domains got no answer from the DNS server and were not checked.")
        yield from judge_lookalikes(answered, ignore_addresses=invented)


_REASONS = {
    "homoglyph": "with look-alike letters",
    "typo": "with a typing mistake",
    "other-ending": "with another ending",
    "name": "from the name",
    "username": "from usernames",
}
