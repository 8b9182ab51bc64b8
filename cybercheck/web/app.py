"""The local web app: a Flask application for one worker's check-up, guarded by `security.Guard`."""

from __future__ import annotations

from importlib import resources

from flask import Flask, Response

from cybercheck.pipeline.words import text
from cybercheck.web.guarding import install_guard
from cybercheck.web.security import Guard
from cybercheck.web.visit import Settings, Visit

# Each page in the steps' menu, and the words key of its name there.
NAV = (
    ("index", "cybercheck.web-nav-start"),
    ("guide", "cybercheck.web-nav-guide"),
    ("results", "cybercheck.web-nav-results"),
    ("helplines_page", "cybercheck.web-nav-helplines"),
    ("save", "cybercheck.web-nav-save"),
    ("record", "cybercheck.web-nav-record"),
    ("cases", "cybercheck.web-nav-cases"),
)


def create_app(guard: Guard, settings: Settings | None = None) -> Flask:
    """The app for one `cybercheck serve`: its guard, its one Visit and every page."""
    from jinja2 import ChoiceLoader, PackageLoader

    from cybercheck.report import view
    from cybercheck.version import __version__
    from cybercheck.web.pages import checkup, entry, keeping, record, results

    app = Flask("cybercheck.web", static_folder="static", template_folder="templates")
    app.config.update(MAX_CONTENT_LENGTH=1024 * 1024, SESSION_COOKIE_NAME=f"unused-{guard.port}")
    # The web pages and the HTML report share their parts (findings, results, helplines) and look.
    app.jinja_loader = ChoiceLoader(
        [PackageLoader("cybercheck.web", "templates"), PackageLoader("cybercheck.report", "templates")]
    )
    app.jinja_options = {"trim_blocks": True, "lstrip_blocks": True}
    # NOTE: Flask escapes only *.html and the like by default; every template here ends in .j2.
    app.select_jinja_autoescape = lambda filename: True  # type: ignore[method-assign]  # every template is escaped, whatever its name
    visit = Visit(settings or Settings())
    app.extensions["cybercheck.guard"] = guard
    app.extensions["cybercheck.visit"] = visit
    install_guard(app, guard)

    @app.context_processor
    def _common() -> dict[str, object]:
        from cybercheck.advice.helplines import helplines_for

        return {
            "nav": [(endpoint, text(key)) for endpoint, key in NAV],
            "view": view,
            "visit": visit,
            "version": __version__,
            "emergency": view.emergency_line(helplines_for(visit.country)),
        }

    @app.get("/style/report.css")
    def report_css() -> Response:
        css = (
            resources.files("cybercheck.report").joinpath("templates/report.css").read_text(encoding="utf-8")
        )
        return Response(css, mimetype="text/css")

    entry.register(app, guard, visit)
    checkup.register(app, visit)
    results.register(app, visit)
    keeping.register(app, visit)
    record.register(app, visit)
    return app
