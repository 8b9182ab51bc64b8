"""Judgements about shutdown.log: programs that held up a shutdown from where Apple's own programs do not
run, programs in the indicator set, and shutdowns held up again and again.

The signs are Kaspersky's ("A lightweight method to detect potential iOS malware", Securelist, January
2024; the iShutdown tool): on phones infected with Pegasus, and in traces of Reign and Predator, the
implant's process held up shutdown from /private/var/db/ or /private/var/tmp/ (Pegasus from
/private/var/db/com.apple.xpc.roleaccountd.staging/), and infected phones showed three or more waits
before a shutdown. Those are signs of state-grade spyware, not of the stalkerware a partner buys: on
an iPhone that mostly works through the Apple Account, iCloud backups or a jailbreak, and does not
show here. The words say so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checks.ios.records import Shutdown, ShutdownClient
from cybercheck.indicators.sets import IndicatorSet, ThreatKind
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import Text, text

UNUSUAL_PLACES = ("/private/var/db/", "/private/var/tmp/")
MANY_WAITS = 3  # Kaspersky's threshold: three or more waits before one shutdown


def _when(shutdown: Shutdown) -> str:
    return f"{shutdown.when:%Y-%m-%d %H:%M} UTC" if shutdown.when else text("ios.not-recorded")


def judge_shutdowns(
    shutdowns: Iterable[Shutdown], indicators: IndicatorSet, *, source: Text
) -> Iterator[Finding]:
    """Listed programs, programs from unusual places, and shutdowns with many waits."""
    shutdowns = list(shutdowns)
    listed: dict[str, list[tuple[Shutdown, ShutdownClient, str]]] = {}
    unusual: dict[str, list[tuple[Shutdown, ShutdownClient]]] = {}
    for shutdown in shutdowns:
        for client in shutdown.clients:
            name = client.path.rstrip("/").rsplit("/", 1)[-1]
            match = indicators.process(name)
            if match is not None:
                listed.setdefault(client.path, []).append((shutdown, client, match.threat.name))
            elif client.path.startswith(UNUSUAL_PLACES):
                unusual.setdefault(client.path, []).append((shutdown, client))
    for path, seen in sorted(listed.items()):
        product = seen[0][2]
        threat = indicators.process(path.rsplit("/", 1)[-1])
        stalker = threat is not None and threat.threat.kind is ThreatKind.STALKERWARE
        yield Finding(
            code="ios.shutdown.listed-program",
            severity=Severity.URGENT if stalker else Severity.HIGH,
            subject=text("ios.subject-shutdown-listed", product=product),
            evidence=tuple(_evidence(source, shutdown, client, product) for shutdown, client, _ in seen[:10]),
        )
    for path, seen_unusual in sorted(unusual.items()):
        yield Finding(
            code="ios.shutdown.unusual-place",
            severity=Severity.HIGH,
            subject=text("ios.subject-shutdown-unusual", path=path),
            evidence=tuple(
                _evidence(source, shutdown, client, None) for shutdown, client in seen_unusual[:10]
            ),
        )
    many = [s for s in shutdowns if s.delay_notices >= MANY_WAITS]
    if many:
        yield Finding(
            code="ios.shutdown.many-waits",
            severity=Severity.LOW,
            subject=text("ios.subject-shutdown-waits", count=len(many), total=len(shutdowns)),
            evidence=tuple(
                Evidence(
                    source=source,
                    when=shutdown.when,
                    fields={
                        text("ios.label-shutdown"): _when(shutdown),
                        text("ios.label-waits"): str(shutdown.delay_notices),
                        text("ios.label-waited-for"): "; ".join(c.path for c in shutdown.clients[:10]),
                        text("ios.label-log"): shutdown.log,
                    },
                )
                for shutdown in many[:10]
            ),
        )


def _evidence(source: Text, shutdown: Shutdown, client: ShutdownClient, product: str | None) -> Evidence:
    fields: dict[str, str] = {
        text("ios.label-program"): client.path,
        text("ios.label-pid"): str(client.pid),
        text("ios.label-shutdown"): _when(shutdown),
        text("ios.label-waits"): str(shutdown.delay_notices),
        text("ios.label-log"): shutdown.log,
    }
    if product:
        fields[text("ios.label-product")] = product
    return Evidence(source=source, when=shutdown.when, fields=fields)
