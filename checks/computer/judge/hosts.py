"""Judges hosts-file entries: sign-in sites blocked, and a provider's names sent to another server.

Knows no file format. A block list of hundreds of names gives at most one finding for the
sign-in sites it blocks; a provider's names sent to one server give one finding for that server.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator

from checks.common.signin_domains import provider_of, signin_provider_of
from checks.computer.records import HostsEntry
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

MAX_EVIDENCE = 12  # entries kept as evidence on one finding; the subject counts them all


def blocks(address: str) -> bool:
    """Whether a hosts entry's address sends its name nowhere (0.0.0.0, ::, or this computer itself)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_loopback or ip.is_unspecified


def judge_hosts(entries: Iterable[HostsEntry], *, source: str) -> Iterator[Finding]:
    """One finding for the sign-in sites blocked, one for each server a provider's names are sent to."""
    blocked: list[tuple[HostsEntry, str]] = []
    redirected: dict[tuple[str, str], list[HostsEntry]] = {}
    for entry in entries:
        if blocks(entry.address):
            provider = signin_provider_of(entry.name)
            if provider is not None:
                blocked.append((entry, provider))
        elif (provider := provider_of(entry.name)) is not None:
            redirected.setdefault((entry.address, provider), []).append(entry)
    for (address, provider), found in redirected.items():
        subject = (
            text("computer.hosts-subject", provider=provider, name=found[0].name, address=address)
            if len(found) == 1
            else text("computer.hosts-redirected-many", count=len(found), provider=provider, address=address)
        )
        yield _finding("computer.hosts.redirected-signin", Severity.HIGH, subject, found, source)
    if blocked:
        first, provider = blocked[0]
        providers = ", ".join(dict.fromkeys(p for _, p in blocked))
        subject = (
            text("computer.hosts-subject", provider=provider, name=first.name, address=first.address)
            if len(blocked) == 1
            else text("computer.hosts-blocked-many", count=len(blocked), providers=providers)
        )
        yield _finding(
            "computer.hosts.blocked-signin", Severity.LOW, subject, [e for e, _ in blocked], source
        )


def _finding(code: str, severity: Severity, subject: str, entries: list[HostsEntry], source: str) -> Finding:
    evidence = [
        Evidence(
            source=source,
            fields={"line": str(e.line_number), "text": e.line, "name": e.name, "address": e.address},
        )
        for e in entries[:MAX_EVIDENCE]
    ]
    if len(entries) > MAX_EVIDENCE:
        more = text("computer.hosts-more", count=len(entries) - MAX_EVIDENCE)
        evidence.append(Evidence(source=source, fields={"text": more}))
    return Finding(code=code, severity=severity, subject=subject, evidence=tuple(evidence))
