"""The look-alike run: make the candidate domains, ask DNS about them (and about a control), then judge."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from checks.identity.candidates import candidates
from checks.identity.judge import judge_lookalikes
from checks.identity.records import Candidate, DomainRecords
from checks.identity.sources.dns import domain_records, name_exists
from cybercheck.errors import NeedUnmet
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.model import Finding
from cybercheck.pipeline.words import text

WORKERS = 16


def lookalike_run(ctx: Context) -> Iterator[Finding]:
    """Every candidate that exists, judged; a resolver that invents answers or stays silent is said so."""
    made = candidates(
        names=ctx.inputs("name"),
        usernames=ctx.inputs("username"),
        domains=ctx.inputs("domain"),
        country=ctx.country,
    )
    if not made:
        ctx.partial(text("identity.nothing-to-make"))
        return
    resolver = ctx.resolver
    unregistered = (
        f"cybercheck-{secrets.token_hex(8)}.com"  # asked to see whether the resolver invents answers
    )
    control = Candidate(unregistered, unregistered, "name", "")
    # NOTE: every top-level domain the candidates end in exists; a server that denies one denies everything.
    endings = sorted({c.domain.rsplit(".", 1)[-1] for c in made})
    with ThreadPoolExecutor(WORKERS) as pool:
        controls = list(pool.map(lambda c: domain_records(resolver, c), [control]))
        records = list(pool.map(lambda c: domain_records(resolver, c), made))
        known = list(pool.map(lambda name: name_exists(resolver, name), endings))
    answered = [r for r in records if not r.failed]
    if not answered:
        raise NeedUnmet(text("identity.dns-silent"))
    invented = _invented(controls)
    if invented is not None:
        ctx.partial(text("identity.dns-invents"))
    denied = [ending for ending, exists in zip(endings, known, strict=True) if exists is False]
    if denied:
        ctx.partial(text("identity.dns-denies", ending=", ".join("." + d for d in denied)))
    registered = sum(1 for r in answered if r.exists)
    by_reason = Counter(c.reason for c in made)
    kinds = ", ".join(text(f"identity.made-{reason}", count=count) for reason, count in by_reason.items())
    ctx.looked_at(text("identity.looked-up", count=len(answered), kinds=kinds, registered=registered))
    if len(answered) < len(records):
        ctx.partial(text("identity.unanswered", count=len(records) - len(answered)))
    yield from judge_lookalikes(answered, ignore_addresses=invented or frozenset())


def _invented(controls: list[DomainRecords]) -> frozenset[str] | None:
    """The addresses a rewriting resolver gives for names that do not exist; None when it gives none."""
    if not any(c.exists for c in controls):
        return None
    return frozenset(a for c in controls for a in c.a + c.aaaa)
