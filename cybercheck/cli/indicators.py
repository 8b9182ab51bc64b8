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
    from cybercheck.pipeline.words import text

    counts = found.counts()
    click.echo(text("cybercheck.indicators-in-use", version=found.version))
    click.echo(text("cybercheck.indicators-read-from", source=found.source))
    click.echo(
        text("cybercheck.indicators-apps", stalkerware=counts["stalkerware"], watchware=counts["watchware"])
    )
    click.echo(
        text(
            "cybercheck.indicators-counts",
            packages=counts["packages"],
            certificates=counts["certificates"],
            hashes=counts["apk_sha256"],
            bundles=counts["ios_bundles"],
            domains=counts["domains"],
            websites=counts["websites"],
            ips=counts["ips"],
        )
    )
    for note in found.skipped:
        click.echo(text("cybercheck.indicators-note", note=note))
    click.echo(ATTRIBUTION)
    for companion in COMPANIONS:
        fetched = companion_file(companion.name)
        if fetched is not None:
            version = fetched[1]
        elif companion.packaged:
            version = text("cybercheck.indicators-companion-packaged")
        else:
            version = text("cybercheck.indicators-companion-missing")
        click.echo(f"{companion.name}: {version}. {companion.licence}.")
    folder = updated_folder()
    if (folder / "VERSION").is_file():
        click.echo(text("cybercheck.indicators-updated-copy", folder=folder))
        if previous_folder(folder).is_dir():
            click.echo(text("cybercheck.indicators-previous-copy", folder=previous_folder(folder)))
    else:
        click.echo(text("cybercheck.indicators-no-updated-copy"))
    click.echo(text("cybercheck.indicators-incomplete"))


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
    from cybercheck.indicators.update import DEFAULT_URL, ISDI_URL, SAYS_KEPT, update_indicators
    from cybercheck.pipeline.context import RunEnv, RunSettings
    from cybercheck.pipeline.words import text

    env = RunEnv(RunSettings(endpoints={"indicators": endpoint} if endpoint else {}))
    url = env.endpoint("indicators", DEFAULT_URL)
    click.echo(text("cybercheck.indicators-downloading", url=url), err=True)
    try:
        result = update_indicators(env.http, url, isdi_url=env.endpoint("isdi", ISDI_URL))
    except CybercheckError as error:
        click.echo(error.plain, err=True)
        if getattr(error.plain, "key", "") not in SAYS_KEPT:
            click.echo(text("cybercheck.indicators-kept"), err=True)
        raise SystemExit(int(ExitCode.INCOMPLETE)) from None
    counts = result.counts
    click.echo(text("cybercheck.indicators-installed", version=result.version))
    click.echo(
        text(
            "cybercheck.indicators-installed-counts",
            stalkerware=counts["stalkerware"],
            watchware=counts["watchware"],
            packages=counts["packages"],
            certificates=counts["certificates"],
        )
    )
    for name, version in result.companions.items():
        click.echo(f"{name}: {version}")
    click.echo(text("cybercheck.indicators-saved-in", folder=result.folder))
    if result.previous:
        click.echo(text("cybercheck.indicators-replaced-kept", folder=result.previous))
