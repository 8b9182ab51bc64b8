"""The command line: thin click commands. The only place that prints, prompts or exits."""

from __future__ import annotations

import os
import sys
import threading

from cybercheck.cli.root import cli


def main() -> None:
    """Entry point of the `cybercheck` command."""
    from cybercheck.cli.exits import run_standalone

    status = run_standalone(cli)
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        # A plugin's thread, or a server still dribbling an answer, must not keep cybercheck running
        # once its report is done: leave without waiting for them.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)
