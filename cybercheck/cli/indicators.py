"""`cybercheck indicators info|update`: which stalkerware indicator list is in use, and getting a newer one."""

from __future__ import annotations

from pathlib import Path

import click

from cybercheck.exit_codes import ExitCode


@click.group()
def indicators() -> None:
    """The stalkerware and watchware indicator list: where it comes from, and updating it."""


@indicators.command()
@click.option(
    "--iocs",
    "iocs",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Also read this STIX2 bundle (repeatable), as `scan --iocs` would.",
)
def info(iocs: tuple[Path, ...]) -> None:
    """Show the source, date and size of the indicator list in use."""
    from cybercheck.errors import CybercheckError
    from cybercheck.indicators.load import ATTRIBUTION, companion_file, load_indicators, updated_folder
    from cybercheck.indicators.update import COMPANIONS, previous_folder

    try:
        found = load_indicators(extra=iocs)
    except CybercheckError as error:
        click.echo(error.plain, err=True)
        raise SystemExit(int(ExitCode.USAGE)) from None
    counts = found.counts()
    click.echo(f"Indicator list in use: {found.version}")
    click.echo(f"Read from: {found.source}")
    click.echo(
        f"Apps: {counts['stalkerware']} sold for secret spying (stalkerware), "
        f"{counts['watchware']} sold openly for watching someone (watchware)"
    )
    click.echo(
        f"Indicators: {counts['packages']} Android package names, {counts['certificates']} signing certificates, "
        f"{counts['apk_sha256']} app file hashes, {counts['ios_bundles']} iPhone app ids, "
        f"{counts['domains']} server names, {counts['websites']} websites, {counts['ips']} IP addresses"
    )
    for note in found.skipped:
        click.echo(f"Note: {note}")
    click.echo(ATTRIBUTION)
    for companion in COMPANIONS:
        fetched = companion_file(companion.name)
        if fetched is not None:
            version = fetched[1]
        elif companion.packaged:
            version = "the copy packaged with cybercheck"
        else:
            version = "not downloaded yet (`cybercheck indicators update` fetches it)"
        click.echo(f"{companion.name}: {version}. {companion.licence}.")
    folder = updated_folder()
    if (folder / "VERSION").is_file():
        click.echo(f"Updated copy: {folder}")
        if previous_folder(folder).is_dir():
            click.echo(f"Copy before the last update: {previous_folder(folder)}")
    else:
        click.echo("Updated copy: none yet; `cybercheck indicators update` downloads the newest list.")
    click.echo("The list is incomplete: an app that is not on it can still be stalkerware.")


@indicators.command()
@click.option(
    "--endpoint",
    "endpoint",
    default=None,
    metavar="URL",
    help="Download from this address instead (the folder holding ioc.yaml).",
)
def update(endpoint: str | None) -> None:
    """Download the newest Echap indicator list, its STIX2 bundle, ISDi's app flags and Echap's YARA rules over
    HTTPS; whatever fails keeps the copy in use. Nothing else goes online: scans use the copy on this computer."""
    from cybercheck.errors import CybercheckError
    from cybercheck.indicators.update import DEFAULT_URL, ISDI_URL, update_indicators
    from cybercheck.pipeline.context import RunEnv, RunSettings

    env = RunEnv(RunSettings(endpoints={"indicators": endpoint} if endpoint else {}))
    url = env.endpoint("indicators", DEFAULT_URL)
    click.echo(f"Downloading the indicator list from {url} ...", err=True)
    try:
        result = update_indicators(env.http, url, isdi_url=env.endpoint("isdi", ISDI_URL))
    except CybercheckError as error:
        click.echo(error.plain, err=True)
        if "kept" not in error.plain and "nothing was changed" not in error.plain:
            click.echo("The indicator list in use was kept.", err=True)
        raise SystemExit(int(ExitCode.INCOMPLETE)) from None
    counts = result.counts
    click.echo(f"Installed: {result.version}")
    click.echo(
        f"{counts['stalkerware']} stalkerware and {counts['watchware']} watchware apps, "
        f"{counts['packages']} package names, {counts['certificates']} certificates."
    )
    for name, version in result.companions.items():
        click.echo(f"{name}: {version}")
    click.echo(f"Saved in {result.folder}")
    if result.previous:
        click.echo(f"The copy it replaced is kept in {result.previous}")
