"""Helper processes: a long record's work shared with other cores (reading in parallel.py, writing in
output/log.py).

A helper is a fresh Python interpreter running `serve`: never a fork of this process (whose threads,
in the web app, may hold locks), and it does not run the program's main script again as
multiprocessing's spawn would. It is given a job and its work on standard input and writes its
result on standard output, both pickled (both ends are this program). It runs in a session of its
own, so Ctrl-C in the terminal reaches only the first process, which ends its helpers; its errors go
nowhere, since whatever a helper fails at is done again in the first process, where the same error
is met and told as every error is.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from contextlib import suppress
from importlib import import_module
from typing import Any

# What a job name runs in the helper: "module:function", called with the work it was given.
JOBS = {
    "read": "checks.timeline.parallel:read_share",
    "write": "checks.timeline.output.log:write_half",
}
# The helper's program: this program's import path first (passed as arguments), then `serve`.
_PROGRAM = "import sys; sys.path[:0] = sys.argv[1:]; from checks.timeline.helper import serve; serve()"

Helper = subprocess.Popen[bytes]


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def start(job: str, work: object) -> Helper | None:
    """A helper doing `job` with `work`, `result` gives what it did; None when no helper could be
    started (no Python to start, no processes left), and the work is done here."""
    from cybercheck.secrets import without_secrets

    try:
        helper = subprocess.Popen(
            [sys.executable, "-c", _PROGRAM, *sys.path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=os.name == "posix",
            env=without_secrets(dict(os.environ)),  # a helper reads and writes files: it needs no secret
        )
    except (OSError, ValueError):  # ValueError: an embedded Python may have no sys.executable
        return None
    assert helper.stdin is not None
    with suppress(OSError):  # a helper that could not start gives no result, and the work is done here
        pickle.dump((job, work), helper.stdin, protocol=pickle.HIGHEST_PROTOCOL)
    with suppress(OSError):
        helper.stdin.close()
    return helper


def result(helper: Helper | None) -> Any | None:
    """What the helper did, once it has ended; None when it ended without finishing."""
    if helper is None:
        return None
    assert helper.stdout is not None
    data = helper.stdout.read()
    if helper.wait() != 0 or not data:
        return None
    try:
        return pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError, ImportError):
        return None


def end(helper: Helper | None) -> None:
    """Stop the helper if it is still working, and wait for it."""
    if helper is None:
        return
    if helper.poll() is None:
        helper.kill()
    helper.wait()
    if helper.stdout is not None:
        helper.stdout.close()


def serve() -> None:
    """In a helper: do the job given on standard input and write back its result."""
    try:
        job, work = pickle.load(sys.stdin.buffer)
        module, name = JOBS[job].split(":")
        done = getattr(import_module(module), name)(work)
        data = pickle.dumps(done, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001  # the first process does the work again itself
        sys.exit(1)
    with suppress(OSError):  # the first process has given up on this one
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
