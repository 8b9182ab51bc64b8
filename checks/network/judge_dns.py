"""Judges DNS answers: the system's resolver beside independent ones. Knows no transport or server."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator

from checks.common.signin_domains import provider_of
from checks.network.provider_networks import in_networks
from checks.network.records import Answer
from cybercheck.pipeline.model import Evidence, Finding, Severity

SOURCE = "DNS answers compared by cybercheck"
PRIVATE = tuple(
    ipaddress.ip_network(n)
    for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10",
              "fc00::/7", "fe80::/10", "::1/128")
)


def _kind(address: str) -> str:
    """ "blocked", "private" or "public"."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "public"
    if ip.is_unspecified:
        return "blocked"
    if any(ip in network for network in PRIVATE if network.version == ip.version):
        return "private"
    return "public"


def _said(answer: Answer) -> str:
    if answer.outcome == "answer":
        return ", ".join(answer.values)
    return {"nxdomain": "no such name (NXDOMAIN)", "nodata": "no records of this type", "failed": "no answer"}[answer.outcome] + (
        f" ({answer.detail})" if answer.detail and answer.outcome == "failed" else ""
    )


def _evidence(system: Answer, others: list[Answer], **extra: str) -> Evidence:
    fields = {"name": system.name, "record type": system.rdtype, f"{system.resolver} answered": _said(system)}
    for other in others:
        fields[f"{other.resolver} answered"] = _said(other)
    fields.update(extra)
    return Evidence(source=SOURCE, fields=fields)


def judge_answers(answers: Iterable[Answer], *, system_label: str) -> Iterator[Finding]:
    """Findings from every answer to the sign-in and mail names, grouped by name and type."""
    grouped: dict[tuple[str, str], list[Answer]] = {}
    for answer in answers:
        grouped.setdefault((answer.name, answer.rdtype), []).append(answer)
    for (name, rdtype), group in grouped.items():
        system = next((a for a in group if a.resolver == system_label), None)
        others = [a for a in group if a.resolver != system_label]
        if system is not None:
            yield from _judge_one(name, rdtype, system, others)


def _finding(code: str, severity: Severity, subject: str, system: Answer, others: list[Answer], **extra: str) -> Finding:
    return Finding(code=code, severity=severity, subject=subject, evidence=(_evidence(system, others, **extra),))


def _judge_one(name: str, rdtype: str, system: Answer, others: list[Answer]) -> Iterator[Finding]:
    provider = provider_of(name) or name
    independent = {v for a in others if a.outcome == "answer" for v in a.values}
    if system.outcome == "answer":
        if rdtype in ("A", "AAAA"):
            kinds = {_kind(v) for v in system.values}
            if "private" in kinds:
                yield _finding("network.dns.private-answer", Severity.HIGH,
                               f"{provider} ({name}) leads to an address inside a private network", system, others)
                return
            if kinds == {"blocked"}:
                yield _finding("network.dns.blocked", Severity.LOW,
                               f"{provider} ({name}) is blocked by this network's DNS server", system, others)
                return
            if independent and not (set(system.values) & independent):
                outside = [v for v in system.values if in_networks(v, provider) is False]
                theirs_inside = any(in_networks(v, provider) for v in independent)
                if outside and len(outside) == len(system.values) and theirs_inside:
                    yield _finding(
                        "network.dns.answer-differs", Severity.HIGH,
                        f"{provider} ({name}) leads somewhere other than {provider}'s own servers", system, others,
                        **{"outside the provider's known networks": ", ".join(outside)},
                    )
        elif rdtype == "MX" and independent and not (set(system.values) & independent):
            yield _finding("network.dns.mail-differs", Severity.MEDIUM,
                           f"Mail for {name} is sent to a different server on this network", system, others)
        return
    if system.outcome in ("nxdomain", "nodata") and independent and not (rdtype == "AAAA" and system.outcome == "nodata"):
        # NOTE: some home routers drop AAAA answers on purpose (dnsmasq filter-AAAA): not a sign of tampering.
        yield _finding("network.dns.missing-answer", Severity.MEDIUM,
                       f"This network says {provider} ({name}) does not exist", system, others)


def judge_rewriting(probes: Iterable[Answer]) -> Iterator[Finding]:
    """A finding when the resolver answered for names made up on the spot (NXDOMAIN rewriting)."""
    answered = [p for p in probes if p.outcome == "answer"]
    if not answered:
        return
    yield Finding(
        code="network.dns.nxdomain-rewriting",
        severity=Severity.MEDIUM,
        subject="This network's DNS server gives an address even for names that do not exist",
        evidence=tuple(
            Evidence(
                source=SOURCE,
                fields={"made-up name asked": p.name, "record type": p.rdtype, f"{p.resolver} answered": _said(p)},
            )
            for p in answered
        ),
    )
