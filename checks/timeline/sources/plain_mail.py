"""A cheap reader for the commonest mail: ASCII headers and one text/plain part.

It gives the same values as the standard library's parser with policy compat32 (the header
value as that parser returns it, folds kept; the text decoded with the mail's charset), at a
fraction of the cost, and answers None for anything it does not handle exactly, so the caller
uses the full parser for those: multipart or HTML mail, base64, headers with 8-bit bytes or
encoded in other ways, line ends other than LF and CRLF, and lines that are not headers.
"""

from __future__ import annotations

import quopri
import re

MAX_TEXT = 16 * 1024  # as checks.timeline.sources.mail
_BLANK = re.compile(rb"\n\r?\n")
_NAME = re.compile(r"[\041-\071\073-\176]+:")
_CHARSET = re.compile(r"""\A\s*text/plain\s*(?:;\s*charset\s*=\s*"?([A-Za-z0-9_.:\-]+)"?\s*)?;?\s*\Z""", re.I)
_PLAIN_ENCODINGS = ("7bit", "8bit", "binary")


class PlainMail:
    """The headers of a plain mail (first value and every value by lower-case name), and its text."""

    __slots__ = ("_body", "_charset", "_headers", "_quoted")

    def __init__(self, headers: dict[str, list[str]], body: bytes, charset: str, quoted: bool) -> None:
        self._headers = headers
        self._body = body
        self._charset = charset
        self._quoted = quoted

    def get(self, name: str) -> str | None:
        """The first value of a header, as compat32 gives it; None when absent."""
        values = self._headers.get(name.lower())
        return values[0] if values else None

    def get_all(self, name: str) -> list[str] | None:
        """Every value of a header, in order; None when absent."""
        return self._headers.get(name.lower())

    def text(self) -> str:
        """The text, decoded with its charset (UTF-8 when it names none or one Python does not know)."""
        payload = quopri.decodestring(self._body) if self._quoted else self._body
        try:
            text = payload.decode(self._charset, errors="replace")
        except LookupError:
            text = payload.decode("utf-8", errors="replace")
        return text[:MAX_TEXT]


def plain_mail(raw: bytes) -> PlainMail | None:
    """The mail read cheaply, or None when it needs the full parser."""
    blank = _BLANK.search(raw)
    head, body = (raw[: blank.start() + 1], raw[blank.end() :]) if blank else (raw, b"")
    if not head.isascii() or b"\r" in head.replace(b"\r\n", b""):
        return None
    headers: dict[str, list[str]] = {}
    name = ""
    value: list[str] = []
    for line in head.decode("ascii").split("\n"):
        if not line:
            continue
        if line[0] in " \t":
            if not name:
                return None
            value.append("\n" + line)  # compat32 keeps a fold's line end inside the value
            continue
        if not _NAME.match(line):
            return None
        if name:
            _keep(headers, name, value)
        name, _, first = line.partition(":")
        value = [first.lstrip(" \t")]
    if name:
        _keep(headers, name, value)
    return _plain(headers, body)


def _keep(headers: dict[str, list[str]], name: str, value: list[str]) -> None:
    headers.setdefault(name.lower(), []).append("".join(value).rstrip("\r\n"))


def _plain(headers: dict[str, list[str]], body: bytes) -> PlainMail | None:
    kind = headers.get("content-type")
    charset = "utf-8"
    if kind is not None:
        found = _CHARSET.match(kind[0])
        if found is None:
            return None
        charset = (found.group(1) or "utf-8").lower()
    if "content-disposition" in headers:
        return None
    encoding = headers.get("content-transfer-encoding")
    quoted = False
    if encoding is not None:
        label = encoding[0].strip().lower()
        if label == "quoted-printable":
            quoted = True
        elif label not in _PLAIN_ENCODINGS:
            return None
    return PlainMail(headers, body, charset, quoted)
