"""`cybercheck helplines`: emergency numbers first, then helplines, for a country."""

from __future__ import annotations

import click

from cybercheck.cli.country import COUNTRY


@click.command()
@click.option(
    "--country",
    type=COUNTRY,
    metavar="COUNTRY",
    help="Your country: a name or code, e.g. UK, Scotland, Deutschland, US. Default: the system's region.",
)
def helplines(country: str | None) -> None:
    """Show emergency numbers and helplines for your country."""
    from cybercheck.advice.helplines import country_from_locale, helplines_for, say
    from cybercheck.report import view

    chosen = helplines_for(country or country_from_locale())
    if chosen.emergency:
        for h in chosen.emergency:
            click.echo(f"{h.name}: {view.contact_line(h)}" + (f"\n  {h.note}" if h.note else ""))
    else:
        click.echo(say("danger-line-local"))
    click.echo()
    for h in chosen.helplines:
        click.echo(
            f"{h.name} — {h.purpose}\n  {view.contact_line(h)}\n  Hours: {view.hours_line(h)}"
            + (f"\n  {h.note}" if h.note else "")
        )
    if chosen.note:
        click.echo()
        click.echo(chosen.note)
    click.echo()
    click.echo(say("helplines-command.checked", checked=chosen.checked))
