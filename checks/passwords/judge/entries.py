"""What the password judgements share: how entries are named and shown, and what they protect."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from checks.passwords.counting import and_more
from checks.passwords.email_sites import is_email_site
from checks.passwords.grouping import distinct_sites
from checks.passwords.records import PasswordEntry
from cybercheck.pipeline.model import Evidence
from cybercheck.pipeline.words import Text, text

MOST_NAMED = 3


def entry_evidence(entries: Sequence[PasswordEntry]) -> tuple[Evidence, ...]:
    """One piece of evidence per entry: its site and username, never its password."""
    return tuple(Evidence(source=e.source, fields=_entry_fields(e)) for e in entries)


def _entry_fields(entry: PasswordEntry) -> dict[str, str]:
    if not entry.site and not entry.username:
        return {text("passwords.field-entry"): entry.label}
    fields: dict[str, str] = {
        text("passwords.field-site"): entry.site or text("passwords.not-given"),
        text("passwords.field-username"): entry.username or text("passwords.not-given"),
    }
    if entry.title and entry.title.lower() != entry.site.lower():
        fields[text("passwords.field-title")] = entry.title
    fields[text("passwords.field-entry-number")] = str(entry.position)
    return fields


def accounts(entries: Sequence[PasswordEntry]) -> str:
    """The accounts by site and username, the first few named ("a (x), b (y) and 2 more")."""
    return and_more(list(dict.fromkeys(e.label for e in entries)), MOST_NAMED)


def protects_email(entries: Iterable[PasswordEntry]) -> bool:
    """Whether any of the entries is an email inbox's."""
    return any(is_email_site(e.site) for e in entries if e.site)


def reused(entries: Sequence[PasswordEntry]) -> bool:
    """Whether the entries are on more than one site."""
    return len(distinct_sites(entries)) > 1


def yes_no(value: bool) -> Text:
    """ "yes" or "no", as the evidence says it."""
    return text("passwords.answer-yes") if value else text("passwords.answer-no")
