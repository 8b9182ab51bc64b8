"""Peeking at the start of an export member without losing it, and telling a web page from data."""

from __future__ import annotations

import io
from typing import IO, Protocol, runtime_checkable


@runtime_checkable
class _Peekable(Protocol):
    def peek(self, size: int = 0, /) -> bytes: ...


def peek_head(stream: IO[bytes], size: int) -> tuple[IO[bytes], bytes]:
    """The stream (buffered when it cannot peek by itself) and its first `size` bytes, still unread."""
    if isinstance(stream, _Peekable):
        return stream, stream.peek(size)[:size]
    buffered = io.BufferedReader(stream)  # type: ignore[type-var]  # any readable binary stream is raw enough
    return buffered, buffered.peek(size)[:size]


def looks_like_html(head: bytes) -> bool:
    """Whether a member that should be data is in fact a web page (a failed download, an error page)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<"))
