"""Judges hosts-file entries: sign-in sites sent to another address. Knows no file format."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator

from checks.common.signin_domains import provider_of
from checks.computer.records import HostsEntry
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text


def _blocks(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_loopback or ip.is_unspecified


def judge_hosts(entries: Iterable[HostsEntry], *, source: str) -> Iterator[Finding]:
    """A finding for each sign-in site that a hosts entry sends somewhere other than DNS would."""
    for entry in entries:
        provider = provider_of(entry.name)
        if provider is None:
            continue
        blocked = _blocks(entry.address)
        yield Finding(
            code="computer.hosts.blocked-signin" if blocked else "computer.hosts.redirected-signin",
            severity=Severity.LOW if blocked else Severity.HIGH,
            subject=text("computer.hosts-subject", provider=provider, name=entry.name, address=entry.address),
            evidence=(
                Evidence(
                    source=source,
                    fields={
                        "line": str(entry.line_number),
                        "text": entry.line,
                        "name": entry.name,
                        "address": entry.address,
                    },
                ),
            ),
        )
