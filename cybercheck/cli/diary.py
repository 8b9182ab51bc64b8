"""`cybercheck diary add|list|export`: an incident diary in the fields police and courts look for."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from cybercheck.errors import ConfigError
from cybercheck.pipeline.words import text


@click.group()
def diary() -> None:
    """Keep an incident diary in a case: date, time, place, what happened, and how it affected you."""


def _options(function: Callable[..., None]) -> Callable[..., None]:
    from cybercheck.casework.diary import FIELDS

    for f in reversed(FIELDS):
        function = click.option(f"--{f.key.replace('_', '-')}", f.key, help=f.prompt + ".")(function)
    return function


@diary.command("add")
@click.option("--case", "ref", required=True, help="The case reference.")
@_options
def add(ref: str, **values: str | None) -> None:
    """Add an incident. At a terminal each field is asked in turn; Enter leaves one out."""
    from datetime import datetime, timezone

    from cybercheck.casework.diary import FIELDS, new_entry
    from cybercheck.cli.case import open_case

    opened = open_case(ref)
    click.echo(text("cybercheck.diary-reminder"), err=True)
    click.echo(text("cybercheck.diary-helps-not-needed"), err=True)
    given = {k: v for k, v in values.items() if v}
    if sys.stdin.isatty():
        for f in FIELDS:
            if f.key not in given:
                given[f.key] = click.prompt(f.prompt, default="", show_default=False, err=True)
    try:
        entry = new_entry(given, written=datetime.now(timezone.utc))
    except ValueError as missing:
        raise ConfigError(text("cybercheck.diary-entry-incomplete", field=missing)) from None
    number = opened.add_diary(entry.as_dict())
    click.echo(text("cybercheck.diary-added", number=number, ref=ref), err=True)


@diary.command("list")
@click.option("--case", "ref", required=True, help="The case reference.")
def list_(ref: str) -> None:
    """Show the diary's entries."""
    from cybercheck.casework.diary import FIELDS, DiaryEntry
    from cybercheck.cli.case import open_case

    click.echo(text("cybercheck.diary-reminder"))
    for number, raw in enumerate(open_case(ref).diary(), start=1):
        entry = DiaryEntry.from_mapping(raw)
        click.echo("\n" + text("cybercheck.diary-entry", number=number))
        for f in FIELDS:
            value = getattr(entry, f.key)
            if value:
                click.echo(f"  {f.label}: {value}")


@diary.command("export")
@click.option("--case", "ref", required=True, help="The case reference.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to save it: .html for a printable page, .csv for a spreadsheet.",
)
@click.option("--seal", is_flag=True, help="Save it inside an AES-256 zip sealed with a passphrase.")
def export(ref: str, output: Path, seal: bool) -> None:
    """Export the diary as a printable page (.html) or CSV (.csv)."""
    from cybercheck.casework.diary import DiaryEntry, to_csv, to_html
    from cybercheck.casework.sealing import seal_archive
    from cybercheck.cli.case import SEAL_SECRET, open_case, passphrase, sealed_path
    from cybercheck.cli.output import write_new

    entries = [DiaryEntry.from_mapping(e) for e in open_case(ref).diary()]
    inner = output.name[:-4] if output.suffix.lower() == ".zip" else output.name
    if inner.lower().endswith(".csv"):
        written = to_csv(entries)
    elif inner.lower().endswith((".html", ".htm")):
        written = to_html(entries, case=ref)
    else:
        raise ConfigError(text("cybercheck.diary-export-format"))
    if seal:
        secret = passphrase(SEAL_SECRET, text("cybercheck.diary-seal-passphrase"), new=True)
        target = write_new(sealed_path(output), seal_archive({inner: written.encode("utf-8")}, secret))
        saved_sealed = text("cybercheck.diary-saved-sealed", path=target.resolve())
        click.echo(f"{saved_sealed} {text('cybercheck.sealed-opens-with-tools')}", err=True)
        return
    saved = write_new(output, written.encode("utf-8"))
    click.echo(text("cybercheck.diary-saved", path=saved.resolve()), err=True)
