"""`cybercheck evidence add|list|verify`: screenshots and files recorded into a case with their SHA-256."""

from __future__ import annotations

from pathlib import Path

import click

from cybercheck.exit_codes import ExitCode
from cybercheck.pipeline.words import text

# How a kept copy or an original compares with what was recorded, by its state.
_STATES = {
    "unchanged": "cybercheck.evidence-unchanged",
    "changed": "cybercheck.evidence-changed",
    "missing": "cybercheck.evidence-missing",
    "not kept": "cybercheck.evidence-not-kept",
}


@click.group()
def evidence() -> None:
    """Record screenshots and files into a case, and check them later."""


@evidence.command("add")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--case", "ref", required=True, help="The case reference.")
@click.option("--note", default="", help="What it shows and where it came from (a web address, a date).")
def add(path: Path, ref: str, note: str) -> None:
    """Record FILE into the case: SHA-256, size, time added, original name and the note.

    A sealed copy is kept in the case (files over 100 MB are only hashed), so the record
    survives the original being deleted. Reports of the case list it in their evidence table.
    """
    from cybercheck.casework.evidence_log import add_evidence
    from cybercheck.cli.case import open_case

    item = add_evidence(open_case(ref), path, note)
    recorded = text("cybercheck.evidence-recorded", name=item.name, size=item.size, sha256=item.sha256)
    kept = text("cybercheck.evidence-kept" if item.kept else "cybercheck.evidence-too-big-to-keep")
    click.echo(f"{recorded} {kept}", err=True)


@evidence.command("list")
@click.option("--case", "ref", required=True, help="The case reference.")
def list_(ref: str) -> None:
    """List the case's evidence log."""
    from cybercheck.cli.case import open_case
    from cybercheck.report import view

    items = open_case(ref).evidence()
    if not items:
        click.echo(text("cybercheck.evidence-none"))
    for e in items:
        click.echo(f"{e.name}\t{view.when(e.added)}\t{e.size} bytes\tSHA-256 {e.sha256}\t{e.note}")


@evidence.command("verify")
@click.option("--case", "ref", required=True, help="The case reference.")
def verify(ref: str) -> int:
    """Check the sealed copies kept in the case, and the originals where they still are."""
    from cybercheck.casework.evidence_log import verify_kept, verify_originals
    from cybercheck.cli.case import open_case

    opened = open_case(ref)
    kept = {e.sha256 + e.name: state for e, state in verify_kept(opened)}
    bad = False
    for item, original in verify_originals(opened.evidence()):
        copy = kept.get(item.sha256 + item.name, "not kept")
        where = item.path or text("cybercheck.evidence-original-unknown")
        said = {"copy": text(_STATES[copy]), "original": text(_STATES[original])}
        click.echo(text("cybercheck.evidence-verified", name=item.name, where=where, **said))
        bad = bad or copy == "changed" or original == "changed"
    return ExitCode.FOUND if bad else ExitCode.CLEAN
