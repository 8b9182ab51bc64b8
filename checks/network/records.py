"""Records read from DNS servers, packet captures and DNS logs, before any judgement."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


# DNS answers -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Answer:
    """What one resolver answered for one name and record type."""

    resolver: str  # "system 192.168.1.1", "DNS over TLS 1.1.1.1"
    name: str
    rdtype: str  # "A", "AAAA", "MX"
    outcome: str  # "answer", "nxdomain", "nodata", "failed"
    values: tuple[str, ...] = ()  # addresses, or mail host names for MX
    detail: str = ""  # why it failed, for the appendix


@dataclass(frozen=True, slots=True)
class DnsAnswers:
    """Every answer network.dns gathered: to the sign-in and mail names, and to the made-up names."""

    answers: tuple[Answer, ...]
    probes: tuple[Answer, ...]
    system_label: str  # how this network's own DNS server is named in the answers


@dataclass(frozen=True, slots=True)
class SystemResolver:
    """Which DNS servers this computer asks, and what set them up."""

    servers: tuple[str, ...]
    origin: str  # plain words: "given by the network (DHCP) through NetworkManager", "set by hand"
    source: str  # where we read it: "/etc/resolv.conf"
    upstream: tuple[str, ...] = ()  # the servers a local stub (systemd-resolved) forwards to


# Traffic ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NameSighting:
    """A name this device used: a DNS question, a TLS server name (SNI) or an HTTP Host."""

    name: str
    via: str  # "dns", "tls", "http"
    count: int
    first: datetime | None = None
    last: datetime | None = None
    addresses: tuple[str, ...] = ()  # DNS answers, or the addresses connected to under this name
    clients: tuple[str, ...] = ()  # the devices on the local network that used it


@dataclass(frozen=True, slots=True)
class Destination:
    """Traffic between this network and one address and port outside it."""

    address: str
    port: int
    protocol: str  # "tcp", "udp"
    packets: int
    bytes_out: int
    bytes_in: int
    first: datetime | None
    last: datetime | None
    starts: tuple[float, ...] = ()  # POSIX times at which new connections began
    names: tuple[str, ...] = ()  # TLS server names and HTTP Hosts seen on this traffic


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """An unencrypted web request: who it went to and how much it carried, never its content."""

    host: str
    method: str
    path: str  # without the query string, which can hold personal data
    body_bytes: int
    address: str
    port: int
    when: datetime | None = None
    content_type: str = ""


@dataclass(frozen=True, slots=True)
class ServerCertificate:
    """A certificate a server sent in the clear (TLS 1.2 and older)."""

    address: str
    port: int
    server_name: str  # the SNI the device asked for, "" when none
    subject: str
    issuer: str
    self_signed: bool
    when: datetime | None = None


@dataclass(frozen=True, slots=True)
class TrafficRead:
    """Everything read from one capture or DNS log, with what could not be read."""

    source: str  # "pcapng capture FILE", "dnsmasq log FILE"
    kind: str  # "capture" or "dnslog"
    names: tuple[NameSighting, ...] = ()
    destinations: tuple[Destination, ...] = ()
    http: tuple[HttpRequest, ...] = ()
    certificates: tuple[ServerCertificate, ...] = ()
    items: int = 0  # packets or log lines
    skipped_truncated: int = 0  # packets cut short by the capture's length limit
    skipped_malformed: int = 0  # packets or lines that did not decode
    not_ip: int = 0  # packets of other kinds (ARP, link types we do not read)
    file_truncated: bool = False  # the file ended in the middle of a record
    first: datetime | None = None
    last: datetime | None = None
    notes: tuple[str, ...] = field(default=())  # further plain-words gaps
