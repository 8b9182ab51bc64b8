"""The pattern as findings (codes timeline.*): the ONLY place a timeline Finding is made.

Every finding says what the pattern shows and points at the messages; none says what the person
intends or what they will do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import tzinfo

from checks.timeline.api import EscalationPoint, ThreatMatch
from checks.timeline.judge.pattern import Pattern
from checks.timeline.records import Contact, SourceRef
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.pipeline.words import text

MAX_EVIDENCE = 25  # references listed in a finding; the timeline itself keeps them all
NIGHT_MIN = 5  # night-time contacts before night-time is worth a finding
NIGHT_SHARE = 0.2


def _refs(refs: Iterable[SourceRef]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(source=ref.file, fields={"where": ref.locator, "sha256": ref.sha256})
        for _, ref in zip(range(MAX_EVIDENCE), refs, strict=False)
    )


def _matches(matches: Sequence[ThreatMatch]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(
            source=m.event.source.file,
            when=m.event.when,
            fields={
                "where": m.event.source.locator,
                "sha256": m.event.source.sha256,
                "channel": m.event.channel.value,
                "list_entry": m.phrase_id,
            },
        )
        for m in matches[:MAX_EVIDENCE]
    )


def _point(points: Sequence[EscalationPoint], key: str) -> list[EscalationPoint]:
    return [p for p in points if p.key == key]


def judge_findings(pattern: Pattern, about: Contact, *, local: tzinfo) -> Iterator[Finding]:
    """Findings for one person's pattern, most urgent first."""
    stats, name = pattern.stats, about.name
    if pattern.threats:
        yield Finding(
            "timeline.contact.threat-words",
            Severity.URGENT,
            text("timeline.subject-threat-words", count=len(pattern.threats), name=name)
            if len(pattern.threats) > 1
            else text("timeline.subject-threat-words-one", name=name),
            _matches(pattern.threats),
        )
    after = _point(pattern.escalation, "timeline.escalation.after-block") or _point(
        pattern.escalation, "timeline.escalation.after-stop"
    )
    if after:
        point = after[0]
        yield Finding(
            "timeline.contact.after-stop",
            Severity.HIGH,
            text(
                "timeline.subject-after-stop",
                count=point.fields["count"],
                name=name,
                since=point.fields["since"][:10],
            ),
            _refs(point.refs),
        )
    new = _point(pattern.escalation, "timeline.escalation.new-channel") + _point(
        pattern.escalation, "timeline.escalation.new-identifier"
    )
    if new:
        yield Finding(
            "timeline.contact.new-route",
            Severity.HIGH,
            text("timeline.subject-new-route", count=len(new), name=name)
            if len(new) > 1
            else text("timeline.subject-new-route-one", name=name),
            tuple(
                Evidence(
                    source=p.refs[0].file,
                    when=p.when,
                    fields={"where": p.refs[0].locator, "sha256": p.refs[0].sha256, **p.fields},
                )
                for p in new[:MAX_EVIDENCE]
            ),
        )
    if pattern.bursts:
        yield Finding(
            "timeline.contact.repeated",
            Severity.MEDIUM,
            text("timeline.subject-repeated", count=len(pattern.bursts), name=name, most=stats.max_in_hour)
            if len(pattern.bursts) > 1
            else text("timeline.subject-repeated-one", name=name, most=stats.max_in_hour),
            tuple(
                Evidence(
                    source=p.refs[0].file,
                    when=p.when,
                    fields={
                        "where": p.refs[0].locator,
                        "sha256": p.refs[0].sha256,
                        "attempts": p.fields["count"],
                        "calls": p.fields["calls"],
                    },
                )
                for p in pattern.bursts[:MAX_EVIDENCE]
            ),
        )
    rising = _point(pattern.escalation, "timeline.escalation.rising")
    if rising:
        point = rising[0]
        yield Finding(
            "timeline.contact.rising",
            Severity.MEDIUM,
            text(
                "timeline.subject-rising",
                name=name,
                before=point.fields["before"],
                after=point.fields["after"],
                week=point.fields["week"],
            ),
            _refs(point.refs),
        )
    if pattern.mentions:
        yield Finding(
            "timeline.contact.mentions",
            Severity.MEDIUM,
            text("timeline.subject-mentions", count=len(pattern.mentions), name=name)
            if len(pattern.mentions) > 1
            else text("timeline.subject-mentions-one", name=name),
            _matches(pattern.mentions),
        )
    if stats.night >= NIGHT_MIN and stats.incoming and stats.night / stats.incoming >= NIGHT_SHARE:
        yield Finding(
            "timeline.contact.night",
            Severity.LOW,
            text("timeline.subject-night", count=stats.night, total=stats.incoming, name=name),
            (),
        )
    if stats.incoming:
        assert stats.first is not None and stats.last is not None
        first = stats.first.astimezone(local).date().isoformat()
        last = stats.last.astimezone(local).date().isoformat()
        channels = ", ".join(c.value for c, _ in sorted(stats.by_channel.items(), key=lambda x: -x[1]))
        if stats.incoming == 1:
            subject = text("timeline.subject-summary-once", name=name, first=first, channels=channels)
        elif first == last:
            subject = text(
                "timeline.subject-summary-one-day",
                count=stats.incoming,
                name=name,
                first=first,
                channels=channels,
            )
        else:
            subject = text(
                "timeline.subject-summary",
                count=stats.incoming,
                name=name,
                days=stats.days,
                first=first,
                last=last,
                channels=channels,
            )
        yield Finding(
            "timeline.contact.summary",
            Severity.INFO,
            subject,
            tuple(
                Evidence(
                    source=text("timeline.evidence-channel"), fields={"channel": c.value, "count": str(n)}
                )
                for c, n in sorted(stats.by_channel.items(), key=lambda x: -x[1])
            )
            + tuple(
                Evidence(source=text("timeline.evidence-identifier"), fields={"identifier": i})
                for i in stats.identifiers[:MAX_EVIDENCE]
            ),
        )
