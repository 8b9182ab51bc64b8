"""The end of a guided session: what was checked, found and not checked, and what each finding could explain.

`build_summary` gathers it as data (for any front end); `summary_text` and `summary_markdown`
are pure renderers. Sensitive answers appear only in `summary_text(..., on_screen=True)`,
never in anything meant for a file.
"""

from __future__ import annotations

from dataclasses import dataclass

from cybercheck.guide.session import GuideSession, Proposed
from cybercheck.pipeline.model import Report, ReportedFinding, ReportedResult, Status
from cybercheck.pipeline.words import text
from cybercheck.report import view


@dataclass(frozen=True, slots=True)
class Explained:
    """A finding, the check it came from, and which of the client's concerns it could explain."""

    finding: ReportedFinding
    check_title: str
    explains: tuple[tuple[str, str], ...]  # (concern label, why)


@dataclass(frozen=True, slots=True)
class Summary:
    """Everything the summary shows."""

    report: Report
    concerns: tuple[str, ...]
    checked: tuple[ReportedResult, ...]
    found: tuple[Explained, ...]
    not_checked: tuple[tuple[str, str], ...]  # (check title, why)
    not_installed: tuple[str, ...]
    notes: tuple[str, ...]  # safety notes from the answers (never sensitive ones)
    private_notes: tuple[str, ...]  # notes from sensitive answers: for the screen only
    stopped: str | None


def build_summary(session: GuideSession, report: Report) -> Summary:
    """The summary of a session, from the session and the report it produced."""
    proposed = {p.check_id: p for p in session.proposal()} if session.asked_all() else {}
    found = []
    for item in report.results:
        reasons = _reasons(proposed.get(item.result.check_id))
        for finding in item.findings:
            found.append(Explained(finding, item.result.title, reasons))
    order = {check_id: n for n, check_id in enumerate(proposed)}
    in_order = sorted(report.results, key=lambda r: order.get(r.result.check_id, len(order)))
    checked = tuple(r for r in in_order if r.result.status is not Status.NOT_RUN)
    not_checked = []
    for item in in_order:
        r = item.result
        why = list(r.unmet) + list(r.gaps) + ([r.problem.plain] if r.problem else [])
        if r.status in (Status.NOT_RUN, Status.INCOMPLETE, Status.FAILED) or r.gaps:
            not_checked.append((r.title, " ".join(map(_sentence, why)) or r.status.plain))
    notes = []
    if session.stopped == "not-safe":
        notes.append(text("cybercheck.summary-not-safe-now"))
    if session.answers.get("device-access") in ("yes", "not-sure"):
        notes.append(text("cybercheck.summary-use-safer-device"))
    if proposed:
        notes.append(text("cybercheck.summary-accounts-first"))
    private = []
    contact = session.answers.get("safe-contact")
    if contact:
        question = session.script.question("safe-contact")
        labels = [
            c.label
            for c in question.choices
            if c.id in (contact if isinstance(contact, tuple) else (contact,))
        ]
        private.append(text("cybercheck.summary-safe-contact", ways="; ".join(labels)))
    details = session.answers.get("concern-details")
    if details:
        private.append(text("cybercheck.summary-in-their-words", details=details))
    return Summary(
        report=report,
        concerns=tuple(c.label for c in session.concerns()),
        checked=checked,
        found=_once_each(sorted(found, key=lambda e: -e.finding.finding.severity)),
        not_checked=tuple(not_checked),
        not_installed=tuple(s.check_id for s in session.not_installed()) if proposed else (),
        notes=tuple(notes),
        private_notes=tuple(private),
        stopped=session.stopped,
    )


def _once_each(found: list[Explained]) -> tuple[Explained, ...]:
    """Each thing found once (code and subject), at its most serious, as the report's list counts it."""
    seen: set[tuple[str, str]] = set()
    out = []
    for item in found:
        key = (item.finding.finding.code, item.finding.finding.subject)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)


def _sentence(reason: str) -> str:
    """A reason ending as a sentence, so that several read apart ("... login gmail. This check ...")."""
    reason = reason.strip()
    return reason if reason.endswith((".", "!", "?")) else reason + "."


def _reasons(proposed: Proposed | None) -> tuple[tuple[str, str], ...]:
    if proposed is None:
        return ()
    return tuple((concern.label, why) for concern, why in proposed.reasons)


def finding_lines(
    item: ReportedFinding,
    explains: tuple[tuple[str, str], ...],
    *,
    check_title: str | None = None,
    bullet: str = "- ",
) -> list[str]:
    """One finding as text: headline, subject, explanation, what it could explain, the steps with cautions."""
    f, advice = item.finding, item.advice
    out = [
        f"{bullet}{f.severity.plain}: {advice.title}",
        f"  {f.subject}" + (f" ({check_title})" if check_title else ""),
    ]
    out.append(f"  {advice.explanation}")
    out += [
        "  " + text("cybercheck.summary-could-explain", concern=concern, why=why) for concern, why in explains
    ]
    for number, step in enumerate(advice.steps, start=1):
        out.append(f"  {number}. {step.text}")
        if step.caution:
            out.append("     " + text("cybercheck.summary-caution", caution=step.caution))
    return out


def result_lines(result: ReportedResult, explains: tuple[tuple[str, str], ...]) -> list[str]:
    """A check's result as it arrives during a session, in plain words."""
    r = result.result
    out = [f"{r.title}: {r.status.plain}"]
    for item in result.findings:
        out += finding_lines(item, explains)
    out += ["  " + text("cybercheck.summary-gap", gap=gap) for gap in r.gaps]
    out += ["  " + text("cybercheck.summary-not-done", need=need) for need in r.unmet]
    if r.problem:
        out.append("  " + text("cybercheck.summary-problem", problem=r.problem.plain))
    if r.status is Status.CLEAN:
        out.append("  " + text("cybercheck.summary-clean-not-safe"))
        out += [f"  - {spot}" for spot in r.blind_spots]
    return out


def _lines(summary: Summary, *, private: bool, bullet: str, heading: str) -> list[str]:
    report = summary.report
    out = [view.emergency_line(report.helplines), ""]
    out += [heading + text("cybercheck.summary-told"), ""]
    out += [f"{bullet}{c}" for c in summary.concerns] or [bullet + text("cybercheck.summary-no-concerns")]
    out += [""] + [f"{bullet}{n}" for n in summary.notes + (summary.private_notes if private else ())]
    out += ["", heading + text("cybercheck.summary-found"), ""]
    if not summary.found:
        out.append(f"{text('cybercheck.summary-nothing-found')} {view.nothing_found_is_not_safe()}")
    for item in summary.found:
        out += [*finding_lines(item.finding, item.explains, check_title=item.check_title, bullet=bullet), ""]
    out += ["", heading + text("cybercheck.summary-checked"), ""]
    out += [f"{bullet}{r.result.title}: {r.result.status.plain}" for r in summary.checked] or [
        bullet + text("cybercheck.summary-nothing-checked")
    ]
    if summary.not_checked or summary.not_installed:
        out += ["", heading + text("cybercheck.summary-not-checked"), ""]
        out += [f"{bullet}{title}: {why}" for title, why in summary.not_checked]
        if summary.not_installed:
            missing = ", ".join(summary.not_installed)
            out.append(bullet + text("cybercheck.summary-not-installed", checks=missing))
    out += ["", heading + text("cybercheck.summary-who-to-call"), ""]
    helplines = report.helplines
    out += [f"{bullet}{h.name}: {view.contact_line(h)}" for h in helplines.emergency]
    out += [f"{bullet}{h.name} — {h.purpose}: {view.contact_line(h)}" for h in helplines.helplines]
    if helplines.note:
        out.append(helplines.note)
    return out


def summary_text(summary: Summary, *, on_screen: bool) -> str:
    """The summary as plain text; `on_screen` adds the notes from sensitive answers."""
    return "\n".join(_lines(summary, private=on_screen, bullet="- ", heading="== ")).rstrip() + "\n"


def summary_markdown(summary: Summary) -> str:
    """The summary as Markdown for a saved file (never with sensitive answers)."""
    return (
        f"# {text('cybercheck.summary-title')}\n\n"
        + "\n".join(_lines(summary, private=False, bullet="- ", heading="## ")).rstrip()
        + "\n"
    )


def summary_html(summary: Summary) -> str:
    """The summary's own part as an HTML section, to sit at the top of the HTML report."""
    import html

    e = html.escape
    parts = [
        f'<section aria-labelledby="session"><h2 id="session">{e(text("cybercheck.summary-html-title"))}</h2>'
    ]
    parts.append(
        f'<p class="label">{e(text("cybercheck.summary-html-told"))}</p><ul>'
        + "".join(f"<li>{e(c)}</li>" for c in summary.concerns)
        + "</ul>"
    )
    if summary.notes:
        parts.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in summary.notes) + "</ul>")
    if summary.found:
        parts.append(f'<p class="label">{e(text("cybercheck.summary-html-explains"))}</p><ul>')
        for item in summary.found:
            reasons = "".join(f"<li>“{e(c)}”: {e(w)}</li>" for c, w in item.explains)
            parts.append(f"<li>{e(item.finding.advice.title)}<ul>{reasons}</ul></li>")
        parts.append("</ul>")
    if summary.not_installed:
        missing = ", ".join(summary.not_installed)
        parts.append(f"<p>{e(text('cybercheck.summary-html-not-installed', checks=missing))}</p>")
    parts.append("</section>")
    return "\n".join(parts)


def guide_document(summary: Summary, format_name: str) -> str:
    """What is saved for a session: the summary and the full report, in one format."""
    from cybercheck.report import renderer

    body = renderer(format_name)(summary.report)
    if format_name == "md":
        return summary_markdown(summary) + "\n" + body
    if format_name == "html":
        marker = "<main>"
        return body.replace(marker, marker + "\n" + summary_html(summary), 1) if marker in body else body
    if format_name == "terminal":
        return summary_text(summary, on_screen=False) + "\n" + body
    return body  # json: the report alone, so that `report show` and the schema still apply
