"""Recognises the words and senders of security mail in a rule's conditions (data/security-mail.yaml)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources

from checks.mail.records import Condition
from cybercheck.yamldata import load_yaml

_TOKEN = re.compile(r"[\s()\[\]{}\"',;|]+")
_SENDER_FIELDS = frozenset({"from", "sender", "the message", "any header", "envelope from", "reply-to"})


@lru_cache(maxsize=1)
def _data() -> Mapping[str, tuple[str, ...]]:
    text = resources.files(__package__).joinpath("data", "security-mail.yaml").read_text(encoding="utf-8")
    raw = load_yaml(text)
    return {
        key: tuple(str(v).lower() for v in raw.get(key) or ()) for key in ("words", "senders", "institutions")
    }


@lru_cache(maxsize=1)
def _word_pattern() -> re.Pattern[str]:
    words = sorted(_data()["words"], key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(w) for w in words) + r")(?![a-z0-9])")


def tokens(value: str) -> list[str]:
    """The address-like pieces of a condition value ("from:(a@b.com OR c.com)" -> a@b.com, c.com)."""
    out = []
    for token in _TOKEN.split(value.lower()):
        token = token.split(":", 1)[1] if re.match(r"^[a-z-]+:", token) else token
        token = token.strip("<>.*?")
        if token and token not in ("or", "and", "not"):
            out.append(token)
    return out


def _domain_matches(token: str, domain: str) -> bool:
    return token == domain or token.endswith(("@" + domain, "." + domain))


def security_words(conditions: Iterable[Condition]) -> list[str]:
    """The security words and senders named by positive conditions, in order."""
    found: list[str] = []
    for condition in conditions:
        if condition.negated:
            continue
        value = condition.value.lower()
        found += [m.group(1) for m in _word_pattern().finditer(value)]
        if condition.field in _SENDER_FIELDS:
            for token in tokens(value):
                found += [d for d in _data()["senders"] if _domain_matches(token, d)][:1]
    return list(dict.fromkeys(found))


def institution_words(value: str) -> list[str]:
    """Words in a sender's address that suggest a bank, solicitor, school, court or support service."""
    lowered = value.lower()
    return [word for word in _data()["institutions"] if word in lowered]
