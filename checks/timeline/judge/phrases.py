"""The reviewed phrase lists (data/threat-phrases.yaml): messages that MAY contain threats, or that
name third parties and places. A match says "read this message", never "this is a threat"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "threat-phrases.yaml"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_PUNCTUATION = re.compile(r"[^\w'\s]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Phrase:
    """One list entry, compiled."""

    id: str
    language: str
    category: str
    pattern: re.Pattern[str]


def normalise(text: str) -> str:
    """Lower-cased, apostrophes made plain, punctuation made space, spaces squeezed."""
    return " ".join(_PUNCTUATION.sub(" ", text.casefold().translate(_APOSTROPHES)).split())


@lru_cache(maxsize=4)
def load(path: Path = DATA) -> tuple[tuple[Phrase, ...], tuple[Phrase, ...]]:
    """(threat phrases, mention phrases) from the YAML list."""
    from cybercheck.yamldata import load_yaml

    data = load_yaml(path.read_text(encoding="utf-8"))

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
                )
            )
        return tuple(out)

    return compiled(data["phrases"]), compiled(data.get("mentions") or [])


def first_match(text: str, phrases: tuple[Phrase, ...]) -> Phrase | None:
    """The first phrase that matches `text`, or None."""
    if not text:
        return None
    plain = normalise(text)
    for phrase in phrases:
        if phrase.pattern.search(plain):
            return phrase
    return None
