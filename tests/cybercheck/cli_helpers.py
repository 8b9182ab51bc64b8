"""Running the real CLI entry point in-process, with its exit status as main() would give it."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner

from cybercheck.cli.exits import run_standalone
from cybercheck.cli.root import cli


@dataclass
class Ran:
    """What a command printed and its exit status."""

    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, input: str | None = None) -> Ran:
    """Run `cybercheck ARGS` as main() does, capturing both streams."""
    runner = CliRunner()
    holder: dict[str, int] = {}

    def entry() -> None:
        holder["code"] = run_standalone(cli, list(args))

    import click

    command = click.Command("cybercheck", callback=entry)
    result = runner.invoke(command, [], input=input, catch_exceptions=False)
    return Ran(holder.get("code", -1), result.stdout, result.stderr)
