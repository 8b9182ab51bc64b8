"""`cybercheck demo`: the first thing a newcomer runs. Offline, on a made-up case."""

from __future__ import annotations

from pathlib import Path

import click

from cybercheck.cli.country import COUNTRY


@click.command()
@click.option(
    "--country",
    type=COUNTRY,
    metavar="COUNTRY",
    help="Your country, for the helplines shown: a name or code (default: GB).",
)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), help="Where to save the demo report."
)
def demo(country: str | None, output: Path | None) -> int:
    """Run every check that has an example on a made-up case, offline, and save an HTML report."""
    from cybercheck.cli.output import render_for_screen, save_report
    from cybercheck.demo import DEMO_REPORT, demo_env, demo_plan
    from cybercheck.pipeline.scanning import scan
    from cybercheck.pipeline.words import text
    from cybercheck.report import format_for

    plan, inputs = demo_plan()
    env = demo_env(inputs, country or "GB")
    click.echo(text("cybercheck.demo-opening"), err=True)
    report = scan(env, plan, operator="cybercheck demo", case="DEMO")
    click.echo(render_for_screen(report, None), nl=False)
    target = output or Path(DEMO_REPORT)
    saved = save_report(report, target, None if format_for(target.name) else "html")
    click.echo(text("cybercheck.demo-saved", path=saved.resolve()), err=True)
    return 0
