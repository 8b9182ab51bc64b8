"""`cybercheck report show|open|verify`: read a saved (or sealed) report again, or check its evidence files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cybercheck.exit_codes import ExitCode
from cybercheck.report import FORMATS

if TYPE_CHECKING:
    from cybercheck.pipeline.model import Report
    from cybercheck.secrets import Secret


def _read(path: Path) -> Report:
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
        written = save_report(saved, output, format_name)
        click.echo(f"Saved the report to {written.resolve()}", err=True)
    else:
        click.echo(render_for_screen(saved, format_name), nl=False)


@report.command("open")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(FORMATS), help="terminal, md, html or json.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Save it, unsealed, in any format.")
def open_(path: Path, format_name: str | None, output: Path | None) -> None:
    """Open a sealed report (made with --seal) with its passphrase, and show or save it.

    The passphrase is typed at a hidden prompt (or, for automation, taken from
    CYBERCHECK_SECRET_SEAL). A wrong passphrase or a changed file writes nothing.
    """
    from cybercheck.cli.case import SEAL_SECRET, passphrase
    from cybercheck.cli.output import render_for_screen, save_report

    opened = read_sealed(path.read_bytes(), passphrase(SEAL_SECRET, f"Passphrase for {path.name}", new=False))
    if output:
        written = save_report(opened, output, format_name)
        click.echo(f"Saved the report, unsealed, to {written.resolve()}. Anyone who can open this computer's files can read it.", err=True)
    else:
        click.echo(render_for_screen(opened, format_name), nl=False)


def read_sealed(blob: bytes, secret: Secret) -> Report:
    """The Report inside a sealed zip or a cybercheck sealed file."""
    from cybercheck.casework.sealing import is_archive, is_sealed, open_archive, unseal
    from cybercheck.errors import DamagedInput
    from cybercheck.report.json_report import read_report

    if is_sealed(blob):
        return read_report(unseal(blob, secret).decode("utf-8", errors="replace"))
    if not is_archive(blob):
        raise DamagedInput("This is not a sealed cybercheck report, so it cannot be opened.")
    members = open_archive(blob, secret)
    # A timeline record's signed manifest is JSON too, but not a report.
    named = [n for n in members if n.lower().endswith(".json") and not n.lower().endswith(".manifest.json")]
    if not named:
        raise DamagedInput("This sealed file holds no cybercheck report (report.json), so it cannot be shown.")
    # A sealed report holds report.json; a case export holds scans/0001.json, ...: show the latest.
    chosen = "report.json" if "report.json" in named else max(named)
    return read_report(members[chosen].decode("utf-8", errors="replace"))


@report.command("verify")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(path: Path) -> int:
    """Check that the evidence files a JSON report names have not changed since."""
    from cybercheck.casework.evidence_log import verify_originals
    from cybercheck.report.evidence import verify as verify_files

    saved = _read(path)
    outcome = verify_files(saved.meta.evidence_files)
    logged = verify_originals(saved.meta.evidence_log)
    if not outcome and not logged:
        click.echo("This report names no evidence files, so there is nothing to verify.")
        return ExitCode.CLEAN
    changed = False
    for item, state in outcome:
        words = {"unchanged": "unchanged", "changed": "CHANGED since the report was made", "missing": "MISSING"}[state]
        click.echo(f"{item.path}: {words}")
        changed = changed or state != "unchanged"
    for entry, state in logged:
        if state == "missing" and entry.kept:
            click.echo(f"{entry.name}: no longer at {entry.path}; a sealed copy is kept in case {saved.meta.case} "
                       f"(`cybercheck evidence verify --case {saved.meta.case}` checks it)")
            continue
        words = {"unchanged": "unchanged", "changed": "CHANGED since it was recorded", "missing": "MISSING"}[state]
        click.echo(f"{entry.name} ({entry.path}): {words}")
        changed = changed or state != "unchanged"
    if changed:
        click.echo("Some evidence is not as it was when the report was made.")
        return ExitCode.FOUND
    click.echo("Every evidence file is as it was when the report was made.")
    return ExitCode.CLEAN
