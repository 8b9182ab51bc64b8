"""Makes the domains someone could register to pass as a person: their name and usernames on
common endings, and typing-mistake and look-alike-letter (homoglyph) versions of their own domain."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from checks.identity.records import Candidate
from cybercheck.yamldata import load_yaml

MAX_CANDIDATES = 400


@dataclass(frozen=True, slots=True)
class _Tables:
    """The endings, look-alike letters and keyboard of data/lookalike.yaml."""

    common_tlds: tuple[str, ...]
    country_tlds: Mapping[str, tuple[str, ...]]
    two_level: frozenset[str]
    homoglyphs: Mapping[str, str]
    ascii_lookalikes: tuple[tuple[str, str], ...]
    keyboard: Mapping[str, str]


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    raw = load_yaml(
        resources.files(__package__).joinpath("data", "lookalike.yaml").read_text(encoding="utf-8")
    )
    return _Tables(
        common_tlds=tuple(raw["common_tlds"]),
        country_tlds={str(k): tuple(v) for k, v in raw["country_tlds"].items()},
        two_level=frozenset(raw["two_level"]),
        homoglyphs={str(k): str(v) for k, v in raw["homoglyphs"].items()},
        ascii_lookalikes=tuple((str(old), str(new)) for old, new in raw["ascii_lookalikes"]),
        keyboard={str(k): str(v) for k, v in raw["keyboard"].items()},
    )


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
    suffix_size = 2 if ".".join(labels[-2:]) in _tables().two_level else 1
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
        for key in _tables().keyboard.get(label[i], ""):
            yield label[:i] + key + label[i + 1 :]
    for i in range(1, len(label)):
        yield label[:i] + "-" + label[i:]


def homoglyph_labels(label: str) -> Iterator[str]:
    """Labels that look the same or nearly: one letter swapped for a Cyrillic twin, "rn" for "m"..."""
    twins = _tables().homoglyphs
    for i, char in enumerate(label):
        if char in twins:
            yield label[:i] + twins[char] + label[i + 1 :]
    if sum(c in twins for c in label) > 1:
        yield "".join(twins.get(c, c) for c in label)  # every letter that has a twin
    for old, new in _tables().ascii_lookalikes:
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
    tlds = _tables().common_tlds + _tables().country_tlds.get((country or "").upper(), ())
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
