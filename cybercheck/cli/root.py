"""The `cybercheck` command group. Subcommands are imported only when used, so --help stays fast."""

from __future__ import annotations

import importlib

import click

from cybercheck.version import __version__

EXIT_STATUS_HELP = """\b
Exit status of `cybercheck scan`:
  0  every selected check ran fully and found nothing at or above --fail-on
  1  something at or above --fail-on was found
  2  a wrong flag, input or config file
  3  nothing found, but a selected check was incomplete, failed or not run
  130  stopped with Ctrl-C"""

# name -> module:attribute, imported when the command is called
SUBCOMMANDS: dict[str, str] = {
    "scan": "cybercheck.cli.scan:scan",
    "demo": "cybercheck.cli.demo:demo",
    "checks": "cybercheck.cli.checks:checks",
    "login": "cybercheck.cli.login:login",
    "logout": "cybercheck.cli.login:logout",
    "helplines": "cybercheck.cli.helplines:helplines",
    "indicators": "cybercheck.cli.indicators:indicators",
    "report": "cybercheck.cli.report:report",
    "guide": "cybercheck.cli.guide:guide",
    "case": "cybercheck.cli.case:case",
    "evidence": "cybercheck.cli.evidence:evidence",
    "diary": "cybercheck.cli.diary:diary",
    "serve": "cybercheck.cli.serve:serve",
    "timeline": "cybercheck.cli.timeline:timeline",
    "sweep": "cybercheck.cli.sweep:sweep",
}
# name -> the one-line help --help shows without importing the command (click's help text, not words)
SUBCOMMANDS_HELP: dict[str, str] = {
    "scan": "Run checks and show (or save) a findings report.",
    "demo": "Run every check on a made-up example case, offline.",
    "checks": "List the checks, or explain one.",
    "login": "Store a password, key or sign-in in the system keyring.",
    "logout": "Remove a stored password, key or sign-in.",
    "helplines": "Show helplines and emergency numbers.",
    "indicators": "Show or update the stalkerware indicator list.",
    "report": "Show a saved or sealed report again, or verify its evidence.",
    "guide": "Go through a guided check-up with a client, step by step.",
    "case": "Keep a client's sessions under a case reference, sealed.",
    "evidence": "Record screenshots and files into a case.",
    "diary": "Keep an incident diary in a case, and export it.",
    "serve": "Open the check-up in a web browser on this computer.",
    "timeline": "Put messages, calls and mail from one person on a dated, signed record.",
    "sweep": "Listen for item trackers (AirTags ...) that stay with you, place by place.",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported when they are called, not when help is shown."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(SUBCOMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.commands:
            return self.commands[name]
        if name not in SUBCOMMANDS:
            return None
        module, _, attribute = SUBCOMMANDS[name].partition(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUBCOMMANDS_HELP[name]) for name in sorted(SUBCOMMANDS)]
        rows += [
            (n, c.get_short_help_str()) for n, c in sorted(self.commands.items()) if n not in SUBCOMMANDS
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_STATUS_HELP)
@click.version_option(__version__, prog_name="cybercheck")
def cli() -> None:
    """Check accounts and devices for signs that someone is watching or tracking you.

    If you are in danger now, call your emergency number. If you think this device is
    being watched, consider running cybercheck from a safer one.
    """
