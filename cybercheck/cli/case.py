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
from cybercheck.pipeline.words import text

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
        raise ConfigError(text("cybercheck.passphrase-needed", variable=env_name(name)))
    typed = click.prompt(
        text("cybercheck.prompt-hidden", prompt=prompt),
        hide_input=True,
        err=True,
        confirmation_prompt=text("cybercheck.passphrase-again") if new else False,
    )
    if new and len(typed) < MIN_LENGTH:
        raise ConfigError(text("cybercheck.passphrase-short", count=MIN_LENGTH))
    if not typed:
        raise ConfigError(text("cybercheck.passphrase-none"))
    return Secret(typed)


def open_case(ref: str, *, create: bool = False) -> Case:
    """The case `ref`, opened with its passphrase; with `create`, made if it does not exist yet."""
    from cybercheck.casework.cases import Case, case_exists

    if case_exists(ref):
        return Case.open(ref, passphrase(CASE_SECRET, text("cybercheck.case-passphrase", ref=ref), new=False))
    if not create:
        raise ConfigError(text("cybercheck.case-unknown", ref=ref))
    click.echo(text("cybercheck.case-made-now", ref=ref), err=True)
    return Case.create(
        ref, passphrase(CASE_SECRET, text("cybercheck.case-new-passphrase", ref=ref), new=True)
    )


def sealed_path(output: Path) -> Path:
    """Where a sealed report goes: the name given, ending in .zip."""
    return output if output.suffix.lower() == ".zip" else output.with_name(output.name + ".zip")


def save_sealed(
    output: Path, report: Report, format_name: str | None, *, document: str | None = None
) -> Path:
    """Save `report` as an AES-256 zip (cybercheck.casework.sealing.sealed_report), asking for the passphrase; returns the path."""
    from cybercheck.casework.sealing import sealed_report
    from cybercheck.cli.output import write_new
    from cybercheck.report import format_for

    target = sealed_path(output)
    chosen = format_name or format_for(target.name[: -len(".zip")]) or "html"
    secret = passphrase(SEAL_SECRET, text("cybercheck.seal-report-passphrase"), new=True)
    name, data = sealed_report(report, chosen, secret, name=target.name, document=document)
    target = target.with_name(name)
    try:
        return write_new(target, data)
    except OSError as error:
        raise ConfigError(
            text("cybercheck.sealed-report-not-saved", path=target, reason=error.strerror)
        ) from None


# What opens a sealed file, said after saving one; words, so looked up when asked for.
_SEALED_WORDS = {
    "OPENS_WITH_TOOLS": "cybercheck.sealed-opens-with-tools",
    "OPENS_WITH": "cybercheck.sealed-opens-with",
}


def __getattr__(name: str) -> str:
    if name in _SEALED_WORDS:
        return text(_SEALED_WORDS[name])
    raise AttributeError(name)


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
        raise ConfigError(text("cybercheck.case-exists", ref=ref))
    made = Case.create(
        ref, passphrase(CASE_SECRET, text("cybercheck.case-new-passphrase", ref=ref), new=True)
    )
    click.echo(text("cybercheck.case-made", ref=made.ref), err=True)


@case.command("list")
def list_() -> None:
    """List the cases on this computer (only their references; nothing is opened)."""
    from cybercheck.casework.cases import list_cases

    refs = list_cases()
    if not refs:
        click.echo(text("cybercheck.case-none"))
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
    click.echo(text("cybercheck.case-heading", ref=ref, when=view.when(opened.created)))
    click.echo(text("cybercheck.case-scans", count=len(scans)))
    for s in scans:
        line = "cybercheck.case-scan-one-check" if s.checks == 1 else "cybercheck.case-scan"
        fields = {"when": view.when(s.saved), "kind": s.kind, "checks": s.checks, "findings": s.findings}
        click.echo(f"  {s.number}. " + text(line, **fields))
    if len(scans) >= 2:
        click.echo(
            changes_text(
                compare(opened.load_scan(scans[-2]), opened.load_scan(scans[-1])), since=scans[-2].saved
            )
        )
    evidence = opened.evidence()
    click.echo(text("cybercheck.case-evidence", count=len(evidence)))
    for e in evidence:
        note = e.note or text("cybercheck.case-evidence-no-note")
        click.echo(f"  {e.name} — {view.when(e.added)} — {note} (SHA-256 {e.sha256})")
    click.echo(text("cybercheck.case-diary", count=len(opened.diary())))


def changes_text(comparison: Comparison, *, since: datetime | None) -> str:
    """What is new, gone and changed, in plain words."""
    from cybercheck.report import view

    lines: list[str] = [text("cybercheck.changes-since", when=view.when(since))]
    if not comparison.any:
        lines.append("  " + text("cybercheck.changes-none"))
    for key, changes in (
        ("cybercheck.changes-new", comparison.new),
        ("cybercheck.changes-gone", comparison.gone),
        ("cybercheck.changes-changed", comparison.changed),
    ):
        lines += ["  " + text(key, subject=c.finding.subject, check=c.check_id) for c in changes]
    if comparison.not_compared:
        lines.append(
            "  " + text("cybercheck.changes-not-compared", checks=", ".join(comparison.not_compared))
        )
    return "\n".join(lines)


@case.command("export")
@click.argument("ref")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The sealed zip to write.",
)
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
    secret = passphrase(SEAL_SECRET, text("cybercheck.case-export-passphrase"), new=True)
    target = write_new(sealed_path(output), seal_archive(members, secret))
    said = (
        text("cybercheck.case-exported", ref=ref, path=target.resolve()),
        text("cybercheck.sealed-opens-with-tools"),
        text("cybercheck.case-exported-opens"),
    )
    click.echo(" ".join(said), err=True)


@case.command("delete")
@click.argument("ref")
@click.option("--yes", is_flag=True, help="Do not ask to confirm.")
def delete(ref: str, yes: bool) -> None:
    """Delete a case and every file in it. This cannot be undone."""
    from cybercheck.casework.cases import case_exists, delete_case

    if not case_exists(ref):
        raise ConfigError(text("cybercheck.case-unknown", ref=ref))
    if not yes and not sys.stdin.isatty():
        raise ConfigError(text("cybercheck.case-delete-no-terminal", ref=ref))
    if not yes:
        typed = click.prompt(
            text("cybercheck.case-delete-confirm", ref=ref),
            default="",
            show_default=False,
            err=True,
        )
        if typed.strip() != ref:
            click.echo(text("cybercheck.case-delete-kept"), err=True)
            return
    delete_case(ref)
    click.echo(text("cybercheck.case-deleted", ref=ref), err=True)
