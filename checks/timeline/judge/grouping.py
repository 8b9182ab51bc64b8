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


def label_of(event: ContactEvent) -> str:
    """The name an export shows with an event's sender, normalised ("" when none)."""
    return normalise(event.fields.get("contact_name", "") or event.fields.get("from_name", ""))


def suggest(about: Contact, near: Counter[tuple[str, str]], labels: Iterable[str]) -> tuple[Contact, ...]:
    """At most one Contact: the person's name with identifiers that may also be theirs, most seen first.

    `near` counts (label, identifier) of events not matched to the person; `labels` are the names
    the exports show with the person's own events.
    """
    names = {normalise(about.name), *labels} - {""}
    person = Matcher(about.identifiers)
    counts: Counter[str] = Counter()
    for (label, identifier), count in near.items():
        if label in names and identifier and not person(identifier):
            counts[normalise(identifier)] += count
    if not counts:
        return ()
    return (Contact(name=about.name, identifiers=tuple(i for i, _ in counts.most_common(MAX_SUGGESTED))),)
