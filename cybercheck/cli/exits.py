"""The one place that turns what happened into an exit status and a plain message."""

from __future__ import annotations

import sys

import click

from cybercheck.errors import CybercheckError
from cybercheck.exit_codes import ExitCode


def run_standalone(group: click.Group, args: list[str] | None = None) -> int:
    """Run the CLI and return its exit status; click's own habit of exiting 1 is overridden."""
    try:
        result = group.main(args=args, prog_name="cybercheck", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("\nStopped.", err=True)
        return ExitCode.INTERRUPTED
    except KeyboardInterrupt:
        click.echo("\nStopped.", err=True)
        return ExitCode.INTERRUPTED
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return ExitCode.USAGE
    except CybercheckError as error:
        click.echo(error.plain, err=True)
        if error.detail and "--verbose" in (args if args is not None else sys.argv):
            click.echo(error.detail, err=True)
        return ExitCode.USAGE
    return int(result) if isinstance(result, int) else ExitCode.CLEAN
