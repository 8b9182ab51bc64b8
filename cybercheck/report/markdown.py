"""The report as Markdown: for pasting into a case note or an email to an advocate."""

from __future__ import annotations

from cybercheck.pipeline.model import Helplines, Report, ReportedResult, Severity
from cybercheck.pipeline.words import text
from cybercheck.report import view


def _group(group: view.FindingGroup, helplines: Helplines) -> list[str]:
    advice = group.advice
    lines = [f"### {advice.title}", "", f"**{group.severity.plain}**", ""]
    lines += [f"- {group.subject_line(f)}" for f in group.findings]
    lines += ["", advice.explanation, ""]
    if advice.steps:
        lines.append(text("cybercheck.report-steps-heading"))
        lines.append("")
        for number, step in enumerate(advice.steps, start=1):
            lines.append(f"{number}. {step.text}")
            if step.caution:
                lines.append(f"   > **{text('cybercheck.report-before-step')}** {step.caution}")
            if step.link:
                lines.append(f"   More: {step.link}")
        lines.append("")
    if group.severity is Severity.URGENT:
        lines.append(f"> {view.urgent_help()}")
        for h in view.quick_help(helplines):
            lines.append(f"> - **{h.name}**: {view.contact_line(h)}")
        lines.append("")
    evidence = [(f, e) for f in group.findings for e in f.evidence]
    if evidence:
        lines.append("Evidence:")
        lines.append("")
        for finding, e in evidence:
            fields = "; ".join(f"{k}: `{v}`" for k, v in view.evidence_fields(e))
            about = f"{finding.subject}: " if len(group.findings) > 1 else ""
            lines.append(f"- {about}{e.source}, {view.when(e.when)}" + (f" — {fields}" if fields else ""))
        lines.append("")
    return lines


def _result(item: ReportedResult) -> list[str]:
    r = item.result
    lines = [f"### {r.title}", "", f"**{view.status_heading(item)}** (`{r.check_id}`)", ""]
    for said in r.looked_at:
        lines.append(f"- Looked at: {said}")
    for said in r.gaps:
        lines.append(f"- Could not check: {said}")
    for said in r.unmet:
        lines.append(f"- Not run: {said}")
    if r.problem:
        lines.append(f"- Problem: {r.problem.plain}")
    for said in r.blind_spots:
        lines.append(f"- This check cannot see: {said}")
    lines.append("")
    return lines


def _helplines(helplines: Helplines) -> list[str]:
    lines = [f"## {text('cybercheck.summary-who-to-call')}", ""]
    if helplines.note:
        lines += [helplines.note, ""]
    for h in helplines.emergency:
        lines.append(
            f"- **{h.name}** ({h.purpose}): {view.contact_line(h)}" + (f". {h.note}" if h.note else "")
        )
    for h in helplines.helplines:
        lines.append(f"- **{h.name}** — {h.purpose}. {view.contact_line(h)}. Hours: {view.hours_line(h)}.")
    lines += [
        "",
        text("cybercheck.report-helplines-checked", date=helplines.checked),
        "",
    ]
    return lines


def render_markdown(report: Report) -> str:
    """The whole report as Markdown text."""
    meta = report.meta
    lines = [f"# {view.title()}", "", f"**{view.emergency_line(report.helplines)}**", ""]
    lines.append(f"Made {view.when(meta.generated_at)} by cybercheck {meta.tool_version}.")
    if meta.operator:
        lines.append(f"Checked with: {meta.operator}.")
    if meta.case:
        lines.append(f"Case reference: {meta.case}.")
    if meta.interrupted:
        lines.append("")
        lines.append(f"**{text('cybercheck.report-stopped')}** {text('cybercheck.report-stopped-marked')}")
    lines += ["", view.summary(report), ""]
    groups = view.grouped_findings(report)
    if groups:
        lines += [f"## {text('cybercheck.report-found-heading')}", ""]
        for group in groups:
            lines += _group(group, report.helplines)
    lines += [f"## {text('cybercheck.report-checked-heading')}", "", view.nothing_found_is_not_safe(), ""]
    for item in report.results:
        lines += _result(item)
    lines += _evidence_log(report)
    lines += _helplines(report.helplines)
    lines += _appendix(report)
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _evidence_log(report: Report) -> list[str]:
    if not report.meta.evidence_log:
        return []
    lines = [
        f"## {text('cybercheck.report-evidence-heading')}",
        "",
        "| File | Added | Note | SHA-256 | Size |",
        "| --- | --- | --- | --- | --- |",
    ]
    for e in report.meta.evidence_log:
        lines.append(
            f"| {_cell(e.name)} | {view.when(e.added)} | {_cell(e.note)} | `{e.sha256}` | {e.size} bytes |"
        )
    return [*lines, ""]


def _appendix(report: Report) -> list[str]:
    lines = [f"## {text('cybercheck.report-technical-heading')}", ""]
    meta = report.meta
    if meta.indicators_version:
        lines.append(f"- Indicator set: {meta.indicators_version}")
    for e in meta.evidence_files:
        lines.append(f"- Evidence {e.kind} `{e.path}` ({e.input_name}): SHA-256 `{e.sha256}`, {e.size} bytes")
    for item in report.results:
        r = item.result
        origin = f"{r.origin.distribution} {r.origin.version} ({r.origin.kind})" if r.origin else "unknown"
        lines.append(f"- `{r.check_id}`: {r.status.value}, from {origin}")
        if r.problem and r.problem.detail:
            lines.append("")
            lines.append("  ```")
            lines += ["  " + line for line in r.problem.detail.splitlines()]
            lines.append("  ```")
    lines.append("")
    return lines
