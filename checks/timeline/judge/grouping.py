"""Suggestions for grouping: numbers and addresses that may belong to the same person.

Grouping is the user's decision; these are only offered. An identifier is suggested when an
export names it with the person's name (the phone's contact name on a text or call, the display
name on a mail) but it is not yet among the identifiers the user gave.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from checks.timeline.identity import Matcher, normalise
from checks.timeline.records import Contact, ContactEvent

MAX_SUGGESTED = 20


def suggest(
    about: Contact, near: Iterable[ContactEvent], matched: Iterable[ContactEvent]
) -> tuple[Contact, ...]:
    """At most one Contact: the person's name with identifiers that may also be theirs, most seen first."""
    names = {normalise(about.name)} | {
        normalise(e.fields.get("contact_name", "") or e.fields.get("from_name", "")) for e in matched
    }
    names.discard("")
    person = Matcher(about.identifiers)
    counts: Counter[str] = Counter()
    for event in near:
        label = normalise(event.fields.get("contact_name", "") or event.fields.get("from_name", ""))
        identifier = event.sender or event.thread
        if label in names and identifier and not person(identifier):
            counts[normalise(identifier)] += 1
    if not counts:
        return ()
    return (Contact(name=about.name, identifiers=tuple(i for i, _ in counts.most_common(MAX_SUGGESTED))),)
