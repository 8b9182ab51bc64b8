"""Records read from password exports, prompts, Have I Been Pwned and corpora, before any judgement.

A password only ever travels as a `Secret`, so that printing or formatting a record by
accident shows stars.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret


@dataclass(frozen=True, slots=True)
class PasswordEntry:
    """One saved sign-in: where it is used and by whom. Reported by site and username only."""

    site: str  # the web address's host, else the entry's title; "" for a typed password
    username: str
    password: Secret = field(repr=False, compare=False)
    title: str = ""  # the name the password manager shows
    source: str = ""  # "Bitwarden (CSV) export", "typed at the prompt"
    position: int = 0  # row in the export, or the order it was typed (from 1)

    @property
    def label(self) -> str:
        """How a person recognises the entry: "accounts.google.com (alice)", or "typed password 2"."""
        if not self.site and not self.username:
            if self.position:
                return text("passwords.typed-label", position=self.position)
            return text("passwords.typed-label-unnumbered")
        if not self.username:
            return self.site
        return text(
            "passwords.entry-label",
            site=self.site or self.title or text("passwords.no-site"),
            username=self.username,
        )


@dataclass(frozen=True, slots=True)
class ExportRead:
    """What was read from one password-manager export, with what could not be read."""

    format: str  # "Bitwarden (CSV)"
    entries: tuple[PasswordEntry, ...]
    rows: int  # rows or items seen, with a password or not
    without_password: int = 0  # rows skipped because they hold no password (notes, cards, passkeys)
    problems: tuple[str, ...] = ()  # plain sentences: rows that could not be read, and why


@dataclass(frozen=True, slots=True)
class Lookup:
    """How often each password was seen, in the order asked; None where one could not be checked."""

    counts: tuple[int | None, ...]
    problems: tuple[str, ...]  # plain sentences, one per kind of failure
    failed: tuple[int, ...] = ()  # positions whose count is None


@dataclass(frozen=True, slots=True)
class Exposure:
    """One distinct password, every entry that uses it, and how often it was seen in breaches."""

    entries: tuple[PasswordEntry, ...]
    count: int  # 0: not in the list that was checked
    checked_by: str  # "Pwned Passwords range API", "offline corpus pwnedpasswords.txt (SHA-1)"


@dataclass(frozen=True, slots=True)
class StrengthRating:
    """A strength estimator's verdict on one distinct password, and the entries that use it."""

    entries: tuple[PasswordEntry, ...]
    score: int  # 0 (guessed at once) to 4 (very hard to guess), zxcvbn's scale
    warning: str  # the estimator's plain-language hint, "" if none
    suggestions: tuple[str, ...]
    online_time: str  # "3 minutes": guessing time against a site that limits tries
    estimator: str  # "zxcvbn 4.5.0"


@dataclass(frozen=True, slots=True)
class Breach:
    """One breach an email address appears in, as Have I Been Pwned describes it."""

    name: str
    title: str
    domain: str
    breach_date: date | None
    added: datetime | None
    pwn_count: int | None
    data_classes: tuple[str, ...]
    verified: bool = True
    fabricated: bool = False
    spam_list: bool = False
    sensitive: bool = False
    malware: bool = False
    stealer_log: bool = False


@dataclass(frozen=True, slots=True)
class AccountBreaches:
    """Every breach found for one email address (none: not found in any)."""

    account: str
    breaches: tuple[Breach, ...]
