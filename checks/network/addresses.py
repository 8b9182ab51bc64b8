"""Raw IPv4 and IPv6 addresses as the packet decoder sees them: public or not, and as text."""

from __future__ import annotations

import ipaddress
import socket

_ntop = socket.inet_ntop

# Raw address -> is_public(address), filled as addresses are met; the decoder reads it directly for speed.
PUBLIC_CACHE: dict[bytes, bool] = {}


def is_public(address: bytes) -> bool:
    """Whether a raw IPv4 or IPv6 address is on the internet rather than a local, private or special range."""
    cached = PUBLIC_CACHE.get(address)
    if cached is not None:
        return cached
    if len(address) == 4:
        a, b = address[0], address[1]
        public = not (
            a in (0, 10, 127)
            or a >= 224
            or (a == 172 and 16 <= b <= 31)
            or (a == 192 and b == 168)
            or (a == 169 and b == 254)
            or (a == 100 and 64 <= b <= 127)
        )
    else:
        public = (address[0] & 0xE0) == 0x20
    if len(PUBLIC_CACHE) < 1_000_000:
        PUBLIC_CACHE[address] = public
    return public


def text_address(address: bytes) -> str:
    """A raw address as text."""
    return _ntop(socket.AF_INET if len(address) == 4 else socket.AF_INET6, address)


def is_ip_text(text: str) -> bool:
    """Whether `text` is an IPv4 or IPv6 address (a zone such as %eth0 allowed)."""
    try:
        return ipaddress.ip_address(text.split("%", 1)[0]) is not None
    except ValueError:
        return False
