"""JSON members streamed item by item in flat memory, and the JSON inside an X archive's JavaScript files.

Knows no provider. Every failure is a DamagedInput with a sentence naming the file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from checks.common.json_escapes import LoneEscapes, has_control_bytes
from checks.sessions.sources.streams import looks_like_html, peek_head
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.words import text

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

_JS_PREFIX = re.compile(rb"\s*(?:\xef\xbb\xbf)?\s*window\.[A-Za-z0-9_.$\[\]'\"]+\s*=\s*")
_X_PREFIX = re.compile(rb"(?:\xef\xbb\xbf)?window\.YTD\.[A-Za-z0-9_]+\.part\d+ = ")  # what X writes


def json_records(stream: IO[bytes], name: str) -> Iterator[tuple[str, Any]]:
    """Every item of every list in a JSON document, streamed: (where, item).

    `where` is the dotted path of the list ("account_activity_v2", "" for a top-level list).
    Objects that are not in a list are yielded once as (path, object) when they sit at the top.
    """
    import ijson

    buffered, head = peek_head(stream, 512)
    if looks_like_html(head):
        raise DamagedInput(text("sessions.json-is-web-page", name=name))
    try:
        watched = _Watched(buffered)
        events = ijson.basic_parse(io.BufferedReader(watched), use_float=True, multiple_values=True)
        yield from _walk(_one_value(events))
        if watched.inside_a_string():  # what follows the document is a string never closed
            raise ijson.JSONError("unclosed string")
    except (ijson.JSONError, UnicodeDecodeError) as error:
        raise DamagedInput(
            text("sessions.json-cut-short", name=name),
            detail=f"{type(error).__name__}: {str(error)[:200]}",
        ) from None


_SURROGATE = re.compile("[\ud800-\udfff]")  # only an escape such as \\ud800 can make one: never real text
MAX_NESTING = 256  # real exports nest a dozen levels; deeper is damage, and is stopped before it costs memory


def _one_value(events: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    """The events of the document's one value; anything after it (a second value, text cut from
    elsewhere) is damage, which ijson alone would stop before reading."""
    import ijson

    depth = 0
    ended = False
    for event, value in events:
        if ended:
            raise ijson.JSONError("trailing data")
        yield event, value
        depth += event in ("start_map", "start_array")
        depth -= event in ("end_map", "end_array")
        ended = depth == 0


def _walk(events: Iterator[tuple[str, Any]]) -> Iterator[tuple[str, Any]]:
    """Records from ijson's basic events: the path is kept here (ijson's own prefixes grow with the
    square of the depth), and nesting past MAX_NESTING ends the read as damage."""
    import ijson

    builder: ijson.ObjectBuilder | None = None
    depth = 0
    where = ""
    stack: list[list[Any]] = []  # per open container: [is_map, current key]
    keys: list[set[str]] = []  # per open object, the keys it has had: a repeated key is damage
    for event, value in events:
        if event == "start_map":
            keys.append(set())
        elif event == "end_map":
            keys.pop()
        elif event == "map_key" or event == "string":
            if _SURROGATE.search(value):
                raise ijson.JSONError("lone surrogate")
            if event == "map_key":
                if value in keys[-1]:
                    raise ijson.JSONError("repeated key")
                keys[-1].add(value)
        if builder is not None:
            builder.event(event, value)
            if event in ("start_map", "start_array"):
                depth += 1
                if depth + len(stack) > MAX_NESTING:
                    raise ijson.JSONError("nested too deeply")
            elif event in ("end_map", "end_array"):
                depth -= 1
            if depth == 0:
                yield where, builder.value
                builder = None
            continue
        if event == "map_key":
            stack[-1][1] = value
            continue
        if event in ("end_map", "end_array"):
            stack.pop()
            continue
        if stack and not stack[-1][0]:  # an item of a list
            parent = ".".join(str(key) if is_map else "item" for is_map, key in stack[:-1])
            # only items of lists at the top or one object down (Meta, X) are records
            if parent.count(".") <= 1 and ".item" not in "." + parent:
                where = parent
                builder = ijson.ObjectBuilder()
                builder.event(event, value)
                depth = 1 if event in ("start_map", "start_array") else 0
                if depth == 0:
                    yield where, builder.value
                    builder = None
                continue
        if event in ("start_map", "start_array"):
            stack.append([event == "start_map", None])
            if len(stack) > MAX_NESTING:
                raise ijson.JSONError("nested too deeply")


class _Watched(io.RawIOBase):
    """A JSON byte stream that fails where it holds a lone surrogate escape (checks.common.json_escapes)."""

    def __init__(self, inner: IO[bytes]) -> None:
        self._inner = inner
        self._escapes = LoneEscapes()
        self._quotes = _QuoteParity()

    def readable(self) -> bool:
        return True

    def inside_a_string(self) -> bool:
        """Whether the stream, read to here, ended inside a string."""
        return self._quotes.inside

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        import ijson

        view = memoryview(buffer)
        chunk = self._inner.read(len(view))
        if has_control_bytes(chunk):
            raise ijson.JSONError("control character")
        if self._escapes.feed(chunk):
            raise ijson.JSONError("lone surrogate escape")
        self._quotes.feed(chunk)
        view[: len(chunk)] = chunk
        return len(chunk)


_QUOTE_OR_BACKSLASHES = re.compile(rb'\\+|"')


class _QuoteParity:
    """Whether the stream so far, read in chunks, is inside a string: a string still open at the end is
    damage (ijson passes one over when it follows the document)."""

    def __init__(self) -> None:
        self.inside = False
        self._escaped_first = False  # the next chunk's first byte is escaped by a backslash before it

    def feed(self, chunk: bytes) -> None:
        """Read one more chunk."""
        escaped_at = 0 if self._escaped_first else -1
        for found in _QUOTE_OR_BACKSLASHES.finditer(chunk):
            if found.group() == b'"':
                self.inside ^= found.start() != escaped_at
                continue
            run = found.end() - found.start() - (found.start() == escaped_at)
            if run % 2:
                escaped_at = found.end()
        self._escaped_first = escaped_at == len(chunk)


class _Rest(io.RawIOBase):
    """A stream that first returns `head`, then the rest of `inner`."""

    def __init__(self, head: bytes, inner: IO[bytes]) -> None:
        self._head = head
        self._inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        view = memoryview(buffer)
        if self._head:
            size = min(len(view), len(self._head))
            view[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        chunk = self._inner.read(len(view))
        view[: len(chunk)] = chunk
        return len(chunk)


def strip_js_prefix(stream: IO[bytes], name: str, gaps: list[str] | None = None) -> IO[bytes]:
    """The JSON part of an X archive file: `window.YTD.ip_audit.part0 = [...]` without the prefix.

    A prefix that is not quite what X writes is still stripped (the data after it is read), and
    said in `gaps`: the file may be damaged.
    """
    head = stream.read(512)
    if looks_like_html(head):
        raise DamagedInput(text("sessions.js-is-web-page", name=name))
    if gaps is not None and not _X_PREFIX.match(head):
        gaps.append(text("sessions.js-prefix-unusual", name=name))
    found = _JS_PREFIX.match(head)
    rest = head[found.end() :] if found else head
    return io.BufferedReader(_Rest(rest, stream))
