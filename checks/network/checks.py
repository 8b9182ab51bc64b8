"""The network checks: this network's DNS answers for sign-in sites, and stalkerware servers in traffic."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Input, Need

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class DnsCheck(Check):
    """This network's DNS answers for sign-in and mail names, beside independent encrypted resolvers."""

    id = "network.dns"
    area = Area.NETWORK
    inputs = (
        Input("owner", kind="value", many=True),
        Input("doh", kind="value", many=True),
        Input("dot", kind="value", many=True),
        Input("resolv-conf", kind="file"),
    )
    needs = (Need.network(),)

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.network.judge.dns import judge_answers, judge_rewriting
        from checks.network.run import ask_everyone

        asked = ask_everyone(ctx)
        yield from judge_answers(asked.answers, system_label=asked.system_label)
        yield from judge_rewriting(asked.probes)


class Traffic(Check):
    """Names and addresses in a capture or DNS log, against the indicators and TinyCheck's heuristics."""

    id = "network.traffic"
    area = Area.NETWORK
    inputs = (Input("pcap", kind="file"), Input("dnslog", kind="file"))
    needs = (Need.input("pcap", "dnslog"),)
    example_inputs: ClassVar[dict[str, str]] = {"pcap": "examples/phone-capture.pcapng"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.network.judge.traffic import judge_traffic
        from checks.network.run import read_traffic

        for read in read_traffic(ctx):
            yield from judge_traffic(read, ctx.indicators)
