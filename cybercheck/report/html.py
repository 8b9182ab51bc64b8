"""The report as one self-contained, printable HTML page: no scripts, no external files."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from cybercheck.pipeline.model import Report
from cybercheck.report import view

if TYPE_CHECKING:
    from jinja2 import Environment


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(
        loader=PackageLoader("cybercheck.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: Report) -> str:
    """The whole report as an HTML document."""
    template = _environment().get_template("report.html.j2")
    rendered: str = template.render(
        report=report, meta=report.meta, groups=view.grouped_findings(report), view=view
    )
    return rendered
