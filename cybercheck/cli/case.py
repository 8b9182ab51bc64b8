"""`cybercheck case new|list|show|export|delete`, and the passphrase and sealed-file helpers other commands share.

Passphrases are only ever typed at a hidden prompt or, for automation, taken from
CYBERCHECK_SECRET_CASE (a case) and CYBERCHECK_SECRET_SEAL (a sealed report or export);
they are kept in memory and never written anywhere.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cybercheck.errors import ConfigError

if TYPE_CHECKING:
    from datetime import datetime

    from cybercheck.casework.cases import Case, Comparison
    from cybercheck.pipeline.model import Report
from cybercheck.secrets import Secret, env_name

CASE_SECRET = "case"
SEAL_SECRET = "seal"
MIN_LENGTH = 8


def passphrase(name: str, prompt: str, *, new: bool) -> Secret:
    """A passphrase from CYBERCHECK_SECRET_<NAME>, else typed hidden (twice when it is new)."""
    from_env = os.environ.get(env_name(name))
    if from_env:
        return Secret(from_env)
    if not sys.stdin.isatty():
        raise ConfigError(
            f"A passphrase is needed. Run this at a terminal to type it, or for automation set {env_name(name)}."
        )
    typed = click.prompt(prompt + " (it will not be shown)", hide_input=True, err=True,
                         confirmation_prompt="Type it again to make sure" if new else False)
    if new and len(typed) < MIN_LENGTH:
        raise ConfigError(
            f"Please choose a passphrase of at least {MIN_LENGTH} characters. A few unrelated words are easy "
            "to remember and hard to guess. Nothing was saved."
        )
    if not typed:
        raise ConfigError("No passphrase was typed, so nothing was opened or saved.")
    return Secret(typed)


def open_case(ref: str, *, create: bool = False) -> Case:
    """The case `ref`, opened with its passphrase; with `create`, made if it does not exist yet."""
    from cybercheck.casework.cases import Case, case_exists

    if case_exists(ref):
        return Case.open(ref, passphrase(CASE_SECRET, f"Passphrase for case {ref}", new=False))
    if not create:
        raise ConfigError(f"There is no case called {ref}. `cybercheck case list` shows the cases on this computer.")
    click.echo(f"There is no case {ref} yet; it will be made now. Choose a passphrase for it. "
               "Without it the case cannot be opened, by anyone.", err=True)
    return Case.create(ref, passphrase(CASE_SECRET, f"New passphrase for case {ref}", new=True))


def sealed_path(output: Path) -> Path:
    """Where a sealed report goes: the name given, ending in .zip."""
    return output if output.suffix.lower() == ".zip" else output.with_name(output.name + ".zip")


def save_sealed(output: Path, report: Report, format_name: str | None, *, document: str | None = None) -> Path:
    """Save `report` as an AES-256 zip (cybercheck.casework.sealing.sealed_report), asking for the passphrase; returns the path."""
    from cybercheck.casework.sealing import sealed_report
    from cybercheck.cli.output import write_new
    from cybercheck.report import format_for

    target = sealed_path(output)
    chosen = format_name or format_for(target.name[: -len(".zip")]) or "html"
    secret = passphrase(SEAL_SECRET, "Passphrase to seal the report", new=True)
    name, data = sealed_report(report, chosen, secret, name=target.name, document=document)
    target = target.with_name(name)
    try:
        return write_new(target, data)
    except OSError as error:
        raise ConfigError(f"The sealed report could not be saved to {target} ({error.strerror}). Nothing was left there.") from None


OPENS_WITH_TOOLS = (
    "It is an AES-256 encrypted zip: 7-Zip (Windows), Keka or The Unarchiver (Mac), or `7z x FILE` "
    "(Linux) open it with the passphrase."
)
OPENS_WITH = OPENS_WITH_TOOLS[:-1] + ", as does `cybercheck report open FILE`."


@click.group()
def case() -> None:
    """Keep each client's sessions, evidence and diary under a case reference, sealed with a passphrase."""


@case.command("new")
@click.argument("ref")
def new(ref: str) -> None:
    """Make a new case. REF is any short reference, such as C-2041; no names are needed."""
    from cybercheck.casework.cases import Case, case_exists, check_ref

    check_ref(ref)
    if case_exists(ref):
        raise ConfigError(f"There is already a case called {ref}.")
    made = Case.create(ref, passphrase(CASE_SECRET, f"New passphrase for case {ref}", new=True))
    click.echo(f"Made case {made.ref}. Keep its passphrase safe: without it the case cannot be opened.", err=True)


@case.command("list")
def list_() -> None:
    """List the cases on this computer (only their references; nothing is opened)."""
    from cybercheck.casework.cases import list_cases

    refs = list_cases()
    if not refs:
        click.echo("There are no cases on this computer.")
    for ref in refs:
        click.echo(ref)


@case.command("show")
@click.argument("ref")
def show(ref: str) -> None:
    """Show a case's saved scans, what changed between the last two, its evidence log and diary."""
    from cybercheck.casework.cases import compare
    from cybercheck.report import view

    opened = open_case(ref)
    scans = opened.scans()
    click.echo(f"Case {ref}, made {view.when(opened.created)}.")
    click.echo(f"Saved scans: {len(scans)}")
    for s in scans:
        click.echo(f"  {s.number}. {view.when(s.saved)} — {s.kind}, {s.checks} check{'' if s.checks == 1 else 's'}, {s.findings} found")
    if len(scans) >= 2:
        click.echo(changes_text(compare(opened.load_scan(scans[-2]), opened.load_scan(scans[-1])), since=scans[-2].saved))
    evidence = opened.evidence()
    click.echo(f"Evidence log: {len(evidence)} files")
    for e in evidence:
        click.echo(f"  {e.name} — {view.when(e.added)} — {e.note or 'no note'} (SHA-256 {e.sha256})")
    click.echo(f"Diary: {len(opened.diary())} entries")


def changes_text(comparison: Comparison, *, since: datetime | None) -> str:
    """What is new, gone and changed, in plain words."""
    from cybercheck.report import view

    lines = [f"Since the scan of {view.when(since)}:"]
    if not comparison.any:
        lines.append("  nothing new, gone or changed in what both scans looked at.")
    lines += [f"  NEW: {c.finding.subject} ({c.check_id})" for c in comparison.new]
    lines += [f"  GONE: {c.finding.subject} ({c.check_id})" for c in comparison.gone]
    lines += [f"  CHANGED: {c.finding.subject} ({c.check_id})" for c in comparison.changed]
    if comparison.not_compared:
        lines.append("  Not compared, because they did not run fully this time: " + ", ".join(comparison.not_compared))
    return "\n".join(lines)


@case.command("export")
@click.argument("ref")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The sealed zip to write.")
def export(ref: str, output: Path) -> None:
    """Write the whole case to one sealed zip: every scan, the latest report, the evidence and the diary."""
    from cybercheck.casework import diary as diary_module
    from cybercheck.casework.sealing import seal_archive
    from cybercheck.cli.output import write_new
    from cybercheck.report.html import render_html
    from cybercheck.report.json_report import render_json

    opened = open_case(ref)
    members: dict[str, bytes] = {}
    scans = opened.scans()
    for s in scans:
        members[f"scans/{s.number:04d}.json"] = render_json(opened.load_scan(s)).encode("utf-8")
    latest = opened.latest()
    if latest is not None:
        from dataclasses import replace

        latest = replace(latest, meta=replace(latest.meta, evidence_log=opened.evidence()))
        members["latest-report.html"] = render_html(latest).encode("utf-8")
    for number, (item, data) in enumerate(opened.kept_copies(), start=1):
        if data is not None:
            members[f"evidence/{number:04d}-{Path(item.name).name}"] = data
    entries = [diary_module.DiaryEntry.from_mapping(e) for e in opened.diary()]
    members["diary.html"] = diary_module.to_html(entries, case=ref).encode("utf-8")
    members["diary.csv"] = diary_module.to_csv(entries).encode("utf-8")
    secret = passphrase(SEAL_SECRET, "Passphrase to seal the export (can differ from the case's)", new=True)
    target = write_new(sealed_path(output), seal_archive(members, secret))
    click.echo(f"Saved case {ref} to {target.resolve()}. {OPENS_WITH_TOOLS} `cybercheck report open FILE` shows its latest report.", err=True)


@case.command("delete")
@click.argument("ref")
@click.option("--yes", is_flag=True, help="Do not ask to confirm.")
def delete(ref: str, yes: bool) -> None:
    """Delete a case and every file in it. This cannot be undone."""
    from cybercheck.casework.cases import case_exists, delete_case

    if not case_exists(ref):
        raise ConfigError(f"There is no case called {ref}.")
    if not yes and not sys.stdin.isatty():
        raise ConfigError(f"Nothing was deleted: deleting a case is confirmed at a terminal. "
                          f"To delete it without one, add --yes: cybercheck case delete {ref} --yes")
    if not yes:
        typed = click.prompt(f"This deletes case {ref} and everything in it, for good. Type {ref} to confirm",
                             default="", show_default=False, err=True)
        if typed.strip() != ref:
            click.echo("Nothing was deleted.", err=True)
            return
    delete_case(ref)
    click.echo(f"Deleted case {ref} and its files.", err=True)
