"""Walks the packet records of a pcap or pcapng file in either byte order, without copying them.

Only the record framing is read here: each packet comes out as (time, link type, offset,
captured length, original length) over one buffer, for packets.py to decode.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator
from dataclasses import dataclass

from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

Buffer = bytes | mmap.mmap  # a capture read into memory, or mapped from its file

PCAP_MAGICS = {
    b"\xd4\xc3\xb2\xa1": ("<", 1e-6),
    b"\xa1\xb2\xc3\xd4": (">", 1e-6),
    b"\x4d\x3c\xb2\xa1": ("<", 1e-9),
    b"\xa1\xb2\x3c\x4d": (">", 1e-9),
}
PCAPNG_SHB = b"\x0a\x0d\x0d\x0a"
MAX_SNAPLEN = 262144 * 4  # larger records are damage, not packets


@dataclass
class Framing:
    """What the walk found besides packets: the format and whether the file ended early."""

    format: str = ""
    truncated: bool = False
    damaged_blocks: int = 0


def capture_format(head: bytes) -> str | None:
    """ "pcap", "pcapng" or None, from a file's first four bytes."""
    if head[:4] in PCAP_MAGICS:
        return "pcap"
    if head[:4] == PCAPNG_SHB:
        return "pcapng"
    return None


def walk(buf: Buffer, framing: Framing) -> Iterator[tuple[float, int, int, int, int]]:
    """Every packet record in `buf`: (POSIX time, link type, data offset, captured length, original length).

    DamagedInput when the buffer is neither pcap nor pcapng; a file cut short ends the walk
    and sets `framing.truncated`.
    """
    kind = capture_format(bytes(buf[:4]))
    if kind == "pcap":
        framing.format = "pcap"
        yield from _walk_pcap(buf, framing)
    elif kind == "pcapng":
        framing.format = "pcapng"
        yield from _walk_pcapng(buf, framing)
    else:
        raise DamagedInput(
            text("network.not-a-capture"),
            detail=f"first bytes {bytes(buf[:4]).hex()}",
        )


def _walk_pcap(buf: Buffer, framing: Framing) -> Iterator[tuple[float, int, int, int, int]]:
    order, unit = PCAP_MAGICS[bytes(buf[:4])]
    if len(buf) < 24:
        framing.truncated = True
        return
    linktype = struct.unpack_from(order + "I", buf, 20)[0] & 0x0FFFFFFF
    record = struct.Struct(order + "IIII")
    unpack = record.unpack_from
    size = len(buf)
    offset = 24
    while offset + 16 <= size:
        seconds, fraction, caplen, origlen = unpack(buf, offset)
        offset += 16
        if caplen > MAX_SNAPLEN:
            framing.truncated = True  # framing lost: nothing after this can be trusted
            return
        if offset + caplen > size:
            framing.truncated = True
            return
        yield seconds + fraction * unit, linktype, offset, caplen, origlen
        offset += caplen
    if offset != size:
        framing.truncated = True


def _walk_pcapng(buf: Buffer, framing: Framing) -> Iterator[tuple[float, int, int, int, int]]:
    size = len(buf)
    offset = 0
    heads = {"<": struct.Struct("<II").unpack_from, ">": struct.Struct(">II").unpack_from}
    packets = {"<": struct.Struct("<IIIII").unpack_from, ">": struct.Struct(">IIIII").unpack_from}
    head, packet = heads["<"], packets["<"]
    order = "<"
    interfaces: list[tuple[int, float, int]] = []  # (link type, seconds per tick, snaplen)
    while offset + 12 <= size:
        block_type, length = head(buf, offset)
        if block_type == 0x0A0D0D0A:  # Section Header: the same bytes in either order
            magic = bytes(buf[offset + 8 : offset + 12])
            if magic == b"\x4d\x3c\x2b\x1a":
                order = "<"
            elif magic == b"\x1a\x2b\x3c\x4d":
                order = ">"
            else:
                framing.damaged_blocks += 1
                return
            head, packet = heads[order], packets[order]
            block_type, length = head(buf, offset)
            interfaces = []
        if length < 12 or length % 4 or offset + length > size:
            framing.truncated = True
            return
        body = offset + 8
        end = offset + length - 4
        if block_type == 6 and end - body >= 20:  # Enhanced Packet Block
            iface, high, low, caplen, origlen = packet(buf, body)
            if iface < len(interfaces) and body + 20 + caplen <= end:
                linktype, tick, _ = interfaces[iface]
                yield ((high << 32) | low) * tick, linktype, body + 20, caplen, origlen
            else:
                framing.damaged_blocks += 1
        elif block_type == 3 and end - body >= 4:  # Simple Packet Block: no time stamp
            origlen = struct.unpack_from(order + "I", buf, body)[0]
            if interfaces:
                linktype, _, snaplen = interfaces[0]
                caplen = min(origlen, end - body - 4, snaplen or origlen)
                yield 0.0, linktype, body + 4, caplen, origlen
        elif block_type == 2 and end - body >= 20:  # obsolete Packet Block
            iface, _, high, low, caplen, origlen = struct.unpack_from(order + "HHIIII", buf, body)
            if iface < len(interfaces) and body + 20 + caplen <= end:
                linktype, tick, _ = interfaces[iface]
                yield ((high << 32) | low) * tick, linktype, body + 20, caplen, origlen
            else:
                framing.damaged_blocks += 1
        elif block_type == 1 and end - body >= 8:  # Interface Description Block
            interfaces.append(_interface(buf, order, body, end))
        offset += length
    if offset != size:
        framing.truncated = True


def _interface(buf: Buffer, order: str, body: int, end: int) -> tuple[int, float, int]:
    linktype, _, snaplen = struct.unpack_from(order + "HHI", buf, body)
    tick = 1e-6
    offset = body + 8
    while offset + 4 <= end:
        code, length = struct.unpack_from(order + "HH", buf, offset)
        if code == 0:
            break
        if code == 9 and length >= 1:  # if_tsresol
            value = buf[offset + 4]
            tick = 2.0 ** -(value & 0x7F) if value & 0x80 else 10.0**-value
        offset += 4 + length + (-length % 4)
    return linktype, tick, snaplen
