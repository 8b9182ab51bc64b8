"""The HTML record: its first page, the streamed log and the end matter, from the timeline*.j2 templates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any

from checks.timeline.output.chart import weekly_svg
from checks.timeline.output.parts import copy_part
from checks.timeline.output.rows import column_labels, label_css
from checks.timeline.output.tally import Tally
from checks.timeline.output.words import number, say
from checks.timeline.records import Contact
from cybercheck.pipeline.model import Finding, Report, Severity
from cybercheck.pipeline.words import Text
from cybercheck.report import view
from cybercheck.version import __version__

if TYPE_CHECKING:
    from jinja2 import Environment

    from checks.timeline.output.write import Reference, TimelineRun

THREAT_LIMIT = 200  # references listed on the first page; every one is marked in the log


@dataclass(frozen=True)
class Context:
    """What the first page and the end matter are drawn from."""

    run: TimelineRun
    report: Report
    tally: Tally
    threats: tuple[Reference, ...]
    patterns: tuple[tuple[str, int], ...]
    finished: datetime
    public_key: str | None
    key_fingerprint: str | None
    manifest_name: str
    tsa: str | None


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(
        loader=PackageLoader("cybercheck.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def is_threat(code: str) -> bool:
    """Whether a judgement's code is about possible threats (listed first, as "read them")."""
    return ".threat" in code


def title(context: Context) -> str:
    """The record's title, naming who it is about by their numbers and addresses."""
    return say("title_about", who=who) if (who := about_text(context.run.about)) else say("title")


def finding_days(finding: Finding) -> list[str]:
    """The days a finding's evidence falls on, each once, in order (2026-03-04)."""
    return sorted({f"{e.when:%Y-%m-%d}" for e in finding.evidence if e.when is not None})


def about_text(about: Contact) -> str:
    """ "Alex (+447700900123, alex@example.com)": the name as typed, then the other identifiers."""
    from checks.timeline.identity import normalise

    named = normalise(about.name) if about.name else ""
    others = [i for i in about.identifiers if i != named]
    if about.name and others:
        return f"{about.name} ({', '.join(others)})"
    return about.name or ", ".join(others)


def summary_lines(tally: Tally, about_identifiers: tuple[str, ...]) -> list[Text]:
    """The first page's sentences: how many contacts, over how long, from how many numbers, how."""
    if not tally.contacts or tally.first is None or tally.last is None:
        return [say("summary.none")]
    first, last = long_date(tally.first), long_date(tally.last)
    senders = senders_text(len(tally.senders))
    if tally.span_days == 1:
        lines = [say("summary.one_day", count=number(tally.contacts), first=first, senders=senders)]
    else:
        lines = [
            say(
                "summary.contacts",
                count=number(tally.contacts),
                days=number(tally.span_days),
                first=first,
                last=last,
                senders=senders,
            )
        ]
    channels = ", ".join(f"{say('how.' + c)} {number(n)}" for c, n in tally.channels.most_common())
    lines.append(say("summary.channels", list=channels))
    busiest = tally.busiest_day()
    if busiest:
        lines.append(say("summary.busiest", count=number(busiest[1]), day=long_date(busiest[0])))
    if tally.night:
        lines.append(say("summary.night", count=number(tally.night)))
    if tally.replies:
        lines.append(say("summary.replies", count=number(tally.replies)))
    if about_identifiers:
        lines.append(say("summary.identifiers", list=", ".join(about_identifiers)))
    return lines


def long_date(value: date) -> str:
    """4 March 2026 (no leading zero, on every system)."""
    return f"{value.day} {value:%B %Y}"


def senders_text(count: int) -> str:
    """ "one number, address or account" or "3 numbers, addresses or accounts"."""
    return say("summary.senders_one") if count <= 1 else say("summary.senders_many", count=number(count))


def _emergency(report: Report) -> str:
    if report.helplines.emergency:
        first = report.helplines.emergency[0]
        return say("emergency", phone=first.phone or "", name=first.name)
    return say("emergency_unknown")


def write_html(context: Context, log_part: IO[str], out: IO[str]) -> None:
    """The whole HTML record: first page, then the streamed log copied in, then the end matter."""
    env = _environment()
    report = context.report
    timeline_groups = list(view.grouped_findings(_only(report, timeline=True)))
    common: dict[str, Any] = {
        "c": context,
        "say": say,
        "number": number,
        "when": view.when,
        "version": __version__,
        "w": column_labels(),
        "view": view,
    }
    head = env.get_template("timeline-head.html.j2").render(
        **common,
        title=title(context),
        label_css=label_css(column_labels()),
        emergency=_emergency(report),
        summary_lines=summary_lines(context.tally, context.run.about.identifiers),
        chart=weekly_svg(context.tally.weekly()),
        threat_limit=THREAT_LIMIT,
        pattern_groups=[
            g
            for g in timeline_groups
            if not is_threat(g.findings[0].code) and g.severity is not Severity.INFO
        ],
        quick_help=view.quick_help(report.helplines) if context.threats else (),
        contact_line=view.contact_line,
        finding_days=finding_days,
    )
    out.write(head)
    copy_part(log_part, out)
    account = context.run.account_report
    gaps = [g for item in _only(report, timeline=True).results for g in item.result.gaps]
    gaps += [
        item.result.problem.plain for item in _only(report, timeline=True).results if item.result.problem
    ]
    tail = env.get_template("timeline-tail.html.j2").render(
        **common,
        account=account is not None,
        account_name=context.run.account_report_name,
        account_groups=view.grouped_findings(_only(report, timeline=False)),
        gaps=gaps,
        sources=report.meta.evidence_files,
    )
    out.write(tail)


def _only(report: Report, *, timeline: bool) -> Report:
    from dataclasses import replace

    chosen = tuple(r for r in report.results if r.result.check_id.startswith("timeline") == timeline)
    return replace(report, results=chosen)


def threat_item(threat: Reference) -> dict[str, Any]:
    """One entry of the JSON record's "threats": where the message is and its row in the log."""
    when = threat.when.isoformat() if threat.when else None
    return {"file": threat.file, "place": threat.place, "when": when, "row": threat.row}


def json_summary(context: Context) -> dict[str, Any]:
    """The "timeline" object of the JSON record (its "events" and "threats" are added by the writer)."""
    tally = context.tally
    about = context.run.about
    return {
        "about": {"name": about.name, "identifiers": list(about.identifiers)},
        "started": _utc(context.run.started),
        "finished": _utc(context.finished),
        "summary": {
            "contacts": tally.contacts,
            "sent_by_the_person": tally.replies,
            "other_entries": tally.other,
            "first": tally.first.isoformat() if tally.first else None,
            "last": tally.last.isoformat() if tally.last else None,
            "days": tally.span_days,
            "senders": sorted(tally.senders),
            "night": tally.night,
            "channels": dict(tally.channels.most_common()),
            "weekly": [{"week": f"{week:%Y-%m-%d}", "contacts": n} for week, n in tally.weekly()],
        },
        "threats": [],  # written by the writer one at a time: a long record can list many (threat_item)
        "signing": {
            "algorithm": "Ed25519" if context.public_key else None,
            "public_key": context.public_key,
            "fingerprint": context.key_fingerprint,
            "manifest": context.manifest_name,
        },
    }


def _utc(value: datetime) -> str:
    from datetime import timezone

    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
