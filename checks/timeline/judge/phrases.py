"""The reviewed phrase lists (data/threat-phrases.yaml): messages that MAY contain threats, or that
name third parties and places. A match says "read this message", never "this is a threat"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from checks.timeline.judge.literals import required_literals

DATA = Path(__file__).resolve().parent.parent / "data" / "threat-phrases.yaml"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_PUNCTUATION = re.compile(r"[^\w'\s]+", re.UNICODE)


@dataclass(frozen=True, slots=True, eq=False)
class Phrase:
    """One list entry, compiled, with the words any match must contain (to skip most messages fast)."""

    id: str
    language: str
    category: str
    pattern: re.Pattern[str]
    gate: Gate | None  # what any match must contain; None: the pattern is always tried


@dataclass(frozen=True, slots=True)
class Gate:
    """What every match of a phrase contains: one of these whole words, or one of these strings."""

    words: frozenset[str]
    strings: tuple[str, ...]


def normalise(text: str) -> str:
    """Lower-cased, apostrophes made plain, punctuation made space, spaces squeezed."""
    if text.isascii():  # the only apostrophe to make plain is "`", and case-folding is lower-casing
        folded = text.lower()
        if "`" in folded:
            folded = folded.replace("`", "'")
    else:
        folded = text.casefold().translate(_APOSTROPHES)
    return " ".join(_PUNCTUATION.sub(" ", folded).split())


@lru_cache(maxsize=4)
def load(path: Path = DATA) -> tuple[tuple[Phrase, ...], tuple[Phrase, ...]]:
    """(threat phrases, mention phrases) from the YAML list."""
    from cybercheck.yamldata import load_yaml

    data = load_yaml(path.read_text(encoding="utf-8"))
    common = frozenset(str(w) for w in data.get("common_words") or ())

    def compiled(entries: list[dict[str, object]]) -> tuple[Phrase, ...]:
        out = []
        for entry in entries:
            patterns = entry["patterns"]
            assert isinstance(patterns, list)
            joined = "|".join(f"(?:{p})" for p in patterns)
            out.append(
                Phrase(
                    str(entry["id"]),
                    str(entry["language"]),
                    str(entry["category"]),
                    re.compile(rf"\b(?:{joined})\b"),
                    _gate(required_literals(joined), common),
                )
            )
        return tuple(out)

    return compiled(data["phrases"]), compiled(data.get("mentions") or [])


def _gate(literals: tuple[str, ...], common: frozenset[str]) -> Gate | None:
    """A whole word from inside each literal (spaces on both sides), or the literal itself."""
    if not literals:
        return None
    words, strings = set(), []
    for literal in literals:
        inner = [w for w in literal.split(" ")[1:-1] if w and w not in common]
        if inner:
            words.add(max(inner, key=len))
        else:
            strings.append(literal)
    return Gate(frozenset(words), tuple(strings))


@dataclass(frozen=True, slots=True)
class _Index:
    """Which phrases a word or string can open, so a message tries only the patterns it could match."""

    by_word: dict[str, tuple[int, ...]]
    by_string: tuple[tuple[str, tuple[int, ...]], ...]  # each string, and the phrases it opens
    strings: re.Pattern[str] | None  # finds whether any of the strings is in a text, in one pass
    always: frozenset[int]


_INDEXES: dict[int, tuple[tuple[Phrase, ...], _Index]] = {}


def _index(phrases: tuple[Phrase, ...]) -> _Index:
    """The index of a phrase list, made once per list (found by identity: hashing the list costs per message)."""
    found = _INDEXES.get(id(phrases))
    if found is None or found[0] is not phrases:
        if len(_INDEXES) > 8:
            _INDEXES.clear()
        found = _INDEXES[id(phrases)] = (phrases, _make_index(phrases))
    return found[1]


def _make_index(phrases: tuple[Phrase, ...]) -> _Index:
    by_word: dict[str, list[int]] = {}
    by_string: dict[str, list[int]] = {}
    always = set()
    for number, phrase in enumerate(phrases):
        if phrase.gate is None:
            always.add(number)
            continue
        for word in phrase.gate.words:
            by_word.setdefault(word, []).append(number)
        for string in phrase.gate.strings:
            by_string.setdefault(string, []).append(number)
    strings = re.compile(_any_of(list(by_string))) if by_string else None
    return _Index(
        {w: tuple(n) for w, n in by_word.items()},
        tuple((string, tuple(numbers)) for string, numbers in by_string.items()),
        strings,
        frozenset(always),
    )


def _any_of(strings: list[str]) -> str:
    """A pattern matching any of `strings`, as a tree of their shared beginnings ("kill you", "kiss"
    -> "ki(?:ll\\ you|ss)"): the regular expression engine then tries each letter once, not each string."""
    ends = [s for s in strings if not s]
    by_first: dict[str, list[str]] = {}
    for string in strings:
        if string:
            by_first.setdefault(string[0], []).append(string[1:])
    branches = [re.escape(first) + _any_of(rests) for first, rests in sorted(by_first.items())]
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
    return pattern + "?" if ends and branches else pattern


def first_match(text: str, phrases: tuple[Phrase, ...]) -> Phrase | None:
    """The first phrase that matches `text`, or None."""
    return first_match_plain(normalise(text), phrases) if text else None


def first_match_plain(plain: str, phrases: tuple[Phrase, ...]) -> Phrase | None:
    """The first phrase that matches a text already `normalise`d (so two lists can share the work)."""
    number = first_match_number(plain, phrases)
    return None if number is None else phrases[number]


def first_match_number(plain: str, phrases: tuple[Phrase, ...]) -> int | None:
    """The place in `phrases` of the first phrase that matches a `normalise`d text, or None.

    With two lists joined (threats, then mentions), the first place is the first threat that
    matches or, when none does, the first mention: both lists for the price of one look-up.
    """
    if not plain:
        return None
    index = _index(phrases)
    by_word = index.by_word
    words = by_word.keys() & plain.split(" ")
    has_strings = index.strings is not None and index.strings.search(plain) is not None
    if not (words or has_strings or index.always):  # most texts: no phrase can match
        return None
    candidates = set(index.always)
    for word in words:
        candidates.update(by_word[word])
    if has_strings:  # rarely: most texts hold none of them
        for string, numbers in index.by_string:
            if string in plain:
                candidates.update(numbers)
    for number in sorted(candidates):
        if phrases[number].pattern.search(plain):
            return number
    return None
