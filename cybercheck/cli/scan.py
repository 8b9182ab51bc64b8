"""`cybercheck scan`: run checks, show the report, save it if asked, exit with a meaningful status."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cybercheck.cli.exits import stop_in_two_steps
from cybercheck.cli.options import build_env, run_options
from cybercheck.cli.output import emit_report
from cybercheck.errors import ConfigError
from cybercheck.exit_codes import exit_code
from cybercheck.pipeline.model import Severity
from cybercheck.pipeline.words import text
from cybercheck.report import FORMATS

if TYPE_CHECKING:
    from cybercheck.casework.cases import Case
    from cybercheck.pipeline.context import RunEnv
    from cybercheck.pipeline.model import Report
    from cybercheck.progress import RichProgress

SEVERITIES = [s.name.lower() for s in Severity]


@click.command()
@click.option(
    "--check",
    "wanted",
    multiple=True,
    metavar="ID",
    help="A check id, or an area such as mail (repeatable). Default: every check that can run.",
)
@run_options
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the report here; the format follows the extension.",
)
@click.option("--format", "format_name", type=click.Choice(FORMATS), help="terminal, md, html or json.")
@click.option("--operator", help="The support worker running the check, for the report.")
@click.option(
    "--case",
    help="A case reference (no names needed): the scan is compared with the case's last one and kept in its history, sealed.",
)
@click.option(
    "--seal",
    is_flag=True,
    help="Save the report (--output) sealed with a passphrase, as an AES-256 zip that 7-Zip opens.",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    help="Lowest severity that makes the exit status 1 (default: medium).",
)
@click.option("--verbose", is_flag=True, help="Show technical detail of problems.")
def scan(
    wanted: tuple[str, ...],
    output: Path | None,
    format_name: str | None,
    operator: str | None,
    case: str | None,
    seal: bool,
    fail_on: str | None,
    verbose: bool,
    timeout: float,
    **options: object,
) -> int:
    """Run checks and show what they found, with what each looked at.

    Nothing is saved unless you ask with --output.
    """
    from cybercheck.pipeline.scanning import plan_checks
    from cybercheck.pipeline.scanning import scan as run_scan

    env, config = build_env(timeout=timeout, **options)  # type: ignore[arg-type]  # click passes the shared options as one untyped mapping
    threshold = _threshold(fail_on or config.fail_on)
    plan = plan_checks(wanted or config.checks)
    if seal and output is None:
        raise ConfigError(text("cybercheck.scan-seal-needs-output"))
    history = None
    if case:
        from cybercheck.cli.case import open_case

        history = open_case(case, create=True)
        if env.settings.baseline is None:
            env.settings = replace(env.settings, baseline=history.latest())
    progress = _progress(env)
    with stop_in_two_steps(text("cybercheck.scan-stopping")):
        if progress is None:
            report = run_scan(env, plan, time_limit=timeout, operator=operator or config.operator, case=case)
        else:
            with progress:
                report = run_scan(
                    env, plan, time_limit=timeout, operator=operator or config.operator, case=case
                )
    if history is not None:
        report = _keep_in_case(history, report)
    if seal and output is not None:
        from cybercheck.cli.case import save_sealed
        from cybercheck.cli.output import render_for_screen

        click.echo(render_for_screen(report, None), nl=False)
        saved = save_sealed(output, report, format_name)
        said = (
            text("cybercheck.report-saved-sealed", path=saved.resolve()),
            text("cybercheck.sealed-opens-with"),
        )
        click.echo(" ".join(said), err=True)
    else:
        emit_report(report, output=output, format_name=format_name, verbose=verbose)
    return exit_code(report, threshold)


def _keep_in_case(history: Case, report: Report) -> Report:
    """Attach the case's evidence log, save the scan into its history and say what changed."""
    from dataclasses import replace

    from cybercheck.casework.cases import compare
    from cybercheck.cli.case import changes_text

    previous = history.scans()
    before = history.latest() if previous else None
    report = replace(report, meta=replace(report.meta, evidence_log=history.evidence()))
    history.save_scan(report)
    if before is not None:
        click.echo(changes_text(compare(before, report), since=previous[-1].saved), err=True)
    click.echo(text("cybercheck.scan-kept-in-case", ref=history.ref), err=True)
    return report


def _threshold(name: str | None) -> Severity:
    try:
        return Severity.parse(name or "medium")
    except ValueError:
        raise ConfigError(text("cybercheck.scan-fail-on", choices=", ".join(SEVERITIES))) from None


def _progress(env: RunEnv) -> RichProgress | None:
    if not sys.stderr.isatty():
        return None
    from cybercheck.progress import RichProgress

    progress = RichProgress()
    env.progress = progress
    if hasattr(env.asker, "progress"):
        env.asker.progress = progress
    return progress
