"""Decide which trackers stay with the person, by the thresholds in data/following.yaml."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from checks.trackers.formats import following_rules
from checks.trackers.judge.link import possibly_same
from checks.trackers.records import OwnerState, SweepDigest, Tracker

# Only "separated" counts as away: AirGuard keeps SmartTags and Chipolos that lost touch with their
# owner only minutes ago ("premature offline") out of its detection too (DeviceManager.savedConnectionStates).
_AWAY = (OwnerState.SEPARATED,)


class Pattern(Enum):
    """What a tracker's sightings show, most serious first."""

    FOLLOWING = "following"  # away from its owner, with the person at several places over time
    FOLLOWING_OWNER_UNKNOWN = "following-owner-unknown"  # the same, but the format cannot say about the owner
    NEAR_FOR = "near-for"  # away from its owner and near the person for a while, places not enough
    NEARBY = "nearby"  # away from its owner, heard only briefly
    WITH_OWNER = "with-owner"  # near its owner, or heard too little to say anything


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The numbers one tracker is judged by, with the sensitivity they come from."""

    sensitivity: str
    minutes: int
    places: int
    sightings: int


@dataclass(frozen=True, slots=True)
class Verdict:
    """One tracker judged."""

    tracker: Tracker
    pattern: Pattern
    thresholds: Thresholds
    places: tuple[str, ...]  # the marked places it was heard at
    minutes: int
    maybe_same_as: tuple[Tracker, ...] = ()
    seen_before: bool = False  # its identity was in an earlier sweep kept in the case


def sensitivities() -> tuple[str, ...]:
    """The sensitivity names data/following.yaml defines."""
    return tuple(following_rules()["sensitivity"])


def base_thresholds(sensitivity: str | None) -> Thresholds:
    """The thresholds at a sensitivity for an ordinary tracker (before a format's or kind's own)."""
    data = following_rules()
    level = sensitivity if sensitivity is not None and sensitivity in data["sensitivity"] else None
    level = level or str(data["default_sensitivity"])
    base = data["sensitivity"][level]
    return Thresholds(level, int(base["minutes"]), int(base["places"]), int(data["min_sightings"]))


def thresholds(tracker: Tracker, sensitivity: str | None) -> Thresholds:
    """The thresholds for this tracker's format and kind at a sensitivity (default from the data)."""
    data = following_rules()
    base = base_thresholds(sensitivity)
    minutes = max(base.minutes, int(data.get("kind_minutes", {}).get(tracker.kind, 0)))
    places = base.places + int(data.get("extra_places", {}).get(tracker.format, 0))
    return Thresholds(base.sensitivity, minutes, places, base.sightings)


def _recent(tracker: Tracker, hours: int) -> Tracker:
    """Only the sightings within the window before its last one (AirGuard's relevant hours)."""
    since = tracker.last - timedelta(hours=hours)
    kept = tuple(s for s in tracker.sightings if s.time >= since)
    if len(kept) == len(tracker.sightings):
        return tracker
    return Tracker(tracker.format, tracker.kind, tracker.owner_state, tracker.link, kept, tracker.addresses)


def _pattern(tracker: Tracker, limits: Thresholds) -> Pattern:
    away = tracker.owner_state in _AWAY
    enough = len(tracker.sightings) >= limits.sightings and tracker.minutes >= limits.minutes
    if enough and len(tracker.places) >= limits.places:
        if away:
            return Pattern.FOLLOWING
        if tracker.owner_state is OwnerState.UNKNOWN:
            return Pattern.FOLLOWING_OWNER_UNKNOWN
    if not away or len(tracker.sightings) < limits.sightings:
        return Pattern.WITH_OWNER  # or heard too few times to say anything
    return Pattern.NEAR_FOR if enough else Pattern.NEARBY


def _is_own(tracker: Tracker, own: set[str]) -> bool:
    ids = {s.decoded.identity.split(":", 1)[1].upper() for s in tracker.sightings if s.decoded.identity}
    return bool(own) and bool((ids | set(tracker.addresses)) & own)


def judge(
    trackers: Sequence[Tracker],
    digest: SweepDigest,
    *,
    sensitivity: str | None = None,
    own: Collection[str] = (),
    earlier: Collection[str] = (),
) -> tuple[Verdict, ...]:
    """A verdict for every tracker that is not the person's own (`own`: addresses or identifiers).

    `earlier` holds identities kept from earlier sweeps, to say a tracker was seen before.
    """
    data = following_rules()
    own_upper = {o.strip().upper() for o in own if o.strip()}
    same = possibly_same(trackers)
    verdicts: list[Verdict] = []
    for index, whole in enumerate(trackers):
        if _is_own(whole, own_upper):
            continue
        tracker = _recent(whole, int(data["window_hours"]))
        limits = thresholds(tracker, sensitivity)
        ids = {s.decoded.identity for s in tracker.sightings if s.decoded.identity}
        verdicts.append(
            Verdict(
                tracker=tracker,
                pattern=_pattern(tracker, limits),
                thresholds=limits,
                places=tracker.places,
                minutes=tracker.minutes,
                maybe_same_as=tuple(trackers[j] for j in same.get(index, ())),
                seen_before=bool(ids & set(earlier)),
            )
        )
    return tuple(verdicts)


def memory_keys(trackers: Sequence[Tracker]) -> tuple[str, ...]:
    """The identities worth keeping for the next sweep: those of trackers not near their owner."""
    keys = {
        s.decoded.identity
        for t in trackers
        if t.owner_state is not OwnerState.NEAR_OWNER
        for s in t.sightings
        if s.decoded.identity
    }
    return tuple(sorted(keys))
