"""A lean reader of DNS messages as they travel on the wire: questions and A, AAAA and CNAME answers."""

from __future__ import annotations

import socket
from dataclasses import dataclass

MAX_POINTERS = 32  # compression pointers followed for one name before it is taken as a loop


class BadMessage(ValueError):
    """The bytes are not a DNS message; `detail` says why, for developers only."""

    def __init__(self, *, detail: str) -> None:
        super().__init__(detail)


@dataclass(frozen=True, slots=True)
class DnsMessage:
    """The parts of one DNS message that say what was looked up and what came back."""

    ident: int
    response: bool
    rcode: int
    questions: tuple[tuple[str, int], ...]  # (name, type)
    addresses: tuple[tuple[str, str], ...]  # (owner name, address) from A and AAAA answers
    aliases: tuple[tuple[str, str], ...]  # (owner name, target) from CNAME answers


def read_name(data: bytes, offset: int, end: int) -> tuple[str, int]:
    """The name at `offset` and the offset just after it; BadMessage on damage or a pointer loop."""
    labels: list[str] = []
    after = -1
    jumps = 0
    total = 0
    while True:
        if offset >= end:
            raise BadMessage(detail="name runs past the message")
        length = data[offset]
        if length == 0:
            offset += 1
            break
        kind = length & 0xC0
        if kind == 0xC0:
            if offset + 1 >= end:
                raise BadMessage(detail="pointer runs past the message")
            jumps += 1
            if jumps > MAX_POINTERS:
                raise BadMessage(detail="compression loop")
            if after < 0:
                after = offset + 2
            offset = ((length & 0x3F) << 8) | data[offset + 1]
            continue
        if kind:
            raise BadMessage(detail="unknown label type")
        start = offset + 1
        offset = start + length
        if offset > end:
            raise BadMessage(detail="label runs past the message")
        total += length + 1
        if total > 255:
            raise BadMessage(detail="name longer than 255 bytes")
        labels.append(bytes(data[start:offset]).decode("ascii", "backslashreplace").lower())
    return ".".join(labels), (after if after >= 0 else offset)


def parse_message(data: bytes, start: int = 0, end: int | None = None) -> DnsMessage:
    """One DNS message from `data[start:end]`; BadMessage when it does not decode.

    Offsets inside the message (compression pointers) count from `start`.
    """
    message = bytes(data[start:end]) if (start or end is not None) else bytes(data)
    size = len(message)
    if size < 12:
        raise BadMessage(detail="shorter than a DNS header")
    ident = (message[0] << 8) | message[1]
    flags = (message[2] << 8) | message[3]
    qdcount = (message[4] << 8) | message[5]
    ancount = (message[6] << 8) | message[7]
    if flags & 0x7800:  # opcode other than QUERY: not a lookup
        raise BadMessage(detail="not a standard query")
    offset = 12
    questions = []
    for _ in range(qdcount):
        name, offset = read_name(message, offset, size)
        if offset + 4 > size:
            raise BadMessage(detail="question cut short")
        questions.append((name, (message[offset] << 8) | message[offset + 1]))
        offset += 4
    addresses: list[tuple[str, str]] = []
    aliases: list[tuple[str, str]] = []
    try:
        for _ in range(ancount):
            owner, offset = read_name(message, offset, size)
            if offset + 10 > size:
                raise BadMessage(detail="answer cut short")
            rtype = (message[offset] << 8) | message[offset + 1]
            rdlength = (message[offset + 8] << 8) | message[offset + 9]
            rdata = offset + 10
            offset = rdata + rdlength
            if offset > size:
                raise BadMessage(detail="answer data cut short")
            if rtype == 1 and rdlength == 4:
                addresses.append((owner, socket.inet_ntop(socket.AF_INET, message[rdata:offset])))
            elif rtype == 28 and rdlength == 16:
                addresses.append((owner, socket.inet_ntop(socket.AF_INET6, message[rdata:offset])))
            elif rtype == 5:
                aliases.append((owner, read_name(message, rdata, offset)[0]))
    except BadMessage:
        if not questions:
            raise
        # NOTE: a response whose answers are damaged still says what was asked.
    return DnsMessage(
        ident=ident,
        response=bool(flags & 0x8000),
        rcode=flags & 0x000F,
        questions=tuple(questions),
        addresses=tuple(addresses),
        aliases=tuple(aliases),
    )
