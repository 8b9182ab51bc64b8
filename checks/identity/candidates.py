"""Makes the domains someone could register to pass as a person: their name and usernames on
common endings, and typing-mistake and look-alike-letter (homoglyph) versions of their own domain."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from checks.identity.records import Candidate

COMMON_TLDS = ("com", "net", "org", "info", "me", "co", "online", "site")
COUNTRY_TLDS = {
    "GB": ("co.uk", "uk"),
    "IE": ("ie",),
    "US": ("us",),
    "CA": ("ca",),
    "AU": ("com.au",),
    "NZ": ("co.nz",),
    "DE": ("de",),
    "FR": ("fr",),
    "ES": ("es",),
    "IT": ("it",),
    "NL": ("nl",),
    "BE": ("be",),
    "AT": ("at",),
    "CH": ("ch",),
    "SE": ("se",),
    "DK": ("dk",),
    "NO": ("no",),
    "FI": ("fi",),
    "PL": ("pl",),
    "PT": ("pt",),
    "BR": ("com.br",),
    "IN": ("in",),
    "ZA": ("co.za",),
}
TWO_LEVEL = frozenset(
    (
        "co.uk",
        "org.uk",
        "me.uk",
        "ltd.uk",
        "com.au",
        "net.au",
        "org.au",
        "co.nz",
        "co.za",
        "com.br",
        "co.jp",
        "co.in",
    )
)
MAX_CANDIDATES = 400
# NOTE: Unicode "confusables" (https://www.unicode.org/Public/security/latest/confusables.txt):
# Cyrillic letters that look like Latin ones in most fonts.
HOMOGLYPHS = {
    "a": "\u0430",
    "c": "\u0441",
    "e": "\u0435",
    "i": "\u0456",
    "j": "\u0458",
    "o": "\u043e",
    "p": "\u0440",
    "s": "\u0455",
    "x": "\u0445",
    "y": "\u0443",
    "h": "\u04bb",
}
ASCII_LOOKALIKES = (
    ("m", "rn"),
    ("rn", "m"),
    ("l", "1"),
    ("i", "l"),
    ("l", "i"),
    ("o", "0"),
    ("w", "vv"),
    ("d", "cl"),
)
KEYBOARD = {
    "q": "wa",
    "w": "qes",
    "e": "wrd",
    "r": "etf",
    "t": "ryg",
    "y": "tuh",
    "u": "yij",
    "i": "uok",
    "o": "ipl",
    "p": "ol",
    "a": "qsz",
    "s": "awdz",
    "d": "sefx",
    "f": "drgc",
    "g": "fthv",
    "h": "gyjb",
    "j": "hukn",
    "k": "jilm",
    "l": "kop",
    "z": "asx",
    "x": "zsdc",
    "c": "xdfv",
    "v": "cfgb",
    "b": "vghn",
    "n": "bhjm",
    "m": "njk",
}
_FOLD = str.maketrans(
    {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def to_ascii(display: str) -> str | None:
    """The DNS form of a domain (IDNA 2008 with UTS 46 mapping); None when it cannot be a domain."""
    import idna

    try:
        return idna.encode(display, uts46=True).decode("ascii").lower()
    except (idna.IDNAError, UnicodeError, ValueError):
        return None


def to_display(domain: str) -> str:
    """How a domain reads in Unicode."""
    import idna

    try:
        return idna.decode(domain)
    except (idna.IDNAError, UnicodeError, ValueError):
        return domain


def fold(text: str) -> str:
    """Text without accents, as people type it on a plain keyboard ("José" -> "jose")."""
    text = text.casefold().translate(_FOLD)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s.'’_-]+", name.casefold()) if w]


def name_labels(name: str) -> list[str]:
    """Labels made from a full name: janedoe, jane-doe, doejane, jdoe, realjanedoe, janedoeofficial ..."""
    words = _words(name)
    if not words:
        return []
    forms = []
    for variant in (words, [fold(w) for w in words]):
        variant = [re.sub(r"[^\w-]", "", w) for w in variant]
        variant = [w for w in variant if w]
        if not variant:
            continue
        first, last = variant[0], variant[-1]
        if len(variant) == 1:
            forms += [first, "real" + first, first + "official"]
            continue
        forms += [
            first + last,
            f"{first}-{last}",
            last + first,
            first[0] + last,
            first + last[0],
            "real" + first + last,
            first + last + "official",
            "the" + first + last,
        ]
        if len(variant) > 2:
            forms.append("".join(variant))
    return list(dict.fromkeys(forms))


def username_labels(username: str) -> list[str]:
    """Labels made from a username (@jane_doe -> jane_doe is not a host name, so janedoe and jane-doe)."""
    base = username.strip().lstrip("@").casefold()
    forms = [base.replace("_", "").replace(".", ""), base.replace("_", "-").replace(".", "-")]
    return [f for f in dict.fromkeys(forms) if f]


def split_domain(domain: str) -> tuple[str, str]:
    """("janedoe", "co.uk") from "www.janedoe.co.uk"."""
    labels = domain.strip().rstrip(".").casefold().split(".")
    suffix_size = 2 if ".".join(labels[-2:]) in TWO_LEVEL else 1
    if len(labels) <= suffix_size:
        return labels[0], ".".join(labels[1:])
    return labels[-suffix_size - 1], ".".join(labels[-suffix_size:])


def typo_labels(label: str) -> Iterator[str]:
    """Labels one typing mistake away: a letter left out, doubled, swapped, or a neighbouring key."""
    for i in range(len(label)):
        yield label[:i] + label[i + 1 :]
        yield label[:i] + label[i] + label[i:]
        if i + 1 < len(label):
            yield label[:i] + label[i + 1] + label[i] + label[i + 2 :]
        for key in KEYBOARD.get(label[i], ""):
            yield label[:i] + key + label[i + 1 :]
    for i in range(1, len(label)):
        yield label[:i] + "-" + label[i:]


def homoglyph_labels(label: str) -> Iterator[str]:
    """Labels that look the same or nearly: one letter swapped for a Cyrillic twin, "rn" for "m"..."""
    for i, char in enumerate(label):
        if char in HOMOGLYPHS:
            yield label[:i] + HOMOGLYPHS[char] + label[i + 1 :]
    if sum(c in HOMOGLYPHS for c in label) > 1:
        yield "".join(HOMOGLYPHS.get(c, c) for c in label)  # every letter that has a twin
    for old, new in ASCII_LOOKALIKES:
        start = label.find(old)
        while start >= 0:
            yield label[:start] + new + label[start + len(old) :]
            start = label.find(old, start + 1)


def candidates(
    *,
    names: tuple[str, ...] = (),
    usernames: tuple[str, ...] = (),
    domains: tuple[str, ...] = (),
    country: str | None = None,
) -> list[Candidate]:
    """Every candidate domain, most telling first, at most MAX_CANDIDATES, never the person's own domains."""
    tlds = COMMON_TLDS + COUNTRY_TLDS.get((country or "").upper(), ())
    own = {to_ascii(d.strip().rstrip(".")) for d in domains}
    found: dict[str, Candidate] = {}

    def add(label: str, suffix: str, reason: str, based_on: str) -> None:
        display = f"{label}.{suffix}"
        domain = to_ascii(display)
        if (
            domain
            and domain not in own
            and domain not in found
            and all(_LABEL.match(p) for p in domain.split("."))
        ):
            found[domain] = Candidate(
                domain=domain, display=to_display(domain), reason=reason, based_on=based_on
            )

    for domain in domains:
        label, suffix = split_domain(domain)
        for variant in homoglyph_labels(label):
            add(variant, suffix, "homoglyph", domain)
        for variant in typo_labels(label):
            add(variant, suffix, "typo", domain)
        for tld in tlds:
            add(label, tld, "other-ending", domain)
    for name in names:
        for label in name_labels(name):
            for tld in tlds:
                add(label, tld, "name", name)
    for username in usernames:
        for label in username_labels(username):
            for tld in tlds:
                add(label, tld, "username", username)
    return list(found.values())[:MAX_CANDIDATES]
