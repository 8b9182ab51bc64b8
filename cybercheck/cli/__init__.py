"""The command line: thin click commands. The only place that prints, prompts or exits."""

from __future__ import annotations

from cybercheck.cli.root import cli


def main() -> None:
    """Entry point of the `cybercheck` command."""
    from cybercheck.cli.exits import finish, run_standalone

    finish(run_standalone(cli))
