"""The pattern of contact from one person: counts, night-time, contact after being asked to stop
or blocked, unanswered bursts, rising frequency, new channels or accounts, and phrase matches.

Everything here is counting and comparing dates; nothing here decides what a message means.
"""

from __future__ import annotations

import heapq
from collections import Counter, deque
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from checks.timeline.api import EscalationPoint, PersonStats, ThreatMatch
from checks.timeline.judge.phrases import first_match_number, load, normalise
from checks.timeline.records import Channel, ContactEvent, EventKind, SourceRef
from checks.timeline.store import TO_PERSON, micros, store_kind

if TYPE_CHECKING:
    from checks.timeline.store import EventStore

BURST_WINDOW = timedelta(hours=1)
BURST_CALLS = (
    10  # calls (answered or not) from the person in an hour with no reply: the "ten calls in an hour"
)
BURST_MESSAGES = 30  # messages in an hour with no reply; chats run fast, so the bar is higher
RISING_WINDOW = 4  # weeks compared with the 4 weeks before
RISING_FACTOR = 2.0
RISING_MIN_PER_WEEK = 5.0  # a rise from 1 to 2 a week is not a pattern anyone should be shown
MAX_POINTS = 20  # escalation points of one kind kept (the first ones)
AFTER_REFS = 200  # contacts after a mark that its escalation point lists
RISING_REFS = 50  # contacts of a rising week that its escalation point lists
_CALLS = (EventKind.CALL, EventKind.MISSED_CALL)


@dataclass(frozen=True, slots=True)
class Marks:
    """What the user told us: when they asked the person to stop, and when they blocked them."""

    asked_to_stop: datetime | None = None
    blocked: datetime | None = None


@dataclass(frozen=True, slots=True)
class Pattern:
    """The judgement's raw material, before it becomes findings."""

    stats: PersonStats
    escalation: tuple[EscalationPoint, ...]
    threats: tuple[ThreatMatch, ...]
    mentions: tuple[ThreatMatch, ...]
    bursts: tuple[EscalationPoint, ...]


def monday(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


class Judgement:
    """The judgement, made as the person's events are read (in any order) and finished in time order.

    `add` counts what does not depend on order (days, channels, night-time, after the marks,
    phrase matches, the first contact on each channel and from each identifier); `finish` walks
    the stored events once in time order for the unanswered bursts and the contacts of the weeks
    where contact rose. Nothing here keeps an event, except the ones the phrase lists match.
    Inputs read in another process are counted there by a Judgement of their own, which `merge`
    takes in: every count is kept so that the order events arrive in does not change it.
    """

    def __init__(self, marks: Marks, *, local: tzinfo, night: tuple[int, int] = (22, 6)) -> None:
        self.marks, self.local, self.night = marks, local, night
        threats, mentions = load()
        self._phrases, self._threat_count = threats + mentions, len(threats)  # one look-up for both lists
        self.per_day: Counter[date] = Counter()
        self.by_channel: Counter[str] = Counter()  # by Channel value
        self._channel_first: dict[str, tuple[int, int]] = {}  # channel -> (time, seq) first seen
        self.identifiers: dict[str, tuple[int, int]] = {}  # sender -> (time, seq) first seen
        self.incoming = self.outgoing = self.night_count = self.after_stop = self.after_block = 0
        self.first: tuple[int, int, int, datetime] | None = None
        self.last: tuple[int, int, int, datetime] | None = None
        self.threats: list[tuple[int, int, ThreatMatch]] = []
        self.mentions: list[tuple[int, int, ThreatMatch]] = []
        self.mark = marks.blocked or marks.asked_to_stop
        self._after: dict[str, list[tuple[int, int, datetime, SourceRef]]] = {"stop": [], "block": []}
        self._before_channels: set[str] = set()  # Channel values
        self._before_ids: set[str] = set()
        self._new_channels: dict[str, tuple[int, int, datetime, SourceRef]] = {}
        self._new_ids: dict[str, tuple[int, int, datetime, SourceRef, str]] = {}

    def add(self, event: ContactEvent, role: int, seq: int, key: int) -> None:
        """Count one of the person's events: `role` a store role number, `seq` its place in reading
        order, `key` micros(event.when)."""
        when = event.when
        order = (key, role, seq, when)
        if self.first is None or order < self.first:
            self.first = order
        if self.last is None or order > self.last:
            self.last = order
        if role == TO_PERSON:
            self.outgoing += 1
            return
        self.incoming += 1
        local_time = when.astimezone(self.local)
        self.per_day[local_time.date()] += 1
        channel = event.channel._value_  # a plain string: hashing an Enum member runs Python code
        first_seen = self._channel_first.get(channel)
        if first_seen is None or (key, seq) < first_seen:
            self._channel_first[channel] = (key, seq)
        self.by_channel[channel] += 1
        sender = event.sender
        seen = self.identifiers.get(sender)
        if seen is None or (key, seq) < seen:
            self.identifiers[sender] = (key, seq)
        hour = local_time.hour
        start, end = self.night
        if (start <= hour or hour < end) if start > end else (start <= hour < end):
            self.night_count += 1
        marks = self.marks
        if marks.asked_to_stop is not None and when > marks.asked_to_stop:
            self.after_stop += 1
            _keep_first(self._after["stop"], (-key, -seq, when, event.source))
        if marks.blocked is not None and when > marks.blocked:
            self.after_block += 1
            _keep_first(self._after["block"], (-key, -seq, when, event.source))
        if self.mark is not None:
            self._new_since_mark(event, key, seq)
        if event.content and event.kind is not EventKind.CALL:
            number = first_match_number(normalise(event.content), self._phrases)
            if number is not None:
                found = self._phrases[number]
                kept = self.threats if number < self._threat_count else self.mentions
                kept.append((key, seq, ThreatMatch(event, found.id, found.language)))

    def _new_since_mark(self, event: ContactEvent, key: int, seq: int) -> None:
        channel = event.channel._value_
        if event.when <= self.mark:  # type: ignore[operator]  # only called with a mark
            self._before_channels.add(channel)
            self._before_ids.add(event.sender)
            return
        first = (key, seq, event.when, event.source)
        if channel not in self._before_channels:
            known = self._new_channels.get(channel)
            if known is None or (key, seq) < known[:2]:
                self._new_channels[channel] = first
        if event.sender and event.sender not in self._before_ids:
            known_id = self._new_ids.get(event.sender)
            if known_id is None or (key, seq) < known_id[:2]:
                self._new_ids[event.sender] = (*first, channel)

    def __getstate__(self) -> dict[str, object]:
        # What crosses back from another process: the counts, not the phrase lists (loaded in each)
        return {
            name: value for name, value in vars(self).items() if name not in ("_phrases", "_threat_count")
        }

    def merge(self, other: Judgement) -> None:
        """Count in what another Judgement counted of other events (the same person, marks and zone)."""
        self.per_day.update(other.per_day)
        self.by_channel.update(other.by_channel)
        _keep_earliest(self._channel_first, other._channel_first)
        _keep_earliest(self.identifiers, other.identifiers)
        self.incoming += other.incoming
        self.outgoing += other.outgoing
        self.night_count += other.night_count
        self.after_stop += other.after_stop
        self.after_block += other.after_block
        if other.first is not None and (self.first is None or other.first < self.first):
            self.first = other.first
        if other.last is not None and (self.last is None or other.last > self.last):
            self.last = other.last
        self.threats.extend(other.threats)
        self.mentions.extend(other.mentions)
        for name, kept in self._after.items():
            for item in other._after[name]:
                _keep_first(kept, item)
        self._before_channels |= other._before_channels
        self._before_ids |= other._before_ids
        _keep_earliest(self._new_channels, other._new_channels)
        _keep_earliest(self._new_ids, other._new_ids)

    def finish(self, store: EventStore) -> Pattern:
        """The pattern, once every event has been added to the judgement and to `store`."""
        local, marks = self.local, self.marks
        per_week = _weeks(self.per_day)
        rising = _rising_weeks(per_week, local)
        bursts, max_in_hour = _walk(store, rising)
        first = self.first[3] if self.first else None
        last = self.last[3] if self.last else None
        threats = tuple(m for _, _, m in sorted(self.threats, key=_by_time))
        mentions = tuple(m for _, _, m in sorted(self.mentions, key=_by_time))
        stats = PersonStats(
            total=self.incoming + self.outgoing,
            incoming=self.incoming,
            outgoing=self.outgoing,
            first=first,
            last=last,
            days=((last.astimezone(local).date() - first.astimezone(local).date()).days + 1)
            if first and last
            else 0,
            active_days=len(self.per_day),
            per_day=dict(sorted(self.per_day.items())),
            per_week=per_week,
            by_channel={
                Channel(c): self.by_channel[c]
                for c in sorted(self.by_channel, key=self._channel_first.__getitem__)
            },
            identifiers=tuple(i for i, _ in sorted(self.identifiers.items(), key=lambda item: item[1]) if i),
            night=self.night_count,
            after_stop=self.after_stop,
            after_block=self.after_block,
            max_in_hour=max_in_hour,
        )
        escalation = [*(week.point() for week in rising if week.when is not None), *self._new_points()]
        if marks.asked_to_stop is not None and self.after_stop:
            escalation.append(
                _after(
                    self._after["stop"],
                    marks.asked_to_stop,
                    "timeline.escalation.after-stop",
                    self.after_stop,
                )
            )
        if marks.blocked is not None and self.after_block:
            escalation.append(
                _after(
                    self._after["block"], marks.blocked, "timeline.escalation.after-block", self.after_block
                )
            )
        escalation.extend(bursts)
        if threats:
            escalation.append(
                EscalationPoint(
                    threats[0].event.when,
                    "timeline.escalation.threat-words",
                    {"count": str(len(threats))},
                    tuple(t.event.source for t in threats),
                )
            )
        if mentions:
            escalation.append(
                EscalationPoint(
                    mentions[0].event.when,
                    "timeline.escalation.mentions",
                    {"count": str(len(mentions))},
                    tuple(m.event.source for m in mentions),
                )
            )
        escalation.sort(key=lambda p: p.when)
        return Pattern(stats, tuple(escalation), threats, mentions, tuple(bursts))

    def _new_points(self) -> list[EscalationPoint]:
        """New channels and identifiers after the mark, in time order, as the walk through time met them."""
        if not self._before_channels:  # no contact before the date given: nothing after it can be called new
            return []
        met: list[tuple[int, int, int, EscalationPoint]] = []
        # Contact before the mark may be read after contact that followed it (another file, or a
        # file written newest first): only what had no contact before the mark at all is new.
        for channel, (key, seq, when, source) in self._new_channels.items():
            if channel in self._before_channels:
                continue
            point = EscalationPoint(when, "timeline.escalation.new-channel", {"channel": channel}, (source,))
            met.append((key, seq, 0, point))
        for sender, (key, seq, when, source, channel) in self._new_ids.items():
            if sender in self._before_ids:
                continue
            fields = {"identifier": sender, "channel": channel}
            met.append(
                (key, seq, 1, EscalationPoint(when, "timeline.escalation.new-identifier", fields, (source,)))
            )
        out: list[EscalationPoint] = []
        for _, _, is_identifier, point in sorted(met, key=lambda item: item[:3]):
            if not is_identifier or len(out) < MAX_POINTS:
                out.append(point)
        return out


def _by_time(item: tuple[int, int, ThreatMatch]) -> tuple[int, int]:
    return item[0], item[1]


def _keep_first(
    kept: list[tuple[int, int, datetime, SourceRef]], item: tuple[int, int, datetime, SourceRef]
) -> None:
    """Keep the AFTER_REFS earliest events, each (-time, -seq, when, source): a heap of the latest
    first, so the latest can be dropped."""
    if len(kept) < AFTER_REFS:
        heapq.heappush(kept, item)
    elif item > kept[0]:
        heapq.heapreplace(kept, item)


def _keep_earliest(kept: dict[str, Any], other: dict[str, Any]) -> None:
    """Per key, the entry that came first: each entry starts with (time, seq)."""
    for name, entry in other.items():
        known = kept.get(name)
        if known is None or entry[:2] < known[:2]:
            kept[name] = entry


def _walk(store: EventStore, rising: list[_RisingWeek]) -> tuple[list[EscalationPoint], int]:
    """One walk through the stored events in time order: the unanswered runs of attempts within an
    hour, and the events each rising week points at."""
    bursts: list[EscalationPoint] = []
    window: deque[tuple[int, bool, tuple[object, ...]]] = deque()  # (time, is a call, item) unanswered
    max_in_hour = calls = 0
    burst_open = False
    span = BURST_WINDOW // timedelta(microseconds=1)
    call_kinds = frozenset(store_kind(kind) for kind in _CALLS)
    weeks = iter(rising)
    week = next(weeks, None)
    for key, role, kind, item in store.moments():
        if role == TO_PERSON:
            window.clear()  # a reply answers what came before it
            calls = 0
            burst_open = False
            continue
        while week is not None and key >= week.start and not week.take(key, item, store):
            week = next(weeks, None)
        is_call = kind in call_kinds
        window.append((key, is_call, item))
        calls += is_call
        while window and key - window[0][0] > span:
            calls -= window.popleft()[1]
        max_in_hour = max(max_in_hour, len(window))
        if not burst_open and (calls >= BURST_CALLS or len(window) - calls >= BURST_MESSAGES):
            burst_open = True
            if len(bursts) < MAX_POINTS:
                sources = [store.source_of(entry) for _, _, entry in window]
                bursts.append(
                    EscalationPoint(
                        sources[0][0],
                        "timeline.escalation.burst",
                        {"count": str(len(window)), "calls": str(calls)},
                        tuple(source for _, source in sources),
                    )
                )
        elif burst_open and not window:
            burst_open = False
    return bursts, max_in_hour


class _RisingWeek:
    """A week where contact rose: its counts, and the person's first contact from its Monday on."""

    def __init__(self, week: date, before: float, now: float, local: tzinfo) -> None:
        self.week, self.before, self.now = week, before, now
        self.start = micros(datetime.combine(week, time(), tzinfo=local))
        self.end = micros(datetime.combine(week + timedelta(weeks=1), time(), tzinfo=local))
        self.when: datetime | None = None
        self.refs: list[SourceRef] = []

    def take(self, key: int, item: tuple[object, ...], store: EventStore) -> bool:
        """Note one of the person's events at or after the Monday; False once past the week."""
        if self.when is None or (key < self.end and len(self.refs) < RISING_REFS):
            when, source = store.source_of(item)
            self.when = self.when or when
            if key < self.end:
                self.refs.append(source)
        return key < self.end

    def point(self) -> EscalationPoint:
        """The escalation point (only once `when` is known)."""
        assert self.when is not None
        return EscalationPoint(
            self.when,
            "timeline.escalation.rising",
            {"before": f"{self.before:.1f}", "after": f"{self.now:.1f}", "week": self.week.isoformat()},
            tuple(self.refs),
        )


def _weeks(per_day: Counter[date]) -> dict[date, int]:
    if not per_day:
        return {}
    weeks: Counter[date] = Counter()
    for day, count in per_day.items():
        weeks[monday(day)] += count
    start, end = min(weeks), max(weeks)
    out = {}
    while start <= end:
        out[start] = weeks.get(start, 0)
        start += timedelta(weeks=1)
    return out


def _rising_weeks(per_week: dict[date, int], local: tzinfo) -> list[_RisingWeek]:
    """The weeks where a rise begins: four weeks at least twice the four before (and 5 a week or more)."""
    weeks = list(per_week.items())
    found: list[_RisingWeek] = []
    rising = False
    for index in range(2 * RISING_WINDOW, len(weeks) + 1):
        before = sum(c for _, c in weeks[index - 2 * RISING_WINDOW : index - RISING_WINDOW]) / RISING_WINDOW
        now = sum(c for _, c in weeks[index - RISING_WINDOW : index]) / RISING_WINDOW
        is_rising = now >= RISING_MIN_PER_WEEK and now >= RISING_FACTOR * max(before, 1.0)
        if is_rising and not rising and len(found) < MAX_POINTS:
            found.append(_RisingWeek(weeks[index - RISING_WINDOW][0], before, now, local))
        rising = is_rising
    return found


def _after(
    kept: list[tuple[int, int, datetime, SourceRef]], mark: datetime, key: str, count: int
) -> EscalationPoint:
    earliest = sorted(kept, reverse=True)
    return EscalationPoint(
        earliest[0][2],
        key,
        {"count": str(count), "since": mark.isoformat()},
        tuple(source for _, _, _, source in earliest),
    )
