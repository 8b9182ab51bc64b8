"""The report for a terminal, drawn with rich; plain text when the output is not a terminal."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from cybercheck.pipeline.model import Report, Severity, Status
from cybercheck.pipeline.words import text
from cybercheck.report import view

if TYPE_CHECKING:
    from rich.console import Console

EVIDENCE_SHOWN = 3  # on a terminal; a saved report has all of it

_SEVERITY_STYLE = {
    Severity.URGENT: "bold bright_white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "bold yellow",
    Severity.LOW: "bold blue",
    Severity.INFO: "bold",
}
_STATUS_STYLE = {
    Status.CLEAN: "green",
    Status.FOUND: "bold red",
    Status.INCOMPLETE: "yellow",
    Status.NOT_RUN: "dim",
    Status.FAILED: "bold yellow",
}


def render_terminal(report: Report, *, color: bool = False, width: int = 100) -> str:
    """The report as text for a terminal; with `color`, including its colours."""
    from rich.console import Console
    from rich.markup import escape
    from rich.panel import Panel

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=width, highlight=False)
    out = console.print

    out(f"[bold]{view.emergency_line(report.helplines)}[/bold]")
    out(f"[bold]{escape(view.title())}[/bold] — {escape(view.when(report.meta.generated_at))}")
    if report.meta.interrupted:
        out(f"[bold yellow]{escape(text('cybercheck.report-stopped'))}[/bold yellow]")
    out(escape(view.summary(report)))
    out()
    for group in view.grouped_findings(report):
        _group(console, group, report)
    out(f"[bold underline]{escape(text('cybercheck.report-checked-heading'))}[/bold underline]")
    for result in report.results:
        r = result.result
        out(
            f"[{_STATUS_STYLE[r.status]}]{escape(r.status.plain)}[/] — {escape(r.title)} [dim]({r.check_id})[/dim]"
        )
        for said in r.looked_at:
            out(f"    looked at: {escape(said)}")
        for said in r.gaps:
            out(f"    [yellow]could not check:[/yellow] {escape(said)}")
        for said in r.unmet:
            out(f"    not run: {escape(said)}")
        if r.problem:
            out(f"    [yellow]problem:[/yellow] {escape(r.problem.plain)}")
        for said in r.blind_spots:
            out(f"    [dim]cannot see: {escape(said)}[/dim]")
    out()
    out(escape(view.nothing_found_is_not_safe()))
    out()
    if report.meta.evidence_log:
        out(f"[bold underline]{escape(text('cybercheck.report-evidence-heading'))}[/bold underline]")
        for e in report.meta.evidence_log:
            out(
                f"  {escape(e.name)} — {escape(view.when(e.added))} — {escape(e.note)} [dim](SHA-256 {e.sha256})[/dim]"
            )
        out()
    helplines = report.helplines
    lines = [f"[bold]{escape(h.name)}[/bold]: {escape(view.contact_line(h))}" for h in helplines.emergency]
    lines += [
        f"{escape(h.name)} — {escape(h.purpose)}\n  {escape(view.contact_line(h))}"
        for h in helplines.helplines
    ]
    if helplines.note:
        lines.append(escape(helplines.note))
    out(Panel("\n".join(lines), title=escape(text("cybercheck.summary-who-to-call")), title_align="left"))
    return buffer.getvalue()


def _group(console: Console, group: view.FindingGroup, report: Report) -> None:
    from rich.markup import escape

    out = console.print
    advice = group.advice
    out(f"[{_SEVERITY_STYLE[group.severity]}] {group.severity.plain} [/] [bold]{escape(advice.title)}[/bold]")
    for finding in group.findings:
        out(f"  • {escape(group.subject_line(finding))}")
    out(f"  {escape(advice.explanation)}")
    for number, step in enumerate(advice.steps, start=1):
        out(f"  {number}. {escape(step.text)}")
        if step.caution:
            out(
                f"     [yellow]{escape(text('cybercheck.report-before-step'))}[/yellow] {escape(step.caution)}"
            )
    if group.severity is Severity.URGENT:
        out(f"  [bold]{escape(view.urgent_help())}[/bold]")
        for h in view.quick_help(report.helplines):
            out(f"    {escape(h.name)}: {escape(view.contact_line(h))}")
    evidence = [e for finding in group.findings for e in finding.evidence]
    for e in evidence[:EVIDENCE_SHOWN]:
        fields = ", ".join(f"{k}={v}" for k, v in view.evidence_fields(e))
        out(f"  [dim]evidence: {escape(e.source)}; {escape(view.when(e.when))}; {escape(fields)}[/dim]")
    if len(evidence) > EVIDENCE_SHOWN:
        more = text("cybercheck.report-more-evidence", count=len(evidence) - EVIDENCE_SHOWN)
        out(f"  [dim]{escape(more)}[/dim]")
    out()
