"""Reads the head of an unencrypted HTTP/1.x request: method, path, Host, body size, content type."""

from __future__ import annotations

from dataclasses import dataclass

HTTP_STARTS = frozenset((b"GET ", b"POST", b"PUT ", b"HEAD", b"DELE", b"PATC", b"OPTI", b"CONN", b"TRAC"))


@dataclass(frozen=True, slots=True)
class RequestHead:
    """The parts of a request head the traffic check keeps; never the query string or the body."""

    method: str
    path: str
    host: str
    body_bytes: int
    content_type: str


def read_request_head(payload: bytes) -> RequestHead | None:
    """The request head at the start of `payload`, or None when it is not an HTTP request."""
    head, _, body = payload.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    words = lines[0].split(b" ")
    if len(words) < 3 or not words[2].startswith(b"HTTP/"):
        return None
    host = ""
    length = -1
    chunked = False
    content_type = ""
    for line in lines[1:]:
        key, _, value = line.partition(b":")
        key = key.strip().lower()
        if key == b"host":
            host = value.strip().decode("ascii", "backslashreplace").lower()
        elif key == b"content-length" and value.strip().isdigit():
            length = int(value.strip())
        elif key == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
        elif key == b"content-type":
            content_type = value.strip().split(b";", 1)[0].decode("ascii", "replace").lower()[:100]
    body_bytes = length if length >= 0 else len(body)
    if chunked and body_bytes == 0:
        body_bytes = 1  # a chunked body is data whatever its size
    if host.count(":") == 1:
        host = host.rsplit(":", 1)[0]  # "name:8080"; IPv6 literals keep their colons
    return RequestHead(
        method=words[0].decode("ascii", "replace"),
        path=words[1].split(b"?", 1)[0].decode("ascii", "replace")[:200],
        host=host.rstrip("."),
        body_bytes=body_bytes,
        content_type=content_type,
    )
