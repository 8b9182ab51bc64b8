"""The pattern of contact from one person: counts, night-time, contact after being asked to stop
or blocked, unanswered bursts, rising frequency, new channels or accounts, and phrase matches.

Everything here is counting and comparing dates; nothing here decides what a message means.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from checks.timeline.api import EscalationPoint, PersonStats, ThreatMatch
from checks.timeline.judge.phrases import first_match, load
from checks.timeline.judge.select import Role
from checks.timeline.records import Channel, ContactEvent, EventKind

BURST_WINDOW = timedelta(hours=1)
BURST_CALLS = (
    10  # calls (answered or not) from the person in an hour with no reply: the "ten calls in an hour"
)
BURST_MESSAGES = 30  # messages in an hour with no reply; chats run fast, so the bar is higher
RISING_WINDOW = 4  # weeks compared with the 4 weeks before
RISING_FACTOR = 2.0
RISING_MIN_PER_WEEK = 5.0  # a rise from 1 to 2 a week is not a pattern anyone should be shown
MAX_POINTS = 20  # escalation points of one kind kept (the first ones)
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


def judge_pattern(
    events: Iterable[tuple[ContactEvent, Role]],
    marks: Marks,
    *,
    local: tzinfo,
    night: tuple[int, int] = (22, 6),
) -> Pattern:
    """Judge the person's events (in time order; iterated more than once) against the user's marks."""
    threats_list, mentions_list = load()
    per_day: Counter[date] = Counter()
    by_channel: Counter[Channel] = Counter()
    identifiers: dict[str, None] = {}
    incoming = outgoing = night_count = after_stop = after_block = 0
    first = last = None
    threats: list[ThreatMatch] = []
    mentions: list[ThreatMatch] = []
    bursts: list[EscalationPoint] = []
    window: deque[ContactEvent] = deque()  # unanswered attempts from the person in the last hour
    max_in_hour = calls = 0
    burst_open = False
    seen_channels: dict[Channel, datetime] = {}
    seen_ids: dict[str, datetime] = {}
    new_after: list[EscalationPoint] = []
    mark = marks.blocked or marks.asked_to_stop
    start, end = night
    for event, role in events:
        first = first or event.when
        last = event.when
        if role is Role.TO_PERSON:
            outgoing += 1
            window.clear()  # a reply answers what came before it
            calls = 0
            burst_open = False
            continue
        incoming += 1
        local_time = event.when.astimezone(local)
        per_day[local_time.date()] += 1
        by_channel[event.channel] += 1
        identifiers.setdefault(event.sender, None)
        hour = local_time.hour
        if (start <= hour or hour < end) if start > end else (start <= hour < end):
            night_count += 1
        if marks.asked_to_stop is not None and event.when > marks.asked_to_stop:
            after_stop += 1
        if marks.blocked is not None and event.when > marks.blocked:
            after_block += 1
        if mark is not None:
            _new_since_mark(event, mark, seen_channels, seen_ids, new_after)
        window.append(event)
        calls += event.kind in _CALLS
        while window and event.when - window[0].when > BURST_WINDOW:
            calls -= window.popleft().kind in _CALLS
        max_in_hour = max(max_in_hour, len(window))
        if not burst_open and (calls >= BURST_CALLS or len(window) - calls >= BURST_MESSAGES):
            burst_open = True
            if len(bursts) < MAX_POINTS:
                bursts.append(
                    EscalationPoint(
                        window[0].when,
                        "timeline.escalation.burst",
                        {"count": str(len(window)), "calls": str(calls)},
                        tuple(e.source for e in window),
                    )
                )
        elif burst_open and not window:
            burst_open = False
        if event.content and event.kind is not EventKind.CALL:
            if (found := first_match(event.content, threats_list)) is not None:
                threats.append(ThreatMatch(event, found.id, found.language))
            elif (found := first_match(event.content, mentions_list)) is not None:
                mentions.append(ThreatMatch(event, found.id, found.language))
    per_week = _weeks(per_day)
    stats = PersonStats(
        total=incoming + outgoing,
        incoming=incoming,
        outgoing=outgoing,
        first=first,
        last=last,
        days=((last.astimezone(local).date() - first.astimezone(local).date()).days + 1)
        if first and last
        else 0,
        active_days=len(per_day),
        per_day=dict(sorted(per_day.items())),
        per_week=per_week,
        by_channel=dict(by_channel),
        identifiers=tuple(i for i in identifiers if i),
        night=night_count,
        after_stop=after_stop,
        after_block=after_block,
        max_in_hour=max_in_hour,
    )
    escalation = [*_rising(per_week, events, local), *new_after]
    if marks.asked_to_stop is not None and after_stop:
        escalation.append(_after(events, marks.asked_to_stop, "timeline.escalation.after-stop", after_stop))
    if marks.blocked is not None and after_block:
        escalation.append(_after(events, marks.blocked, "timeline.escalation.after-block", after_block))
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
    return Pattern(stats, tuple(escalation), tuple(threats), tuple(mentions), tuple(bursts))


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


def _rising(
    per_week: dict[date, int], events: Iterable[tuple[ContactEvent, Role]], local: tzinfo
) -> list[EscalationPoint]:
    weeks = list(per_week.items())
    points: list[EscalationPoint] = []
    rising = False
    for index in range(2 * RISING_WINDOW, len(weeks) + 1):
        before = sum(c for _, c in weeks[index - 2 * RISING_WINDOW : index - RISING_WINDOW]) / RISING_WINDOW
        now = sum(c for _, c in weeks[index - RISING_WINDOW : index]) / RISING_WINDOW
        is_rising = now >= RISING_MIN_PER_WEEK and now >= RISING_FACTOR * max(before, 1.0)
        if is_rising and not rising and len(points) < MAX_POINTS:
            week = weeks[index - RISING_WINDOW][0]
            refs = tuple(
                e.source
                for e, r in events
                if r is Role.FROM_PERSON
                and week <= e.when.astimezone(local).date() < week + timedelta(weeks=1)
            )[:50]
            when = min(
                (
                    e.when
                    for e, r in events
                    if r is Role.FROM_PERSON and e.when.astimezone(local).date() >= week
                ),
                default=None,
            )
            if when is not None:
                points.append(
                    EscalationPoint(
                        when,
                        "timeline.escalation.rising",
                        {"before": f"{before:.1f}", "after": f"{now:.1f}", "week": week.isoformat()},
                        refs,
                    )
                )
        rising = is_rising
    return points


def _new_since_mark(
    event: ContactEvent,
    mark: datetime,
    channels: dict[Channel, datetime],
    ids: dict[str, datetime],
    out: list[EscalationPoint],
) -> None:
    if event.when <= mark:
        channels.setdefault(event.channel, event.when)
        ids.setdefault(event.sender, event.when)
        return
    if not channels:  # no contact before the date given: nothing after it can be called new
        return
    if event.channel not in channels:
        channels[event.channel] = event.when
        out.append(
            EscalationPoint(
                event.when,
                "timeline.escalation.new-channel",
                {"channel": event.channel.value},
                (event.source,),
            )
        )
    if event.sender and event.sender not in ids:
        ids[event.sender] = event.when
        if len(out) < MAX_POINTS:
            out.append(
                EscalationPoint(
                    event.when,
                    "timeline.escalation.new-identifier",
                    {"identifier": event.sender, "channel": event.channel.value},
                    (event.source,),
                )
            )


def _after(
    events: Iterable[tuple[ContactEvent, Role]], mark: datetime, key: str, count: int
) -> EscalationPoint:
    after = [e for e, r in events if r is Role.FROM_PERSON and e.when > mark]
    return EscalationPoint(
        after[0].when,
        key,
        {"count": str(count), "since": mark.isoformat()},
        tuple(e.source for e in after[:200]),
    )
