"""How a CSV password export is recognised by its header, and which columns hold what."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cybercheck.pipeline.words import Text, text

MAX_TEXT = 200  # a site or username longer than this is cut, so evidence stays readable


@dataclass(frozen=True, slots=True)
class CsvFormat:
    """One CSV export layout: the header names that identify it and the columns to read."""

    name_key: str  # words key of the name people read as the format recognised ("Bitwarden (CSV)")
    required: frozenset[str]  # lower-cased header names that must all be present
    password: str
    username: str
    url: str | None = None
    title: str | None = None
    forbidden: frozenset[str] = frozenset()  # names whose presence means it is another format
    alt_username: str | None = None  # read when the username column is empty (Proton Pass: email)
    # False for rows that are not sign-ins (secure notes, cards); None keeps every row.
    is_login: Callable[[Mapping[str, str]], bool] | None = field(default=None, compare=False)

    @property
    def name(self) -> Text:
        """The format's name as people read it."""
        return text(self.name_key)

    def matches(self, header: frozenset[str]) -> bool:
        """Whether a header (lower-cased names) is this format's."""
        return self.required <= header and not (self.forbidden & header)


def site_of(url: str, title: str) -> str:
    """The host of a saved web address ("https://mail.example.com/x" -> "mail.example.com"), else title."""
    value = url.strip().split(",", 1)[0].strip()
    if value:
        try:
            host = urlsplit(value if "://" in value else "//" + value).hostname
        except ValueError:
            host = None
        if host:
            host = host.lower()
            return (host.removeprefix("www."))[:MAX_TEXT]
    return title.strip()[:MAX_TEXT]


def clip(value: str) -> str:
    """A username or title, trimmed and cut to a readable length."""
    return value.strip()[:MAX_TEXT]
