"""What every renderer shows, decided once: headings, ordering and the words around results."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from cybercheck.pipeline.model import (
    Advice,
    Evidence,
    Finding,
    Helpline,
    Helplines,
    Report,
    ReportedResult,
    Severity,
    Status,
)
from cybercheck.pipeline.words import text

QUICK_HELP_COUNT = 2


def title() -> str:
    """The report's title."""
    return text("cybercheck.report-title")


def nothing_found_is_not_safe() -> str:
    """What "nothing found" does and does not mean, said wherever results are listed."""
    return text("cybercheck.report-nothing-found-not-safe")


def urgent_help() -> str:
    """The words before the helplines shown right after an urgent finding."""
    return text("cybercheck.report-urgent-help")


def when(value: datetime | None) -> str:
    """A time as people read it, in UTC with the local equivalent."""
    if value is None:
        return "—"
    utc = value.astimezone(timezone.utc)
    local = value.astimezone()
    shown = f"{utc:%Y-%m-%d %H:%M} UTC"
    offset = local.utcoffset()
    if offset:
        shown += f" ({local:%Y-%m-%d %H:%M} local time, UTC{local:%z})"
    return shown


def summary(report: Report) -> str:
    """One sentence counting what was found and what could not be checked.

    "Things found" are counted as the list under it shows them: each thing once, under one
    heading, however many checks saw it (`grouped_findings`).
    """
    results = [r.result for r in report.results]
    groups = grouped_findings(report)
    found = sum(len(g.findings) for g in groups)
    counts = {s: sum(r.status is s for r in results) for s in Status}
    if found == 1:
        things = text("cybercheck.report-summary-things-one")
    else:
        things = text("cybercheck.report-summary-things", count=found)
    if len(groups) == 1 < found:
        things = text("cybercheck.report-summary-headings-one", things=things)
    elif len(groups) < found:
        things = text("cybercheck.report-summary-headings", things=things, count=len(groups))
    if len(results) == 1:
        parts = [text("cybercheck.report-summary-checks-one", things=things)]
    else:
        parts = [text("cybercheck.report-summary-checks", count=len(results), things=things)]
    if counts[Status.INCOMPLETE]:
        parts.append(text("cybercheck.report-summary-incomplete", count=counts[Status.INCOMPLETE]))
    if counts[Status.FAILED]:
        parts.append(text("cybercheck.report-summary-failed", count=counts[Status.FAILED]))
    if counts[Status.NOT_RUN]:
        parts.append(text("cybercheck.report-summary-not-run", count=counts[Status.NOT_RUN]))
    if counts[Status.CLEAN]:
        parts.append(text("cybercheck.report-summary-clean", count=counts[Status.CLEAN]))
    return ", ".join(parts) + "."


@dataclass(frozen=True, slots=True)
class FindingGroup:
    """Findings that share a code: their words are shown once, then each thing found.

    The group's severity is that of its most serious finding; a finding less serious than
    that is marked with its own (`subject_line`).
    """

    severity: Severity
    advice: Advice
    findings: tuple[Finding, ...]

    def subject_line(self, finding: Finding) -> str:
        """A thing found as listed under its heading, with its own severity when it differs."""
        if finding.severity is self.severity:
            return finding.subject
        return f"{finding.subject} ({finding.severity.plain})"


def grouped_findings(report: Report) -> tuple[FindingGroup, ...]:
    """Every finding once, grouped by code, most serious first.

    The same thing (code and subject) seen by two checks is listed once, with the evidence
    of both, at the more serious of the two severities.
    """
    groups: dict[str, dict[str, Finding]] = {}
    words: dict[str, Advice] = {}
    for item in report.findings:  # most serious first
        f = item.finding
        same = groups.setdefault(f.code, {})
        words.setdefault(f.code, item.advice)
        earlier = same.get(f.subject)
        if earlier is None:
            same[f.subject] = f
        else:
            extra = tuple(e for e in f.evidence if e not in earlier.evidence)
            same[f.subject] = replace(earlier, evidence=earlier.evidence + extra)
    made = [
        FindingGroup(max(f.severity for f in found.values()), words[code], tuple(found.values()))
        for code, found in groups.items()
    ]
    return tuple(sorted(made, key=lambda g: -g.severity))


def evidence_fields(evidence: Evidence) -> tuple[tuple[str, str], ...]:
    """A piece of evidence's fields in the order to show them: raw provider data (JSON) last.

    A support worker reads the fields aloud; the rule or setting exactly as the provider holds
    it is kept for the record, after the words that explain it, never as the first thing shown.
    """
    fields = list(evidence.fields.items())
    return tuple(sorted(fields, key=lambda item: _is_raw(item[1])))


def _is_raw(value: str) -> bool:
    text = value.strip()
    if not text.startswith(("{", "[")):
        return False
    try:
        json.loads(text)
    except RecursionError:  # nested past Python's stack: JSON all the same, as raw as data gets
        return True
    except ValueError:
        return text.endswith(("}", "]", "…", "..."))  # cut short to fit the report
    return True


def has_urgent(result: ReportedResult) -> bool:
    """Whether a result holds an urgent finding (helplines are shown right after it)."""
    return any(f.finding.severity is Severity.URGENT for f in result.findings)


def quick_help(helplines: Helplines) -> tuple[Helpline, ...]:
    """The emergency numbers and the first helplines, for right after an urgent finding."""
    return helplines.emergency + helplines.helplines[:QUICK_HELP_COUNT]


def contact_line(h: Helpline) -> str:
    """How to reach a helpline, in one line."""
    ways: list[str] = []
    if h.phone:
        ways.append(text("cybercheck.report-contact-call", phone=h.phone))
    if h.text:
        ways.append(
            h.text[0].lower() + h.text[1:]
            if h.text[:4] == "Text"
            else text("cybercheck.report-contact-text", number=h.text)
        )
    if h.tty:
        ways.append(text("cybercheck.report-contact-tty", number=h.tty))
    if h.email:
        ways.append(text("cybercheck.report-contact-email", address=h.email))
    if h.web:
        ways.append(h.web)
    return "; ".join(ways)


def hours_line(h: Helpline) -> str:
    """Opening hours, or where to find them."""
    return h.hours or text("cybercheck.report-hours-unknown")


def status_heading(result: ReportedResult) -> str:
    """The status of a result in plain words."""
    return result.result.status.plain


def emergency_line(helplines: Helplines) -> str:
    """The line at the very top of every report."""
    if helplines.emergency:
        first = helplines.emergency[0]
        return text("cybercheck.report-emergency", phone=first.phone, name=first.name)
    return text("cybercheck.report-emergency-local")
