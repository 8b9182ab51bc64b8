"""`cybercheck report show|open|verify`: read a saved (or sealed) report again, or check its evidence files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cybercheck.exit_codes import ExitCode
from cybercheck.pipeline.words import text
from cybercheck.report import FORMATS

if TYPE_CHECKING:
    from cybercheck.pipeline.model import Report
    from cybercheck.secrets import Secret

# How an evidence file compares, by its state: with the report, and with when it was recorded in a case.
_SINCE_REPORT = {
    "unchanged": "cybercheck.verify-unchanged",
    "changed": "cybercheck.verify-changed-since-report",
    "missing": "cybercheck.verify-missing",
}
_SINCE_RECORDED = {
    "unchanged": "cybercheck.verify-unchanged",
    "changed": "cybercheck.verify-changed-since-recorded",
    "missing": "cybercheck.verify-missing",
}


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
        click.echo(text("cybercheck.report-saved", path=written.resolve()), err=True)
    else:
        click.echo(render_for_screen(saved, format_name), nl=False)


@report.command("open")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(FORMATS), help="terminal, md, html or json.")
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Save it, unsealed, in any format."
)
def open_(path: Path, format_name: str | None, output: Path | None) -> None:
    """Open a sealed report (made with --seal) with its passphrase, and show or save it.

    The passphrase is typed at a hidden prompt (or, for automation, taken from
    CYBERCHECK_SECRET_SEAL). A wrong passphrase or a changed file writes nothing.
    """
    from cybercheck.cli.case import SEAL_SECRET, passphrase
    from cybercheck.cli.output import render_for_screen, save_report

    opened = read_sealed(
        path.read_bytes(),
        passphrase(SEAL_SECRET, text("cybercheck.sealed-passphrase", name=path.name), new=False),
    )
    if output:
        written = save_report(opened, output, format_name)
        click.echo(text("cybercheck.report-saved-unsealed", path=written.resolve()), err=True)
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
        raise DamagedInput(text("cybercheck.sealed-not-a-report"))
    members = open_archive(blob, secret)
    # A timeline record's signed manifest is JSON too, but not a report.
    named = [n for n in members if n.lower().endswith(".json") and not n.lower().endswith(".manifest.json")]
    if not named:
        raise DamagedInput(text("cybercheck.sealed-holds-no-report"))
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
        click.echo(text("cybercheck.verify-nothing"))
        return ExitCode.CLEAN
    changed = False
    for item, state in outcome:
        click.echo(f"{item.path}: {text(_SINCE_REPORT[state])}")
        changed = changed or state != "unchanged"
    for entry, state in logged:
        if state == "missing" and entry.kept:
            click.echo(
                text("cybercheck.verify-kept-in-case", name=entry.name, path=entry.path, ref=saved.meta.case)
            )
            continue
        click.echo(f"{entry.name} ({entry.path}): {text(_SINCE_RECORDED[state])}")
        changed = changed or state != "unchanged"
    if changed:
        click.echo(text("cybercheck.verify-some-changed"))
        return ExitCode.FOUND
    click.echo(text("cybercheck.verify-all-unchanged"))
    return ExitCode.CLEAN
