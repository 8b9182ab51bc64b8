"""The command line: thin click commands. The only place that prints, prompts or exits."""

from __future__ import annotations

import sys

from cybercheck.cli.root import cli


def main() -> None:
    """Entry point of the `cybercheck` command."""
    from cybercheck.cli.exits import run_standalone

    sys.exit(run_standalone(cli))
