"""The one place that turns what happened into an exit status and a plain message."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import click

from cybercheck.errors import CybercheckError
from cybercheck.exit_codes import ExitCode


def run_standalone(group: click.Group, args: list[str] | None = None) -> int:
    """Run the CLI and return its exit status; click's own habit of exiting 1 is overridden."""
    try:
        result = group.main(args=args, prog_name="cybercheck", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("\n" + _stopped(), err=True)
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


def finish(code: int) -> None:
    """Exit with `code`, without waiting for threads left running.

    After Ctrl-C, checks left running are not waited for; nor is a plugin's thread, or a server
    still dribbling an answer, once the report is done.
    """
    import threading

    others = [t for t in threading.enumerate() if t is not threading.main_thread()]
    if code == ExitCode.INTERRUPTED or any(t.is_alive() and not t.daemon for t in others):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


@contextmanager
def stop_in_two_steps(stopping: str) -> Iterator[None]:
    """The first Ctrl-C says `stopping` and interrupts the run; a second one ends the program at once.

    After the first, the second-press handler stays for the rest of the program, so finishing
    the report can itself be cut short without a traceback.
    """
    if threading_is_not_main():
        yield
        return
    pressed = False
    stopped = f"\n{_stopped()}\n".encode()  # made now: a signal handler writes it as it is

    def at_once(_signum: int, _frame: FrameType | None) -> None:
        os.write(2, stopped)
        os._exit(ExitCode.INTERRUPTED)

    def first(_signum: int, _frame: FrameType | None) -> None:
        nonlocal pressed
        pressed = True
        signal.signal(signal.SIGINT, at_once)
        click.echo(f"\n{stopping}", err=True)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, first)
    try:
        yield
    finally:
        if not pressed:
            signal.signal(signal.SIGINT, previous)


def _stopped() -> str:
    from cybercheck.pipeline.words import text

    return text("cybercheck.stopped")


def threading_is_not_main() -> bool:
    """Signal handlers can only be set from the main thread (tests may run commands elsewhere)."""
    import threading

    return threading.current_thread() is not threading.main_thread()
