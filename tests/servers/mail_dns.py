"""A loopback DNS server (UDP) for the mail tests, built from dnspython messages.

Answers from a table of (name, type) -> record texts; names in `nxdomain` get NXDOMAIN, names
in `silent` get no answer at all (a time-out), and TXT records may be given as raw bytes to
test malformed text.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field

from tests.servers.mail_http import SocketThread


@dataclass
class Zone:
    """What the server knows."""

    records: dict[tuple[str, str], list[str | bytes]] = field(default_factory=dict)
    nxdomain: set[str] = field(default_factory=set)
    silent: set[str] = field(default_factory=set)


class DNSServer(SocketThread):
    """A UDP DNS server on 127.0.0.1 in a thread; `address` is "127.0.0.1:PORT"."""

    def __init__(self, zone: Zone) -> None:
        self.zone = zone
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        super().__init__(sock)
        self.address = f"127.0.0.1:{sock.getsockname()[1]}"

    def _answer(self, wire: bytes) -> bytes | None:
        import dns.message
        import dns.rcode
        import dns.rdata
        import dns.rdataclass
        import dns.rdatatype
        import dns.rdtypes.ANY.TXT
        import dns.rrset

        query = dns.message.from_wire(wire)
        question = query.question[0]
        name = question.name.to_text().rstrip(".").lower()
        kind = dns.rdatatype.to_text(question.rdtype)
        if name in self.zone.silent:
            return None
        response = dns.message.make_response(query)
        if name in self.zone.nxdomain:
            response.set_rcode(dns.rcode.NXDOMAIN)
            return response.to_wire()
        values = self.zone.records.get((name, kind), [])
        if values:
            rrset = dns.rrset.RRset(question.name, dns.rdataclass.IN, question.rdtype)
            for value in values:
                if isinstance(value, bytes):
                    rrset.add(dns.rdtypes.ANY.TXT.TXT(dns.rdataclass.IN, dns.rdatatype.TXT, [value]), 300)
                else:
                    rrset.add(dns.rdata.from_text(dns.rdataclass.IN, question.rdtype, value), 300)
            response.answer.append(rrset)
        return response.to_wire()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                wire, peer = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            answer = self._answer(wire)
            if answer is not None:
                self.sock.sendto(answer, peer)
