"""Findings from the verdicts: the only place the trackers area makes a Finding."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from checks.trackers.formats import formats
from checks.trackers.judge.following import Pattern, Verdict
from checks.trackers.records import Tracker
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import Text, text

_CODES = {
    Pattern.FOLLOWING: ("trackers.tracker.following", Severity.HIGH, "trackers.subject-following"),
    Pattern.FOLLOWING_OWNER_UNKNOWN: (
        "trackers.tracker.following-owner-unknown",
        Severity.MEDIUM,
        "trackers.subject-following",
    ),
    Pattern.NEAR_FOR: ("trackers.tracker.near-for", Severity.MEDIUM, "trackers.subject-near-for"),
    Pattern.NEARBY: ("trackers.tracker.nearby", Severity.INFO, "trackers.subject-nearby"),
}
MAX_ADDRESSES = 6


def kind_label(tracker: Tracker) -> Text:
    """What the tracker is, in words ("An AirTag")."""
    return text(f"trackers.kind-{tracker.kind}")


def _when(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _network(tracker: Tracker) -> str:
    return next((f.network for f in formats() if f.id == tracker.format), tracker.format)


def evidence(verdict: Verdict, source: Text) -> Evidence:
    """Everything the verdict rests on, labelled for a person to read."""
    tracker = verdict.tracker
    limits = verdict.thresholds
    details = tracker.sightings[-1].decoded.fields
    fields: dict[str, str] = {
        text("trackers.field-tracker"): kind_label(tracker),
        text("trackers.field-network"): _network(tracker),
        text("trackers.field-addresses"): ", ".join(tracker.addresses[:MAX_ADDRESSES]),
        text("trackers.field-first"): _when(tracker.first),
        text("trackers.field-last"): _when(tracker.last),
        text("trackers.field-times"): str(len(tracker.sightings)),
        text("trackers.field-owner"): text(f"trackers.state-{tracker.owner_state.value}"),
        text("trackers.field-linked"): text(f"trackers.link-{tracker.link.value}"),
        text("trackers.field-rule"): text(
            "trackers.rule-text",
            sightings=limits.sightings,
            minutes=limits.minutes,
            places=limits.places,
            sensitivity=limits.sensitivity,
        ),
        text("trackers.field-details"): ", ".join(f"{k}={v}" for k, v in sorted(details.items())),
    }
    if verdict.places:
        fields[text("trackers.field-places")] = ", ".join(verdict.places)
    if tracker.strongest_rssi is not None:
        fields[text("trackers.field-strongest")] = str(tracker.strongest_rssi)
    if verdict.maybe_same_as:
        fields[text("trackers.field-maybe-same")] = ", ".join(
            a for other in verdict.maybe_same_as for a in other.addresses[:2]
        )
    if verdict.seen_before:
        fields[text("trackers.field-seen-before")] = text("trackers.answer-yes")
    return Evidence(source=source, when=tracker.first, fields=fields)


def findings(verdicts: Sequence[Verdict], source: Text) -> Iterator[Finding]:
    """A finding for each tracker away from (or not saying) its owner, and for each heard again."""
    for verdict in verdicts:
        proof = evidence(verdict, source)
        tracker = verdict.tracker
        fields = {
            "kind": kind_label(tracker),
            "places": ", ".join(verdict.places),
            "minutes": verdict.minutes,
        }
        if verdict.pattern in _CODES:
            code, severity, subject = _CODES[verdict.pattern]
            yield Finding(code=code, severity=severity, subject=text(subject, **fields), evidence=(proof,))
        if verdict.seen_before and verdict.pattern is not Pattern.WITH_OWNER:
            yield Finding(
                code="trackers.tracker.seen-again",
                severity=Severity.MEDIUM,
                subject=text("trackers.subject-seen-again", **fields),
                evidence=(proof,),
            )
