"""network.dns: whether this network's DNS tells the truth about sign-in and mail sites."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Need
from cybercheck.errors import NeedUnmet
from cybercheck.pipeline.words import text

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding

SIGNIN_NAMES = (
    "accounts.google.com",
    "mail.google.com",
    "login.microsoftonline.com",
    "login.live.com",
    "outlook.office365.com",
    "appleid.apple.com",
    "www.icloud.com",
    "www.facebook.com",
    "www.instagram.com",
    "x.com",
)
WORKERS = 8


class DnsCheck(Check):
    """Checks whether this network's DNS server gives true answers for sign-in and mail sites.

    Someone with access to the home router can change the DNS server it hands out, and send
    everyone at home to a fake sign-in page. This check asks this computer's DNS server for
    Google, Microsoft, Apple, Meta and X sign-in sites (and the mail servers of the person's
    own addresses, given with `--input owner=ADDRESS`), asks the same of independent public
    resolvers over an encrypted connection that the router cannot change (DNS over HTTPS and
    DNS over TLS: Cloudflare, Google and Quad9 by default), and compares the answers. It also
    asks for two made-up names, to see whether the server invents answers. It says which DNS
    server this computer uses and what set it (the network through DHCP, or by hand).

    Other independent resolvers: `--input doh=https://HOST/dns-query` and `--input dot=IP#NAME`
    (repeatable), or `--endpoint doh=URL,URL` and `--endpoint dot=IP#NAME,...`. `--input
    resolv-conf=FILE` describes another computer's resolv.conf. The names asked go to this
    network's DNS server and to the independent resolvers; nothing else leaves the computer.
    It needs the internet and does not run with --offline.
    """

    id = "network.dns"
    title = "Whether this network sends sign-in sites to the right place"
    area = Area.NETWORK
    looks_at = "the answers this network's DNS server gives for sign-in and mail sites, beside independent resolvers"
    needs = (Need.network("This check asks DNS servers on the internet, so it cannot run with --offline."),)
    blind_spots: ClassVar[tuple[str, ...]] = (
        (
            "It checks this network as it is now, from this computer: a phone on mobile data, or another "
            "Wi-Fi network, can be set up differently."
        ),
        (
            "It cannot see a fake site reached by a link in a message, a tampered hosts file (computer.hosts "
            "looks at that) or a router that only tampers with some devices."
        ),
        (
            "Big sites answer from many addresses, so a different answer is not always a sign of tampering; "
            "only answers outside the provider's known networks are reported."
        ),
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        import secrets
        from concurrent.futures import ThreadPoolExecutor, as_completed

        from checks.network.judge_dns import judge_answers, judge_rewriting
        from checks.network.resolvers import (
            DEFAULT_DOH,
            DEFAULT_DOT,
            ask_encrypted,
            ask_system,
            encrypted_resolvers,
        )
        from checks.network.system_dns import system_resolver

        resolver = ctx.resolver
        info = system_resolver(ctx.input_path("resolv-conf"))
        asked_servers = tuple(str(s) for s in resolver.nameservers)
        system_label = "this network's DNS server " + ", ".join(asked_servers)
        if info and set(info.servers) == set(asked_servers):
            upstream = f", which forwards to {', '.join(info.upstream)}" if info.upstream else ""
            ctx.looked_at(f"This computer asks {', '.join(info.servers)}{upstream}: {info.origin} (read from {info.source})")
        elif info and info.servers:
            ctx.looked_at(
                f"This computer normally asks {', '.join(info.servers)} ({info.origin}); this check asked "
                f"{', '.join(asked_servers)}, as it was told to"
            )
        else:
            ctx.looked_at(f"This check asked {', '.join(asked_servers) or 'no DNS server'}; where that came from could not be found")

        independent = encrypted_resolvers(
            ctx.inputs("doh"), ctx.inputs("dot"), ctx.endpoint("doh", DEFAULT_DOH), ctx.endpoint("dot", DEFAULT_DOT)
        )
        questions = [(n, t) for n in SIGNIN_NAMES for t in ("A", "AAAA")]
        questions += [(d, "MX") for d in _mail_domains(ctx.owner)]
        probes = [f"cybercheck-{secrets.token_hex(8)}.com", f"{secrets.token_hex(10)}.net"]
        timeout = float(resolver.lifetime or 5.0)
        with ThreadPoolExecutor(WORKERS) as pool:
            system_jobs = [pool.submit(ask_system, resolver, system_label, n, t) for n, t in questions]
            probe_jobs = [pool.submit(ask_system, resolver, system_label, n, "A") for n in probes]
            # Resolvers taken in turn, so that each is first tried side by side with the others.
            other_jobs = [
                pool.submit(ask_encrypted, r, n, t, session=ctx.http, timeout=timeout)
                for n, t in questions for r in independent
            ]
            bar = ctx.progress(len(system_jobs) + len(probe_jobs) + len(other_jobs), str(text("network.asking")))
            for _ in as_completed([*system_jobs, *probe_jobs, *other_jobs]):
                bar.advance()
            bar.close()
            system_answers = [j.result() for j in system_jobs]
            probe_answers = [j.result() for j in probe_jobs]
            other_answers = [j.result() for j in other_jobs]

        system_ok = [a for a in system_answers if a.outcome != "failed"]
        other_ok = [a for a in other_answers if a.outcome != "failed"]
        if not system_ok and not other_ok:
            raise NeedUnmet(
                "No DNS server answered, neither this network's nor the independent ones, so this computer "
                "seems to have no internet connection. Connect to the network you want to check and run it again."
            )
        ctx.looked_at(f"{len(system_ok)} answers from {system_label} for {len(questions)} questions")
        reached = sorted({a.resolver for a in other_ok})
        if reached:
            ctx.looked_at(f"{len(other_ok)} answers from independent resolvers: {'; '.join(reached)}")
        if len(system_ok) < len(system_answers):
            ctx.partial(
                f"{system_label} did not answer {len(system_answers) - len(system_ok)} of {len(system_answers)} "
                "questions, so those names could not be compared."
            )
        if not other_ok:
            ctx.partial(
                "None of the independent resolvers could be reached over an encrypted connection (this network may "
                "block them), so the answers could not be compared; only private and made-up answers were checked."
            )
        for failed in sorted({a.resolver for a in other_answers} - set(reached)):
            if other_ok:
                ctx.partial(f"{failed} could not be reached; the other independent resolvers were used.")
        ctx.looked_at(f"{len(probes)} made-up names, to see whether the DNS server invents answers")
        yield from judge_answers(system_answers + other_answers, system_label=system_label)
        yield from judge_rewriting(probe_answers)


def _mail_domains(owner: tuple[str, ...]) -> list[str]:
    domains = []
    for value in owner:
        if "@" in value:
            domain = value.rsplit("@", 1)[1].strip().rstrip(".")
            if domain and domain not in domains:
                domains.append(domain)
    return domains
