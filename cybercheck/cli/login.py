"""`cybercheck login NAME` and `cybercheck logout NAME`: secrets kept only in the system keyring."""

from __future__ import annotations

from importlib.metadata import entry_points

import click

from cybercheck.pipeline.words import text
from cybercheck.secrets import NoKeyring, SecretStore

# Sign-in flows that need more than a typed secret come from plugins, like checks.
LOGIN_GROUP = "cybercheck.logins"


@click.command()
@click.argument("name")
@click.option(
    "--input",
    "inputs",
    multiple=True,
    metavar="NAME=VALUE",
    help="Settings for the sign-in flow (client id ...).",
)
@click.option(
    "--endpoint", "endpoints", multiple=True, metavar="NAME=URL", help="Use another address for a service."
)
def login(name: str, inputs: tuple[str, ...], endpoints: tuple[str, ...]) -> None:
    """Store a password, key or sign-in as NAME (for example hibp, imap, gmail, outlook).

    It is kept in the system keyring only, never in a file.
    """
    from cybercheck.cli.asker import TerminalAsker
    from cybercheck.cli.options import build_env

    store = SecretStore()
    try:
        store.check_keyring()  # before anything is typed, so that nothing is asked for in vain
    except NoKeyring as error:
        click.echo(error.plain, err=True)
        click.echo(text("cybercheck.login-nothing-asked"), err=True)
        return
    flows = entry_points(group=LOGIN_GROUP, name=name)
    if flows:
        env, _ = build_env(
            inputs=inputs,
            endpoints=endpoints,
            nameservers=(),
            country=None,
            offline=False,
            timeout=30.0,
            config_path=None,
            ioc_files=(),
            baseline_path=None,
        )
        flow = next(iter(flows)).load()
        secret = flow(env, click.echo)
    else:
        secret = TerminalAsker().ask_hidden(text("cybercheck.login-prompt", name=name))
        if not secret:
            click.echo(text("cybercheck.login-nothing-typed"), err=True)
            return
    try:
        store.set(name, secret)
    except NoKeyring as error:
        click.echo(error.plain, err=True)
        click.echo(text("cybercheck.login-not-saved"), err=True)
        return
    click.echo(text("cybercheck.login-stored", name=name), err=True)


@click.command()
@click.argument("name")
def logout(name: str) -> None:
    """Remove what `cybercheck login NAME` stored."""
    try:
        removed = SecretStore().delete(name)
    except NoKeyring:
        click.echo(text("cybercheck.logout-no-keyring"), err=True)
        return
    click.echo(
        text("cybercheck.logout-removed" if removed else "cybercheck.logout-nothing", name=name), err=True
    )
