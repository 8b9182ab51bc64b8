"""What every renderer shows, decided once: headings, ordering and the words around results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from cybercheck.pipeline.model import (
    Advice,
    Finding,
    Helpline,
    Helplines,
    Report,
    ReportedResult,
    Severity,
    Status,
)

TITLE = "cybercheck findings report"
NOTHING_FOUND_IS_NOT_SAFE = (
    "Nothing found in a check means only that this check did not find anything in what it "
    "looked at. It does not mean you are safe: someone who knows a password needs no app at "
    "all. If someone seems to know too much about you, trust that feeling and talk to a "
    "helpline."
)
URGENT_HELP = "This needs attention soon. If you want to talk it through with someone now:"
QUICK_HELP_COUNT = 2


def when(value: datetime | None) -> str:
    """A time as people read it, in UTC with the local equivalent."""
    if value is None:
        return "—"
    utc = value.astimezone(timezone.utc)
    local = value.astimezone()
    text = f"{utc:%Y-%m-%d %H:%M} UTC"
    offset = local.utcoffset()
    if offset:
        text += f" ({local:%Y-%m-%d %H:%M} local time, UTC{local:%z})"
    return text


def summary(report: Report) -> str:
    """One sentence counting what was found and what could not be checked."""
    results = [r.result for r in report.results]
    found = sum(len(r.findings) for r in results)
    counts = {s: sum(r.status is s for r in results) for s in Status}
    parts = [f"{len(results)} {'check' if len(results) == 1 else 'checks'}: {found} {'thing' if found == 1 else 'things'} found"]
    if counts[Status.INCOMPLETE]:
        parts.append(f"{counts[Status.INCOMPLETE]} could not check everything")
    if counts[Status.FAILED]:
        parts.append(f"{counts[Status.FAILED]} could not run because of an error")
    if counts[Status.NOT_RUN]:
        parts.append(f"{counts[Status.NOT_RUN]} not run")
    if counts[Status.CLEAN]:
        parts.append(f"{counts[Status.CLEAN]} found nothing in what they looked at")
    return ", ".join(parts) + "."


@dataclass(frozen=True, slots=True)
class FindingGroup:
    """Findings that share a code and severity: their words are shown once, then each thing found."""

    severity: Severity
    advice: Advice
    findings: tuple[Finding, ...]


def grouped_findings(report: Report) -> tuple[FindingGroup, ...]:
    """Every finding, grouped by code and severity, most serious first."""
    groups: dict[tuple[str, Severity], list[Finding]] = {}
    words: dict[tuple[str, Severity], Advice] = {}
    for item in report.findings:
        key = (item.finding.code, item.finding.severity)
        groups.setdefault(key, []).append(item.finding)
        words.setdefault(key, item.advice)
    return tuple(FindingGroup(key[1], words[key], tuple(found)) for key, found in groups.items())


def has_urgent(result: ReportedResult) -> bool:
    """Whether a result holds an urgent finding (helplines are shown right after it)."""
    return any(f.finding.severity is Severity.URGENT for f in result.findings)


def quick_help(helplines: Helplines) -> tuple[Helpline, ...]:
    """The emergency numbers and the first helplines, for right after an urgent finding."""
    return helplines.emergency + helplines.helplines[:QUICK_HELP_COUNT]


def contact_line(h: Helpline) -> str:
    """How to reach a helpline, in one line."""
    ways = []
    if h.phone:
        ways.append(f"call {h.phone}")
    if h.text:
        ways.append(h.text[0].lower() + h.text[1:] if h.text[:4] == "Text" else f"text {h.text}")
    if h.tty:
        ways.append(f"TTY {h.tty}")
    if h.email:
        ways.append(f"email {h.email}")
    if h.web:
        ways.append(h.web)
    return "; ".join(ways)


def hours_line(h: Helpline) -> str:
    """Opening hours, or where to find them."""
    return h.hours or "see their website for opening times"


def status_heading(result: ReportedResult) -> str:
    """The status of a result in plain words."""
    return result.result.status.plain


def emergency_line(helplines: Helplines) -> str:
    """The line at the very top of every report."""
    if helplines.emergency:
        first = helplines.emergency[0]
        return f"If you are in danger now, call {first.phone} ({first.name})."
    return "If you are in danger now, call your local emergency number."
