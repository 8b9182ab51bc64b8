"""network.traffic: signs of stalkerware in a packet capture or a DNS log."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Need
from cybercheck.errors import DamagedInput

if TYPE_CHECKING:
    from checks.network.records import TrafficRead
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class Traffic(Check):
    """Looks for stalkerware and monitoring apps in a phone's network traffic or a DNS log.

    Stalkerware has to send what it collects somewhere. This check reads a packet capture
    (`--input pcap=FILE`, pcap or pcapng from Wireshark or tcpdump) or a DNS log (`--input
    dnslog=FILE`: a Pi-hole or dnsmasq query log, or a plain list with one name per line) and
    takes out every name the device looked up (DNS, over UDP and TCP), every server name it
    asked for in an encrypted connection (TLS SNI), every Host of an unencrypted web request
    (HTTP) and the internet addresses it talked to. It matches them against the stalkerware
    and watchware indicators (servers, addresses and sellers' websites), and looks for the
    patterns Kaspersky's TinyCheck found useful: regular check-ins to the same unusual
    server, connections to addresses that were never looked up, unencrypted uploads,
    self-signed or free certificates on unusual servers, and free dynamic-DNS names.
    Everything is read on this computer; nothing is sent anywhere.

    How to make a capture safely. Use a laptop that the other person has never had access
    to, and do it somewhere you feel safe. Turn on the laptop's mobile hotspot (Windows:
    Settings → Network & internet → Mobile hotspot; macOS: Internet Sharing; Linux: the
    network menu's "Turn on Wi-Fi hotspot"), and join it from the phone you are worried
    about, with the phone's mobile data switched off so that everything goes through the
    laptop. Start recording on the laptop: in Wireshark choose the hotspot's network adapter
    and press Start, or run `sudo tcpdump -i IFACE -w phone.pcap` (IFACE is the hotspot
    adapter, for example wlan0 or bridge100). Then use the phone normally for 15 to 30
    minutes: open messages, maps and social apps, lock it and leave it a while. Stop the
    recording and save the file (pcap or pcapng). Nothing on the phone changes and nothing
    is installed, so it is hard to notice, but the phone shows that it is on a different
    Wi-Fi network while you do it. The file shows which sites and servers the phone talked
    to, so keep it somewhere private.
    """

    id = "network.traffic"
    title = "Stalkerware servers in a phone's network traffic or a DNS log"
    area = Area.NETWORK
    looks_at = "a packet capture (--input pcap=FILE) or DNS log (--input dnslog=FILE) from the device"
    needs = (
        Need.input(
            "pcap", "dnslog",
            how="A capture of the phone's traffic (--input pcap=FILE) or a DNS log (--input dnslog=FILE); "
            "`cybercheck checks show network.traffic` explains how to make one safely.",
        ),
    )
    blind_spots: ClassVar[tuple[str, ...]] = (
        "Someone who knows your account passwords needs no app at all, and leaves no trace here.",
        (
            "It only sees what the device sent while the capture or log was recorded; monitoring that "
            "waits for Wi-Fi at night or sends rarely can be missed."
        ),
        (
            "It cannot see inside encrypted connections, names sent over encrypted DNS (Private DNS, "
            "DNS over HTTPS) or over HTTP/3 (QUIC), nor certificates of TLS 1.3 servers."
        ),
        "The indicator list is incomplete: no match does not mean there is no stalkerware.",
    )
    example_inputs: ClassVar[dict[str, str]] = {"pcap": "examples/phone-capture.pcapng"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.network.capture import read_capture
        from checks.network.dnslog import read_dnslog
        from checks.network.judge_traffic import judge_traffic

        reads: list[TrafficRead] = []
        for name in ("pcap", "dnslog"):
            path = ctx.input_path(name)
            if path is None:
                continue
            try:
                read = read_capture(path) if name == "pcap" else read_dnslog(path, now=ctx.now())
            except DamagedInput as error:
                ctx.partial(error.plain)
                continue
            _coverage(ctx, read)
            reads.append(read)
        if not reads:
            raise DamagedInput("None of the files given could be read, so no traffic was checked.")
        for read in reads:
            yield from judge_traffic(read, ctx.indicators)


def _coverage(ctx: Context, read: TrafficRead) -> None:
    from checks.network.judge_traffic import counts_by_via

    counts = counts_by_via(read.names)
    span = ""
    if read.first and read.last:
        zone = "UTC" if read.kind == "capture" else "(the router's own clock)"
        span = f" from {read.first:%Y-%m-%d %H:%M} to {read.last:%Y-%m-%d %H:%M} {zone}"
    kinds = ", ".join(
        f"{counts[via]} {label}" for via, label in
        (("dns", "names looked up"), ("tls", "server names in encrypted connections"), ("http", "web hosts"))
        if counts.get(via)
    ) or "no names"
    unit = "packets" if read.kind == "capture" else "lines"
    extra = f", {len(read.destinations)} internet destinations" if read.kind == "capture" else ""
    ctx.looked_at(f"{read.items} {unit} of the {read.source}{span}: {kinds}{extra}")
    if read.skipped_truncated:
        ctx.partial(f"{read.skipped_truncated} packets in {read.source} were cut short when recorded and were skipped.")
    if read.skipped_malformed:
        ctx.partial(f"{read.skipped_malformed} {unit} in {read.source} were damaged or unreadable and were skipped.")
    if read.file_truncated:
        ctx.partial(f"The {read.source} ends in the middle of a record: the end of the file is missing.")
    for note in read.notes:
        ctx.partial(note)
    if read.kind == "capture" and not counts.get("dns") and read.destinations:
        ctx.partial(
            f"The {read.source} holds no ordinary DNS lookups; the device may use encrypted DNS (Private DNS), "
            "so the names it looked up could not be read, and addresses could not be matched to names."
        )
