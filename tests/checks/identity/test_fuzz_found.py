"""What the server-fault harness (tests/fuzz/server_faults.py) found in the look-alike check."""

from __future__ import annotations

import network_dns

from checks.identity.checks import Lookalike
from cybercheck.pipeline.model import Status
from cybercheck.testing import make_context, run


def test_a_dns_server_answering_nxdomain_to_everything_is_never_clean() -> None:
    zone = network_dns.Zone(records={"jane-doe.com": {"NS": ["ns1.other.example."]}})
    zone.nxdomain = {"jane-doe.com", "com", "net", "org", "uk", "co", "info", "me", "online", "site"}
    server = network_dns.DnsServer(zone)
    try:
        ctx = make_context(
            Lookalike.id, nameservers=[server.address], country="GB", inputs={"name": "Jane Doe"}
        )
        result = run(Lookalike, ctx)
    finally:
        server.close()
    assert result.status is Status.INCOMPLETE
    assert any("did not confirm that domains ending in" in g and ".com" in g for g in result.gaps), (
        result.gaps
    )


def test_an_honest_server_asks_each_ending_once_and_stays_clean(dns_server) -> None:  # type: ignore[no-untyped-def]
    ctx = make_context(Lookalike.id, nameservers=[dns_server.address], inputs={"username": "sam_example"})
    result = run(Lookalike, ctx)
    assert result.status is Status.CLEAN, result.gaps
    endings = [name for name, kind in dns_server.zone.asked if "." not in name]
    assert endings and len(endings) == len(set(endings))
