"""Showing a report on screen and saving it: the summary to stderr, the report to stdout or a file."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from cybercheck.errors import ConfigError
from cybercheck.pipeline.model import Report
from cybercheck.pipeline.words import text
from cybercheck.report import format_for, renderer


def render_for_screen(report: Report, format_name: str | None) -> str:
    """The report as it goes to stdout."""
    if format_name in (None, "terminal"):
        from cybercheck.report.terminal import render_terminal

        color = sys.stdout.isatty()
        return render_terminal(report, color=color, width=min(shutil.get_terminal_size().columns, 110))
    return renderer(format_name)(report)


def write_new(path: Path, data: bytes) -> Path:
    """Save `data` atomically at `path`, never silently over an existing file; returns where it went.

    When a file is already there, someone at a terminal is asked whether to replace it;
    otherwise (or when they say no) the data takes the next free name and the terminal says so.
    OSError is left to the caller, which knows what was being saved.
    """
    import os

    from cybercheck.report.save import free_name, save_atomically

    path = path.expanduser()
    if os.path.lexists(path) and sys.stdin.isatty() and sys.stderr.isatty():
        other = free_name(path).name
        if click.confirm(
            text("cybercheck.file-exists-replace", name=path.name, other=other),
            default=False,
            err=True,
        ):
            return save_atomically(path, data, overwrite=True)
    saved = save_atomically(path, data, overwrite=False)
    if saved.name != path.name:
        click.echo(text("cybercheck.file-exists-saved-as", name=path.name, saved=saved.name), err=True)
    return saved


def save_report(report: Report, output: Path, format_name: str | None) -> Path:
    """Render and save atomically; the format follows --format, else the file's extension."""
    chosen = format_name or format_for(output.name)
    if chosen is None:
        raise ConfigError(text("cybercheck.report-format-unknown", name=output.name))
    rendered = renderer(chosen)(report)
    try:
        return write_new(output, rendered.encode("utf-8"))
    except OSError as error:
        reason = error.strerror or text("cybercheck.write-failed")
        raise ConfigError(text("cybercheck.report-not-saved", path=output, reason=reason)) from None


def emit_report(
    report: Report, *, output: Path | None, format_name: str | None, verbose: bool = False
) -> None:
    """Print the report, and save it too when --output is given (then the screen gets the terminal form)."""
    if output is None:
        click.echo(render_for_screen(report, format_name), nl=False)
    else:
        click.echo(render_for_screen(report, None), nl=False)
        saved = save_report(report, output, format_name)
        click.echo(text("cybercheck.report-saved", path=saved.resolve()), err=True)
    if verbose:
        for item in report.results:
            problem = item.result.problem
            if problem and problem.detail:
                click.echo(f"--- {item.result.check_id}\n{problem.detail}", err=True)
