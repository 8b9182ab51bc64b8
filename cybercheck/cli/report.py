"""`cybercheck report show|verify`: read a saved JSON report again, or check its evidence files."""

from __future__ import annotations

from pathlib import Path

import click

from cybercheck.exit_codes import ExitCode
from cybercheck.report import FORMATS


def _read(path: Path):  # type: ignore[no-untyped-def]
    from cybercheck.report.json_report import read_report

    return read_report(path.read_text(encoding="utf-8", errors="replace"))


@click.group()
def report() -> None:
    """Show a saved report again, or verify its evidence."""


@report.command("show")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(FORMATS), help="terminal, md, html or json.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Save it in another format.")
def show(path: Path, format_name: str | None, output: Path | None) -> None:
    """Show a report saved as JSON, in any format."""
    from cybercheck.cli.output import render_for_screen, save_report

    saved = _read(path)
    if output:
        save_report(saved, output, format_name)
        click.echo(f"Saved the report to {output.resolve()}", err=True)
    else:
        click.echo(render_for_screen(saved, format_name), nl=False)


@report.command("verify")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(path: Path) -> int:
    """Check that the evidence files a JSON report names have not changed since."""
    from cybercheck.report.evidence import verify as verify_files

    saved = _read(path)
    outcome = verify_files(saved.meta.evidence_files)
    if not outcome:
        click.echo("This report names no evidence files, so there is nothing to verify.")
        return ExitCode.CLEAN
    changed = False
    for item, state in outcome:
        words = {"unchanged": "unchanged", "changed": "CHANGED since the report was made", "missing": "MISSING"}[state]
        click.echo(f"{item.path}: {words}")
        changed = changed or state != "unchanged"
    if changed:
        click.echo("Some evidence is not as it was when the report was made.")
        return ExitCode.FOUND
    click.echo("Every evidence file is as it was when the report was made.")
    return ExitCode.CLEAN
