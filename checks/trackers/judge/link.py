"""Link sightings into trackers, as far as each format allows, and say which may be the same."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta

from checks.trackers.formats import Format, formats
from checks.trackers.records import Link, OwnerState, Tracker, TrackerSighting

# Two identifiers of one format heard one right after the other (within this gap, never together)
# "may be the same" tracker after a rotation the format gives no way to follow.
POSSIBLY_SAME_GAP = timedelta(minutes=5)


def _tracker(sightings: Sequence[TrackerSighting], link: Link) -> Tracker:
    ordered = tuple(sorted(sightings, key=lambda s: s.time))
    states = Counter(s.decoded.owner_state for s in ordered)
    kinds = Counter(s.decoded.kind for s in ordered)
    return Tracker(
        format=ordered[0].decoded.format,
        kind=kinds.most_common(1)[0][0],
        owner_state=states.most_common(1)[0][0],
        link=link,
        sightings=ordered,
        addresses=tuple(dict.fromkeys(s.address for s in ordered)),
    )


def _chain_by_counter(groups: list[list[TrackerSighting]], fmt: Format) -> list[list[list[TrackerSighting]]]:
    """Join identifier groups whose aging counter goes up by the format's step across a rotation."""
    slack = timedelta(minutes=fmt.slack_minutes)
    chains: list[list[list[TrackerSighting]]] = []
    for group in sorted(groups, key=lambda g: g[0].time):
        start = group[0]
        joined = False
        for chain in chains:
            end = chain[-1][-1]
            if (
                start.decoded.counter is not None
                and end.decoded.counter is not None
                and start.decoded.counter == end.decoded.counter + fmt.counter_step
                and timedelta(0) <= start.time - end.time <= slack
            ):
                chain.append(group)
                joined = True
                break
        if not joined:
            chains.append([group])
    return chains


def link(sightings: Iterable[TrackerSighting], known: Iterable[Format] | None = None) -> tuple[Tracker, ...]:
    """The trackers heard: sightings with one identity together, rotations joined where possible."""
    by_format = {f.id: f for f in (known if known is not None else formats())}
    by_identity: dict[str, list[TrackerSighting]] = {}
    singles: dict[tuple[str, str], list[TrackerSighting]] = {}
    for sighting in sightings:
        identity = sighting.decoded.identity
        if identity is not None:
            by_identity.setdefault(identity, []).append(sighting)
        else:
            singles.setdefault((sighting.decoded.format, sighting.address), []).append(sighting)
    trackers: list[Tracker] = []
    counted: dict[str, list[list[TrackerSighting]]] = {}
    for group in by_identity.values():
        fmt = by_format.get(group[0].decoded.format)
        group.sort(key=lambda s: s.time)
        if fmt is not None and fmt.counter_field:
            counted.setdefault(fmt.id, []).append(group)
            continue
        by_address = fmt is not None and fmt.identity.get(group[0].decoded.owner_state.value) == "address"
        trackers.append(_tracker(group, Link.ADDRESS if by_address else Link.IDENTIFIER))
    for format_id, groups in counted.items():
        for chain in _chain_by_counter(groups, by_format[format_id]):
            merged = [s for group in chain for s in group]
            trackers.append(_tracker(merged, Link.COUNTER if len(chain) > 1 else Link.IDENTIFIER))
    trackers.extend(_tracker(group, Link.SINGLE) for group in singles.values())
    trackers.sort(key=lambda t: (t.first, t.format))
    return tuple(trackers)


def possibly_same(trackers: Sequence[Tracker]) -> Mapping[int, tuple[int, ...]]:
    """For each tracker (by index), the others that may be the same one after a rotation.

    Only trackers away from their owner are compared: the same format and kind, one heard last
    shortly before the other was first heard, never both at once.
    """
    away = [
        i
        for i, t in enumerate(trackers)
        if t.owner_state is OwnerState.SEPARATED and t.link is not Link.COUNTER
    ]
    out: dict[int, list[int]] = {}
    for i in away:
        for j in away:
            a, b = trackers[i], trackers[j]
            if (
                i != j
                and a.format == b.format
                and a.kind == b.kind
                and timedelta(0) <= b.first - a.last <= POSSIBLY_SAME_GAP
            ):
                out.setdefault(i, []).append(j)
                out.setdefault(j, []).append(i)
    return {k: tuple(sorted(set(v))) for k, v in out.items()}
