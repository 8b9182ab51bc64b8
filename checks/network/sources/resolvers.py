"""Asks DNS questions: through the system's resolver, and through independent resolvers over
encrypted transports (DNS over TLS, RFC 7858; DNS over HTTPS, RFC 8484) that a tampered
router or DNS server cannot change without the certificate check failing."""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checks.network.records import Answer
from cybercheck.errors import ConfigError, SourceError
from cybercheck.net import request, split_host_port, tls_query
from cybercheck.pipeline.words import Text, text

if TYPE_CHECKING:
    import dns.message
    import dns.resolver
    import requests

DEFAULT_DOH = "https://cloudflare-dns.com/dns-query,https://dns.google/dns-query"
DEFAULT_DOT = "9.9.9.9#dns.quad9.net"
MAX_MESSAGE = 65535  # the largest DNS message (RFC 8484 carries one per answer)
ANSWER_TIME = 4  # one DNS-over-HTTPS answer must arrive whole within this many time-outs


@dataclass(frozen=True, slots=True)
class Encrypted:
    """One independent resolver: DNS over HTTPS at a URL, or DNS over TLS at an address."""

    kind: str  # "doh" or "dot"
    where: str  # the URL, or the IP address
    port: int = 853
    hostname: str | None = None  # the name its certificate must carry (DoT)

    @property
    def label(self) -> Text:
        """How the resolver is named in evidence."""
        if self.kind == "doh":
            return text("network.doh-label", url=self.where)
        if self.hostname:
            return text("network.dot-label-named", address=self.where, name=self.hostname)
        return text("network.dot-label", address=self.where)


def parse_dot(given: str) -> Encrypted:
    """ "IP", "IP:PORT", "[IPv6]:PORT", each optionally followed by "#certificate-name"."""
    address, _, hostname = given.strip().partition("#")
    try:
        host, port = split_host_port(address, 853)
    except ValueError:
        raise ConfigError(text("network.dot-unreadable", given=repr(given))) from None
    if not host:
        raise ConfigError(text("network.dot-no-address", given=repr(given)))
    return Encrypted("dot", host, port, hostname.strip() or None)


def parse_doh(given: str) -> Encrypted:
    """A DNS-over-HTTPS URL (https://host/dns-query)."""
    url = given.strip()
    if not url.startswith("https://"):
        raise ConfigError(text("network.doh-not-https", given=repr(given)))
    return Encrypted("doh", url)


def encrypted_resolvers(
    doh: tuple[str, ...], dot: tuple[str, ...], doh_default: str, dot_default: str
) -> list[Encrypted]:
    """The independent resolvers to ask: those given as inputs, else the (overridable) defaults."""
    if not doh and not dot:
        doh = tuple(u for u in doh_default.split(",") if u.strip())
        dot = tuple(d for d in dot_default.split(",") if d.strip())
    return [parse_doh(u) for u in doh] + [parse_dot(d) for d in dot]


def _answer(label: str, name: str, rdtype: str, response: dns.message.Message) -> Answer:
    import dns.rcode
    import dns.rdatatype

    if response.rcode() == dns.rcode.NXDOMAIN:
        return Answer(label, name, rdtype, "nxdomain")
    if response.rcode() != dns.rcode.NOERROR:
        return Answer(label, name, rdtype, "failed", detail=dns.rcode.to_text(response.rcode()))
    wanted = dns.rdatatype.from_text(rdtype)
    values = sorted(
        (r.exchange.to_text().rstrip(".").lower() if wanted == dns.rdatatype.MX else r.to_text().lower())
        for rrset in response.answer
        if rrset.rdtype == wanted
        for r in rrset
    )
    return Answer(label, name, rdtype, "answer" if values else "nodata", tuple(values))


def ask_system(resolver: dns.resolver.Resolver, label: str, name: str, rdtype: str) -> Answer:
    """Ask the system's resolver (or the one given with --nameserver)."""
    import dns.exception
    import dns.resolver

    try:
        answer = resolver.resolve(name.rstrip(".") + ".", rdtype, search=False, raise_on_no_answer=False)
    except dns.resolver.NXDOMAIN:
        return Answer(label, name, rdtype, "nxdomain")
    except dns.exception.Timeout as error:
        return Answer(label, name, rdtype, "failed", detail=f"timed out: {error}"[:300])
    except (dns.resolver.NoNameservers, dns.exception.DNSException) as error:
        return Answer(label, name, rdtype, "failed", detail=f"{type(error).__name__}: {error}"[:300])
    return _answer(label, name, rdtype, answer.response)


def ask_encrypted(
    resolver: Encrypted,
    name: str,
    rdtype: str,
    *,
    session: requests.Session,
    timeout: float,
    ssl_context: Callable[[], ssl.SSLContext] = ssl.create_default_context,
    given_up: dict[Encrypted, str] | None = None,
) -> Answer:
    """Ask one independent resolver over DNS over TLS or DNS over HTTPS; failures become a failed Answer.

    `given_up` (shared by one run's questions) holds the resolvers whose connection failed, timed out or
    answered too slowly: later questions to them fail at once, so a resolver that dribbles or stalls
    costs the run one time-out, not one per question.
    """
    import dns.exception
    import dns.message

    if given_up is not None and resolver in given_up:
        return Answer(resolver.label, name, rdtype, "failed", detail=given_up[resolver])
    query = dns.message.make_query(name.rstrip(".") + ".", rdtype)
    try:
        if resolver.kind == "dot":
            response = tls_query(
                session,
                query,
                resolver.where,
                timeout=timeout,
                port=resolver.port,
                ssl_context=ssl_context(),
                server_hostname=resolver.hostname or resolver.where,
            )
        else:
            reply = request(
                session,
                "POST",
                resolver.where,
                service=resolver.label,
                data=query.to_wire(),
                timeout=timeout,
                stream=True,  # read here: a DNS message is never past 65,535 bytes
                headers={"Content-Type": "application/dns-message", "Accept": "application/dns-message"},
            )
            if reply.status_code != 200:
                reply.close()
                return Answer(resolver.label, name, rdtype, "failed", detail=f"HTTP {reply.status_code}")
            wire = _dns_body(reply, deadline=time.monotonic() + ANSWER_TIME * timeout)
            if wire is None:
                detail = f"not a DNS message: more than {MAX_MESSAGE} bytes, or past {ANSWER_TIME} time-outs"
                return _gave_up(resolver, name, rdtype, detail, given_up)
            response = dns.message.from_wire(wire)
    except SourceError as error:
        return _gave_up(resolver, name, rdtype, (error.detail or error.plain)[:300], given_up)
    except (OSError, EOFError, dns.exception.Timeout) as error:  # EOFError: a DoT answer cut off
        return _gave_up(resolver, name, rdtype, f"{type(error).__name__}: {error}"[:300], given_up)
    except (dns.exception.DNSException, ValueError) as error:
        return Answer(resolver.label, name, rdtype, "failed", detail=f"{type(error).__name__}: {error}"[:300])
    if response.id != query.id:
        return Answer(resolver.label, name, rdtype, "failed", detail="answer to another question")
    return _answer(resolver.label, name, rdtype, response)


def _gave_up(
    resolver: Encrypted, name: str, rdtype: str, detail: str, given_up: dict[Encrypted, str] | None
) -> Answer:
    if given_up is not None:
        given_up.setdefault(resolver, detail)
    return Answer(resolver.label, name, rdtype, "failed", detail=detail)


def _dns_body(reply: requests.Response, *, deadline: float) -> bytes | None:
    """The body of a DNS-over-HTTPS answer; None past MAX_MESSAGE bytes, past `deadline`, or cut off.

    Many questions are asked at once, so a server sending endless answers would otherwise have each held
    up to the session's general limit, many times over.
    """
    import urllib3

    body = bytearray()
    try:
        while chunk := reply.raw.read1(MAX_MESSAGE + 1, decode_content=True):
            body += chunk
            if len(body) > MAX_MESSAGE or time.monotonic() > deadline:
                return None
    except (urllib3.exceptions.HTTPError, OSError):
        return None
    finally:
        reply.close()
    return bytes(body)
