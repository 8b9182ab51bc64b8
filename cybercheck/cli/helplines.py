"""`cybercheck helplines`: emergency numbers first, then helplines, for a country."""

from __future__ import annotations

import click


@click.command()
@click.option("--country", metavar="XX", help="Two-letter country code, e.g. GB, US, AU; GB-SCT for Scotland.")
def helplines(country: str | None) -> None:
    """Show emergency numbers and helplines for your country."""
    from cybercheck.advice.helplines import country_from_locale, helplines_for, known_countries
    from cybercheck.report import view

    chosen = helplines_for(country or country_from_locale())
    for h in chosen.emergency:
        click.echo(f"{h.name}: {view.contact_line(h)}" + (f"\n  {h.note}" if h.note else ""))
    if chosen.emergency:
        click.echo()
    for h in chosen.helplines:
        click.echo(f"{h.name} — {h.purpose}\n  {view.contact_line(h)}\n  Hours: {view.hours_line(h)}")
    if chosen.note:
        click.echo()
        click.echo(chosen.note)
        click.echo("Countries with their own list: " + ", ".join(known_countries()))
    click.echo()
    click.echo(f"This list was checked on {chosen.checked}. The page each entry was taken from is named in "
               "cybercheck/advice/helplines.yaml and in a saved JSON report.")
