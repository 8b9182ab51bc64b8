"""Run steps of the network checks: asking every DNS server, and reading captures and logs, with coverage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cybercheck.errors import DamagedInput, NeedUnmet
from cybercheck.pipeline.words import text

if TYPE_CHECKING:
    from checks.network.records import Answer, DnsAnswers, SystemResolver, TrafficRead
    from cybercheck.pipeline.context import Context

# The sign-in sites asked about; the judgement names each by its provider (checks/common/signin-domains.yaml).
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


def ask_everyone(ctx: Context) -> DnsAnswers:
    """Ask this network's DNS server and the independent resolvers the same questions, with coverage."""
    import secrets
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from checks.network.records import DnsAnswers
    from checks.network.sources.resolvers import (
        DEFAULT_DOH,
        DEFAULT_DOT,
        Encrypted,
        ask_encrypted,
        ask_system,
        encrypted_resolvers,
    )
    from checks.network.sources.system_dns import system_resolver

    resolver = ctx.resolver
    asked_servers = tuple(str(s) for s in resolver.nameservers)
    system_label = text("network.system-label", servers=", ".join(asked_servers))
    _say_where(ctx, system_resolver(ctx.input_path("resolv-conf")), asked_servers)

    independent = encrypted_resolvers(
        ctx.inputs("doh"),
        ctx.inputs("dot"),
        ctx.endpoint("doh", DEFAULT_DOH),
        ctx.endpoint("dot", DEFAULT_DOT),
    )
    questions = [(n, t) for n in SIGNIN_NAMES for t in ("A", "AAAA")]
    questions += [(d, "MX") for d in _mail_domains(ctx.owner)]
    probes = [f"cybercheck-{secrets.token_hex(8)}.com", f"{secrets.token_hex(10)}.net"]
    timeout = float(resolver.lifetime or 5.0)
    given_up: dict[Encrypted, str] = {}
    with ThreadPoolExecutor(WORKERS) as pool:
        system_jobs = [pool.submit(ask_system, resolver, system_label, n, t) for n, t in questions]
        probe_jobs = [pool.submit(ask_system, resolver, system_label, n, "A") for n in probes]
        # Resolvers taken in turn, so that each is first tried side by side with the others.
        other_jobs = [
            pool.submit(ask_encrypted, r, n, t, session=ctx.http, timeout=timeout, given_up=given_up)
            for n, t in questions
            for r in independent
        ]
        bar = ctx.progress(len(system_jobs) + len(probe_jobs) + len(other_jobs), str(text("network.asking")))
        for _ in as_completed([*system_jobs, *probe_jobs, *other_jobs]):
            bar.advance()
        bar.close()
        system_answers = [j.result() for j in system_jobs]
        probe_answers = [j.result() for j in probe_jobs]
        other_answers = [j.result() for j in other_jobs]
    _say_answered(ctx, system_label, len(questions), system_answers, other_answers)
    ctx.looked_at(text("network.made-up-names", count=len(probes)))
    return DnsAnswers(tuple(system_answers + other_answers), tuple(probe_answers), system_label)


def _say_where(ctx: Context, info: SystemResolver | None, asked: tuple[str, ...]) -> None:
    """Which DNS servers this computer asks and what set them, as coverage."""
    servers = ", ".join(info.servers) if info else ""
    if info and set(info.servers) == set(asked):
        fields = {"servers": servers, "origin": info.origin, "source": info.source}
        if info.upstream:
            ctx.looked_at(text("network.asks-forwarding", upstream=", ".join(info.upstream), **fields))
        else:
            ctx.looked_at(text("network.asks", **fields))
    elif info and info.servers:
        ctx.looked_at(
            text("network.normally-asks", servers=servers, origin=info.origin, asked=", ".join(asked))
        )
    else:
        ctx.looked_at(text("network.asked-unknown", asked=", ".join(asked) or text("network.no-dns-server")))


def _say_answered(
    ctx: Context, system_label: str, questions: int, system_answers: list[Answer], other_answers: list[Answer]
) -> None:
    """How many questions each side answered, as coverage and gaps; NeedUnmet when nobody answered."""
    system_ok = [a for a in system_answers if a.outcome != "failed"]
    other_ok = [a for a in other_answers if a.outcome != "failed"]
    if not system_ok and not other_ok:
        raise NeedUnmet(text("network.no-answers"))
    ctx.looked_at(
        text("network.system-answers", count=len(system_ok), resolver=system_label, questions=questions)
    )
    reached = sorted({a.resolver for a in other_ok})
    if reached:
        ctx.looked_at(text("network.independent-answers", count=len(other_ok), resolvers="; ".join(reached)))
    if len(system_ok) < len(system_answers):
        missing = len(system_answers) - len(system_ok)
        ctx.partial(
            text(
                "network.system-unanswered", resolver=system_label, missing=missing, asked=len(system_answers)
            )
        )
    if not other_ok:
        ctx.partial(text("network.no-independent"))
        return
    for failed in sorted({a.resolver for a in other_answers} - set(reached)):
        ctx.partial(text("network.independent-unreached", resolver=failed))
    uncompared = _uncompared(system_answers, other_answers)
    if uncompared:
        names = ", ".join(sorted({f"{a.name} {a.rdtype}" for a in uncompared}))
        ctx.partial(
            text("network.independent-unanswered", count=len(uncompared), asked=questions, names=names)
        )


def _uncompared(system_answers: list[Answer], other_answers: list[Answer]) -> list[Answer]:
    """This network's answers that no independent resolver gave anything to compare with.

    An address with none beside it (the independent resolvers failed, or said the name has none) cannot
    be told from a hijack; a "no such name" can be compared with any answer but a failure.
    """
    theirs: dict[tuple[str, str], list[Answer]] = {}
    for answer in other_answers:
        theirs.setdefault((answer.name, answer.rdtype), []).append(answer)
    out = []
    for ours in system_answers:
        others = theirs.get((ours.name, ours.rdtype), [])
        if ours.outcome == "answer":
            compared = any(a.outcome == "answer" for a in others)
        else:
            compared = ours.outcome == "failed" or any(a.outcome != "failed" for a in others)
        if not compared:
            out.append(ours)
    return out


def _mail_domains(owner: tuple[str, ...]) -> list[str]:
    domains = []
    for value in owner:
        if "@" in value:
            domain = value.rsplit("@", 1)[1].strip().rstrip(".")
            if domain and domain not in domains:
                domains.append(domain)
    return domains


def read_traffic(ctx: Context) -> list[TrafficRead]:
    """Every capture and DNS log given, read with coverage; DamagedInput when none could be read."""
    from checks.network.sources.capture import read_capture
    from checks.network.sources.dnslog import read_dnslog

    reads: list[TrafficRead] = []
    for name in ("pcap", "dnslog"):
        path = ctx.input_path(name)
        if path is None:
            continue
        try:
            read = read_capture(path) if name == "pcap" else read_dnslog(path, now=ctx.now())
        except DamagedInput as error:
            ctx.partial(error.plain)
            continue
        _coverage(ctx, read)
        reads.append(read)
    if not reads:
        raise DamagedInput(text("network.nothing-readable"))
    return reads


def _coverage(ctx: Context, read: TrafficRead) -> None:
    counts: dict[str, int] = {}
    for sighting in read.names:
        counts[sighting.via] = counts.get(sighting.via, 0) + 1
    kinds = ", ".join(
        text(key, count=counts[via])
        for via, key in (
            ("dns", "network.kinds-dns"),
            ("tls", "network.kinds-tls"),
            ("http", "network.kinds-http"),
        )
        if counts.get(via)
    ) or text("network.kinds-none")
    fields: dict[str, object] = {"items": read.items, "source": read.source, "kinds": kinds}
    span = read.first is not None and read.last is not None
    if span:
        fields.update(first=f"{read.first:%Y-%m-%d %H:%M}", last=f"{read.last:%Y-%m-%d %H:%M}")
    if read.kind == "capture":
        key = "network.capture-read-span" if span else "network.capture-read"
        ctx.looked_at(text(key, destinations=len(read.destinations), **fields))
    else:
        ctx.looked_at(text("network.dnslog-read-span" if span else "network.dnslog-read", **fields))
    if read.skipped_truncated:
        ctx.partial(text("network.packets-cut", count=read.skipped_truncated, source=read.source))
    if read.skipped_malformed:
        one = read.skipped_malformed == 1
        if read.kind == "capture":
            damaged = "network.packets-damaged-one" if one else "network.packets-damaged"
        else:
            damaged = "network.lines-damaged-one" if one else "network.lines-damaged"
        ctx.partial(text(damaged, count=read.skipped_malformed, source=read.source))
    if read.file_truncated:
        ctx.partial(text("network.file-cut", source=read.source))
    for note in read.notes:
        ctx.partial(note)
    if read.kind == "capture" and not counts.get("dns") and read.destinations:
        ctx.partial(text("network.no-dns-lookups", source=read.source))
