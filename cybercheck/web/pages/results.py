"""The outcome: the results and summary of the session, the printable report, the helplines."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, redirect, render_template, url_for
from werkzeug.wrappers import Response

from cybercheck.pipeline.model import CheckResult, Report
from cybercheck.web.visit import Visit


def one_result_report(result: CheckResult, country: str | None) -> Report:
    """A report holding one check's result, to show it with the report's own parts as it arrives."""
    from cybercheck.report.build import build_report

    return build_report([result], generated_at=result.finished or result.started or _now(), country=country)


def _now() -> datetime:
    from datetime import timezone

    return datetime.now(timezone.utc)


def register(app: Flask, visit: Visit) -> None:
    """Add the results, printable report and helplines pages."""
    from cybercheck.report import view

    @app.template_global()
    def result_report(result: CheckResult) -> Report:
        return one_result_report(result, visit.country)

    app.jinja_env.globals["grouped_findings"] = view.grouped_findings

    @app.get("/results")
    def results() -> str | Response:
        if visit.running:
            return redirect(url_for("running"), code=303)
        summary = visit.summary()
        report = summary.report if summary else None
        visit.last = None  # its findings are in the summary below
        return render_template(
            "results.html.j2",
            summary=summary,
            report=report,
            groups=view.grouped_findings(report) if report else (),
            comparison=visit.comparison(report) if report else None,
            finished=(visit.session is not None and visit.session.stopped is not None) or _finished(visit),
        )

    @app.get("/report")
    def printable() -> Response:
        from cybercheck.guide.summary import guide_document

        summary = visit.summary()
        if summary is None:
            return redirect(url_for("results"), code=303)
        return Response(guide_document(summary, "html"), mimetype="text/html")

    @app.get("/helplines")
    def helplines_page() -> str:
        from cybercheck.advice.helplines import helplines_for

        return render_template("helplines.html.j2", lines=helplines_for(visit.country))


def _finished(visit: Visit) -> bool:
    from cybercheck.guide.session import Finished

    return visit.session is not None and isinstance(visit.session.current(), Finished)
