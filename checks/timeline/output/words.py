"""The timeline record's words: area "timeline-record" (checks/timeline/output/words.yaml), by key."""

from __future__ import annotations

from cybercheck.pipeline.words import Text, check_words, text

AREA = "timeline-record"


def say(key: str, /, **fields: object) -> Text:
    """The sentence `key` ("summary.contacts") of the record's words, with its {fields} filled in."""
    return text(f"{AREA}.{key}", **fields)


def number(value: int) -> str:
    """A count as people read it: 12,345."""
    return f"{value:,}"


def check_title() -> str:
    """The timeline check's title, from the area's own words (checks: contact: title)."""
    words = check_words("timeline.contact")
    return words.title if words else "timeline.contact"
