"""Pure renderers of a Report (terminal, Markdown, HTML, JSON) and the choice between them."""

from __future__ import annotations

from collections.abc import Callable

from cybercheck.pipeline.model import Report

FORMATS = ("terminal", "md", "html", "json")
_EXTENSIONS = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".txt": "terminal",
}


def renderer(name: str) -> Callable[[Report], str]:
    """The render function for a format name (one of FORMATS)."""
    if name == "terminal":
        from cybercheck.report.terminal import render_terminal

        return render_terminal
    if name == "md":
        from cybercheck.report.markdown import render_markdown

        return render_markdown
    if name == "html":
        from cybercheck.report.html import render_html

        return render_html
    if name == "json":
        from cybercheck.report.json_report import render_json

        return render_json
    raise ValueError(name)


def format_for(filename: str) -> str | None:
    """The format a file name's extension asks for, or None."""
    from pathlib import Path

    return _EXTENSIONS.get(Path(filename).suffix.lower())
