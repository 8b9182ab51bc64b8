"""Judges DNS answers: the system's resolver beside independent ones. Knows no transport or server."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator

from checks.common.signin_domains import provider_of
from checks.network.provider_networks import in_networks
from checks.network.records import Answer
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import Text, text

PRIVATE = tuple(
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "100.64.0.0/10",
        "fc00::/7",
        "fe80::/10",
        "::1/128",
    )
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


_SAID = {
    "nxdomain": "network.said-nxdomain",
    "nodata": "network.said-nodata",
    "failed": "network.said-failed",
}


def _said(answer: Answer) -> str:
    if answer.outcome == "answer":
        return ", ".join(answer.values)
    if answer.outcome == "failed" and answer.detail:
        return text("network.said-failed-detail", detail=answer.detail)
    return text(_SAID[answer.outcome])


def _answered(resolver: str) -> Text:
    return text("network.field-answered", resolver=resolver)


def _evidence(system: Answer, others: list[Answer], extra: dict[str, str] | None = None) -> Evidence:
    fields: dict[str, str] = {
        text("network.field-name"): system.name,
        text("network.field-record-type"): system.rdtype,
        _answered(system.resolver): _said(system),
    }
    for other in others:
        fields[_answered(other.resolver)] = _said(other)
    fields.update(extra or {})
    return Evidence(source=text("network.dns-source"), fields=fields)


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


def _finding(
    code: str,
    severity: Severity,
    subject: Text,
    system: Answer,
    others: list[Answer],
    extra: dict[str, str] | None = None,
) -> Finding:
    return Finding(
        code=code, severity=severity, subject=subject, evidence=(_evidence(system, others, extra),)
    )


def _judge_one(name: str, rdtype: str, system: Answer, others: list[Answer]) -> Iterator[Finding]:
    provider = provider_of(name) or name
    independent = {v for a in others if a.outcome == "answer" for v in a.values}
    if system.outcome == "answer":
        if rdtype in ("A", "AAAA"):
            kinds = {_kind(v) for v in system.values}
            if "private" in kinds:
                subject = text("network.private-answer", provider=provider, name=name)
                yield _finding("network.dns.private-answer", Severity.HIGH, subject, system, others)
                return
            if kinds == {"blocked"}:
                subject = text("network.blocked", provider=provider, name=name)
                yield _finding("network.dns.blocked", Severity.LOW, subject, system, others)
                return
            if independent and not (set(system.values) & independent):
                outside = [v for v in system.values if in_networks(v, provider) is False]
                theirs_inside = any(in_networks(v, provider) for v in independent)
                if outside and len(outside) == len(system.values) and theirs_inside:
                    subject = text("network.answer-differs", provider=provider, name=name)
                    extra: dict[str, str] = {text("network.field-outside"): ", ".join(outside)}
                    yield _finding(
                        "network.dns.answer-differs", Severity.HIGH, subject, system, others, extra
                    )
        elif rdtype == "MX" and independent and not (set(system.values) & independent):
            subject = text("network.mail-differs", name=name)
            yield _finding("network.dns.mail-differs", Severity.MEDIUM, subject, system, others)
        return
    if (
        system.outcome in ("nxdomain", "nodata")
        and independent
        and not (rdtype == "AAAA" and system.outcome == "nodata")
    ):
        # NOTE: some home routers drop AAAA answers on purpose (dnsmasq filter-AAAA): not a sign of tampering.
        subject = text("network.missing-answer", provider=provider, name=name)
        yield _finding("network.dns.missing-answer", Severity.MEDIUM, subject, system, others)


def judge_rewriting(probes: Iterable[Answer]) -> Iterator[Finding]:
    """A finding when the resolver answered for names made up on the spot (NXDOMAIN rewriting)."""
    answered = [p for p in probes if p.outcome == "answer"]
    if not answered:
        return
    yield Finding(
        code="network.dns.nxdomain-rewriting",
        severity=Severity.MEDIUM,
        subject=text("network.rewriting"),
        evidence=tuple(
            Evidence(
                source=text("network.dns-source"),
                fields={
                    text("network.field-made-up-name"): p.name,
                    text("network.field-record-type"): p.rdtype,
                    _answered(p.resolver): _said(p),
                },
            )
            for p in answered
        ),
    )
