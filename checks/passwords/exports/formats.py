"""How a CSV password export is recognised by its header, and which columns hold what."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX_TEXT = 200  # a site or username longer than this is cut, so evidence stays readable


@dataclass(frozen=True, slots=True)
class CsvFormat:
    """One CSV export layout: the header names that identify it and the columns to read."""

    name: str  # "Bitwarden (CSV)", said to the person as the format that was recognised
    required: frozenset[str]  # lower-cased header names that must all be present
    password: str
    username: str
    url: str | None = None
    title: str | None = None
    forbidden: frozenset[str] = frozenset()  # names whose presence means it is another format
    # False for rows that are not sign-ins (secure notes, cards); None keeps every row.
    is_login: Callable[[Mapping[str, str]], bool] | None = field(default=None, compare=False)

    def matches(self, header: frozenset[str]) -> bool:
        """Whether a header (lower-cased names) is this format's."""
        return self.required <= header and not (self.forbidden & header)


def site_of(url: str, title: str) -> str:
    """The host of a saved web address ("https://mail.example.com/x" -> "mail.example.com"), else the title."""
    text = url.strip().split(",", 1)[0].strip()
    if text:
        try:
            host = urlsplit(text if "://" in text else "//" + text).hostname
        except ValueError:
            host = None
        if host:
            host = host.lower()
            return (host.removeprefix("www."))[:MAX_TEXT]
    return title.strip()[:MAX_TEXT]


def clip(text: str) -> str:
    """A username or title, trimmed and cut to a readable length."""
    return text.strip()[:MAX_TEXT]
