"""Reads a pcap or pcapng file into traffic records: names used, destinations, HTTP requests, certificates."""

from __future__ import annotations

import mmap
from datetime import datetime, timezone
from pathlib import Path

from checks.network.addresses import text_address
from checks.network.records import Destination, HttpRequest, NameSighting, ServerCertificate, TrafficRead
from checks.network.sources.capture_file import Buffer, Framing, walk
from checks.network.sources.packets import Decoder, Extracted
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

# Link types met in real captures that cybercheck cannot read yet, by how people would know them
_LINKS = {
    105: "network.link-wifi",
    119: "network.link-wifi-prism",
    127: "network.link-wifi-radiotap",
    163: "network.link-wifi-avs",
    192: "network.link-ppi",
    235: "network.link-dvb-ci",
}


def when(ts: float | None) -> datetime | None:
    """A capture's POSIX time as a UTC datetime; None for records without a time."""
    if not ts:
        return None
    try:
        return datetime.fromtimestamp(ts, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def read_capture(path: Path) -> TrafficRead:
    """Everything the traffic check needs from one capture file; DamagedInput if it is not a capture."""
    try:
        with path.open("rb") as handle:
            if path.stat().st_size == 0:
                raise DamagedInput(text("network.capture-empty", name=path.name))
            with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as buf:
                return read_buffer(buf, source=path.name)
    except OSError as error:
        reason = error.strerror or text("network.unreadable")
        raise DamagedInput(
            text("network.capture-unreadable", name=path.name, reason=reason), detail=str(error)
        ) from None


def read_buffer(buf: Buffer, *, source: str) -> TrafficRead:
    """Everything the traffic check needs from a capture held in memory."""
    framing = Framing()
    decoder = Decoder()
    feed = decoder.packet
    count, first, last = 0, float("inf"), float("-inf")
    for ts, linktype, offset, caplen, _origlen in walk(buf, framing):
        count += 1
        if ts < first:  # cheaper than min() once per packet
            first = ts
        if ts > last:
            last = ts
        feed(ts, linktype, buf, offset, caplen)
    out = decoder.out
    out.packets = count
    if count:
        out.first, out.last = first, last
    return records(out, framing, source=text("network.capture-source", format=framing.format, name=source))


def records(out: Extracted, framing: Framing, *, source: str) -> TrafficRead:
    """The decoder's tables as records."""
    names = tuple(
        NameSighting(
            name=name,
            via=via,
            count=use[0] or use[5],
            first=when(use[1]),
            last=when(use[2]),
            addresses=tuple(sorted(use[3])),
            clients=tuple(sorted(use[4])),
        )
        for (name, via), use in sorted(out.names.items())
    )
    destinations = tuple(
        Destination(
            address=text_address(remote),
            port=port,
            protocol="tcp" if proto == 6 else "udp",
            packets=flow[0],
            bytes_out=flow[1],
            bytes_in=flow[2],
            first=when(flow[3]),
            last=when(flow[4]),
            starts=tuple(sorted(flow[5])),
            names=tuple(sorted(flow[6])),
        )
        for (remote, port, proto), flow in out.flows.items()
    )
    http = tuple(
        HttpRequest(
            host=h, method=m, path=p, body_bytes=b, address=a, port=port, when=when(ts), content_type=c
        )
        for ts, h, m, p, b, a, port, c in out.http
    )
    certificates = tuple(
        ServerCertificate(
            address=a, port=port, server_name=sni, subject=s, issuer=i, self_signed=self_signed, when=when(ts)
        )
        for ts, a, port, sni, s, i, self_signed in out.certificates
    )
    notes: list[str] = []
    if out.http_dropped:
        notes.append(text("network.http-dropped", dropped=out.http_dropped, kept=len(out.http)))
    if framing.damaged_blocks:
        notes.append(text("network.damaged-blocks", count=framing.damaged_blocks))
    for linktype, count in sorted(out.unread_links.items()):
        kind = text(_LINKS[linktype]) if linktype in _LINKS else text("network.link-number", number=linktype)
        notes.append(text("network.link-unread", count=count, kind=kind, source=source))
    if out.packets and out.not_ip == out.packets:
        notes.append(text("network.no-internet-packets", count=out.packets, source=source))
    if out.quic and out.quic * 2 >= out.packets:
        notes.append(text("network.mostly-quic", count=out.quic, source=source))
    return TrafficRead(
        source=source,
        kind="capture",
        names=names,
        destinations=destinations,
        http=http,
        certificates=certificates,
        items=out.packets,
        skipped_truncated=out.truncated,
        skipped_malformed=out.malformed,
        not_ip=out.not_ip,
        file_truncated=framing.truncated,
        first=when(out.first),
        last=when(out.last),
        notes=tuple(notes),
    )
