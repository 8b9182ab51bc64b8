"""Judges traffic records: stalkerware indicators, then TinyCheck's heuristics. Knows no file format."""

from __future__ import annotations

import ipaddress
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from checks.common.signin_domains import provider_of
from checks.network.records import Destination, HttpRequest, NameSighting, TrafficRead
from cybercheck.indicators.sets import IndicatorMatch, IndicatorSet, ThreatKind
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import Text, text
from cybercheck.yamldata import load_yaml

MAX_EVIDENCE = 12  # evidence entries kept on one finding; the count says how many there were
BEACON_MIN = 6  # connections needed before a rhythm counts
BEACON_SHORTEST = 10.0  # seconds: faster than this is streaming, not check-ins
BEACON_SPREAD = 0.2  # intervals within this fraction of the typical one count as regular
IGNORED_RAW_PORTS = frozenset((53, 123, 853))
# A phone keeps a name's answer for as long as the answer says (most say minutes, a few an hour
# or more), so an app can connect with no lookup in the capture simply because it looked the
# name up before the capture began. An address counts as never looked up only when new
# connections to it keep starting for longer than that.
UNNAMED_SPAN = 3600.0
LOCAL_NAMES = frozenset(("localhost", "localhost.localdomain"))
HOME_NETWORKS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)
VIA = {"dns": "network.via-dns", "tls": "network.via-tls", "http": "network.via-http"}


@dataclass(frozen=True, slots=True)
class TrafficLists:
    """Dynamic-DNS domains and free certificate issuers (data/traffic-lists.yaml)."""

    dynamic_dns: tuple[str, ...]
    free_ca: tuple[str, ...]


@lru_cache(maxsize=1)
def traffic_lists() -> TrafficLists:
    """The lists shipped with the check."""
    text = resources.files("checks.network").joinpath("data/traffic-lists.yaml").read_text(encoding="utf-8")
    data = load_yaml(text)
    return TrafficLists(tuple(d.lower() for d in data["dynamic_dns"]), tuple(data["free_ca"]))


def _under(name: str, suffixes: Iterable[str]) -> str | None:
    for suffix in suffixes:
        if name == suffix or name.endswith("." + suffix):
            return suffix
    return None


def _time(sighting: NameSighting | Destination, zone: str = "UTC") -> str:
    if sighting.first is None:
        return ""
    first = f"{sighting.first:%Y-%m-%d %H:%M:%S}"
    if sighting.last and sighting.last != sighting.first:
        return text("network.time-span", first=first, last=f"{sighting.last:%Y-%m-%d %H:%M:%S}", zone=zone)
    return text("network.time-at", first=first, zone=zone)


def _via(via: str) -> str:
    key = VIA.get(via)
    return text(key) if key else via


def _sighting_evidence(
    read: TrafficRead, sighting: NameSighting, match: IndicatorMatch | None = None
) -> Evidence:
    fields: dict[str, str] = {
        text("network.field-name"): sighting.name,
        text("network.field-seen-as"): _via(sighting.via),
        text("network.field-times"): str(sighting.count),
    }
    if match is not None:
        fields[text("network.field-matched")] = f"{match.indicator} {match.value}"
    if sighting.addresses:
        fields[text("network.field-addresses")] = ", ".join(sighting.addresses[:8])
    if sighting.clients:
        fields[text("network.field-device")] = ", ".join(sighting.clients[:8])
    if read.kind == "capture":
        if sighting.first is not None:
            fields[text("network.field-when")] = _time(sighting)
        return Evidence(source=read.source, when=sighting.first, fields=fields)
    # NOTE: a DNS log's syslog times are in the router's local time, so they are no UTC moment.
    if sighting.first is not None:
        fields[text("network.field-when")] = _time(sighting, zone=text("network.router-clock"))
    return Evidence(source=read.source, when=None, fields=fields)


def _finding(
    code: str,
    severity: Severity,
    subject: Text,
    read: TrafficRead,
    rows: Iterable[tuple[datetime | None, dict[str, str]]],
) -> Finding:
    """A finding whose evidence is one entry per (time, fields) row, at most MAX_EVIDENCE of them."""
    evidence = tuple(Evidence(source=read.source, when=when, fields=fields) for when, fields in rows)
    return Finding(code=code, severity=severity, subject=subject, evidence=evidence[:MAX_EVIDENCE])


def judge_traffic(
    read: TrafficRead, indicators: IndicatorSet, *, lists: TrafficLists | None = None
) -> Iterator[Finding]:
    """Findings for one capture or DNS log, most certain first."""
    lists = lists or traffic_lists()
    yield from _indicator_findings(read, indicators)
    yield from _dynamic_dns(read, lists)
    yield from _beaconing(read)
    yield from _unnamed_addresses(read)
    yield from _plain_uploads(read)
    yield from _certificates(read, lists)


# indicators -------------------------------------------------------------------------------
_INDICATOR_CODES = {
    (ThreatKind.STALKERWARE, False): ("network.traffic.stalkerware", Severity.URGENT),
    (ThreatKind.WATCHWARE, False): ("network.traffic.watchware", Severity.MEDIUM),
    (ThreatKind.STALKERWARE, True): ("network.traffic.stalkerware-website", Severity.MEDIUM),
    (ThreatKind.WATCHWARE, True): ("network.traffic.watchware-website", Severity.LOW),
}


def _indicator_findings(read: TrafficRead, indicators: IndicatorSet) -> Iterator[Finding]:
    grouped: dict[tuple[str, ThreatKind, bool], list[Evidence]] = {}
    for sighting in read.names:
        match = indicators.domain(sighting.name)
        if match is None:
            for address in sighting.addresses:
                match = indicators.ip(address)
                if match:
                    break
        if match is None:
            continue
        # NOTE: some sellers list their shop's own address among their servers; call that a website.
        website = match.indicator == "website" or match.value in indicators.websites
        key = (match.threat.name, match.threat.kind, website)
        grouped.setdefault(key, []).append(_sighting_evidence(read, sighting, match))
    for destination in read.destinations:
        match = indicators.ip(destination.address)
        if match is None:
            continue
        key = (match.threat.name, match.threat.kind, False)
        fields: dict[str, str] = {
            text("network.field-address"): destination.address,
            text("network.field-port"): f"{destination.protocol} {destination.port}",
            text("network.field-matched"): f"ip {match.value}",
            text("network.field-packets"): str(destination.packets),
            text("network.field-bytes-sent"): str(destination.bytes_out),
            text("network.field-when"): _time(destination),
        }
        grouped.setdefault(key, []).append(
            Evidence(source=read.source, when=destination.first, fields=fields)
        )
    for (threat, kind, website), evidence in sorted(
        grouped.items(), key=lambda item: (item[0][1].value, item[0][0])
    ):
        code, severity = _INDICATOR_CODES[(kind, website)]
        name_label, address_label = text("network.field-name"), text("network.field-address")
        names = sorted({e.fields.get(name_label) or e.fields[address_label] for e in evidence})
        shown = ", ".join(names[:3])
        if len(names) > 3:
            subject = text("network.indicator-subject-more", threat=threat, names=shown, more=len(names) - 3)
        else:
            subject = text("network.indicator-subject", threat=threat, names=shown)
        yield Finding(code=code, severity=severity, subject=subject, evidence=tuple(evidence[:MAX_EVIDENCE]))


# heuristics -------------------------------------------------------------------------------
def _rare(name: str) -> bool:
    return provider_of(name) is None


def _dynamic_dns(read: TrafficRead, lists: TrafficLists) -> Iterator[Finding]:
    by_suffix: dict[str, list[NameSighting]] = {}
    for sighting in read.names:
        suffix = _under(sighting.name, lists.dynamic_dns)
        if suffix and sighting.name != suffix:
            by_suffix.setdefault(sighting.name, []).append(sighting)
    for name, sightings in sorted(by_suffix.items()):
        yield Finding(
            code="network.traffic.dynamic-dns",
            severity=Severity.LOW,
            subject=text("network.dynamic-dns-subject", name=name),
            evidence=tuple(_sighting_evidence(read, s) for s in sightings[:MAX_EVIDENCE]),
        )


def _regular(starts: tuple[float, ...]) -> float | None:
    """The typical interval (seconds) when connections start at a steady rhythm, else None."""
    if len(starts) < BEACON_MIN:
        return None
    gaps = [b - a for a, b in pairwise(starts) if b - a > 1.0]  # bursts count once
    if len(gaps) < BEACON_MIN - 1:
        return None
    typical = statistics.median(gaps)
    if typical < BEACON_SHORTEST:
        return None
    steady = sum(1 for gap in gaps if abs(gap - typical) <= BEACON_SPREAD * typical)
    return typical if steady >= 0.8 * len(gaps) else None


def _beaconing(read: TrafficRead) -> Iterator[Finding]:
    by_host: dict[str, list[Destination]] = {}
    for destination in read.destinations:
        host = destination.names[0] if destination.names else destination.address
        by_host.setdefault(host, []).append(destination)
    for host, destinations in sorted(by_host.items()):
        if not _rare(host):
            continue
        starts = tuple(sorted(t for d in destinations for t in d.starts))
        interval = _regular(starts)
        if interval is None:
            continue
        sent = sum(d.bytes_out for d in destinations)
        rows: Iterator[tuple[datetime | None, dict[str, str]]] = (
            (
                d.first,
                {
                    text("network.field-host"): host,
                    text("network.field-address"): d.address,
                    text("network.field-port"): f"{d.protocol} {d.port}",
                    text("network.field-connections"): str(len(d.starts)),
                    text("network.field-interval"): _duration(interval),
                    text("network.field-bytes-sent"): str(d.bytes_out),
                    text("network.field-bytes-received"): str(d.bytes_in),
                    text("network.field-total-sent"): str(sent),
                    text("network.field-when"): _time(d),
                },
            )
            for d in destinations
        )
        subject = text(
            "network.beaconing-subject", host=host, interval=_duration(interval), count=len(starts)
        )
        yield _finding("network.traffic.beaconing", Severity.LOW, subject, read, rows)


def _duration(seconds: float) -> Text:
    if seconds < 120:
        return text("network.seconds", count=f"{seconds:.0f}")
    if seconds < 7200:
        return text("network.minutes", count=f"{seconds / 60:.0f}")
    return text("network.hours", count=f"{seconds / 3600:.1f}")


def _unnamed_addresses(read: TrafficRead) -> Iterator[Finding]:
    if read.kind != "capture" or not any(s.via == "dns" for s in read.names):
        return  # without lookups in the capture, every address would look unnamed
    looked_up = {a for s in read.names if s.via == "dns" for a in s.addresses}
    unnamed = [
        d
        for d in read.destinations
        if d.protocol == "tcp"
        and d.starts
        and not d.names
        and d.address not in looked_up
        and d.port not in IGNORED_RAW_PORTS
        and max(d.starts) - min(d.starts) >= UNNAMED_SPAN
    ]
    if not unnamed:
        return
    unnamed.sort(key=lambda d: -d.bytes_out)
    rows: Iterator[tuple[datetime | None, dict[str, str]]] = (
        (
            d.first,
            {
                text("network.field-address"): d.address,
                text("network.field-port"): f"tcp {d.port}",
                text("network.field-connections"): str(len(d.starts)),
                text("network.field-bytes-sent"): str(d.bytes_out),
                text("network.field-bytes-received"): str(d.bytes_in),
                text("network.field-when"): _time(d),
            },
        )
        for d in unnamed
    )
    subject = text("network.unnamed-subject", count=len(unnamed))
    yield _finding("network.traffic.unnamed-address", Severity.LOW, subject, read, rows)


def _plain_uploads(read: TrafficRead) -> Iterator[Finding]:
    by_host: dict[str, list[HttpRequest]] = {}
    for request in read.http:
        if request.method not in ("POST", "PUT", "PATCH") or request.body_bytes <= 0:
            continue
        if request.content_type == "application/ocsp-request":
            continue  # certificate status checks: tiny, public, and normal
        by_host.setdefault(request.host or request.address, []).append(request)
    for host, requests in sorted(by_host.items()):
        total = sum(r.body_bytes for r in requests)
        rows: Iterator[tuple[datetime | None, dict[str, str]]] = (
            (
                r.when,
                {
                    text("network.field-host"): host,
                    text("network.field-method"): r.method,
                    text("network.field-path"): r.path,
                    text("network.field-bytes"): str(r.body_bytes),
                    text("network.field-content-type"): r.content_type or text("network.not-given"),
                    text("network.field-address"): text(
                        "network.address-port", address=r.address, port=r.port
                    ),
                },
            )
            for r in requests
        )
        subject = text("network.upload-subject", host=host, count=len(requests), bytes=total)
        yield _finding("network.traffic.plain-http-upload", Severity.LOW, subject, read, rows)


def _certificates(read: TrafficRead, lists: TrafficLists) -> Iterator[Finding]:
    seen: set[tuple[str, str, str]] = set()
    for certificate in read.certificates:
        host = certificate.server_name or certificate.address
        key = (host, certificate.subject, certificate.issuer)
        if key in seen or not _rare(host) or _on_this_network(certificate.address, certificate.server_name):
            continue
        seen.add(key)
        free = next((ca for ca in lists.free_ca if f"O={ca}" in certificate.issuer), None)
        if not certificate.self_signed and free is None:
            continue
        fields: dict[str, str] = {
            text("network.field-host"): host,
            text("network.field-address"): text(
                "network.address-port", address=certificate.address, port=certificate.port
            ),
            text("network.field-certificate-subject"): certificate.subject,
            text("network.field-certificate-issuer"): certificate.issuer,
        }
        row = (certificate.when, fields)
        if certificate.self_signed:
            subject = text("network.self-signed-subject", host=host)
            yield _finding("network.traffic.self-signed-certificate", Severity.LOW, subject, read, [row])
        else:
            subject = text("network.free-certificate-subject", host=host, issuer=free)
            yield _finding("network.traffic.free-certificate", Severity.INFO, subject, read, [row])


def _on_this_network(address: str, server_name: str) -> bool:
    """Whether a server is this device itself or another on its own network, where home-made
    certificates are the norm (routers, printers, remote-desktop peers, a program's own web page)."""
    if server_name.lower() in LOCAL_NAMES:
        return True
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    return ip.is_loopback or ip.is_link_local or any(ip in network for network in HOME_NETWORKS)
