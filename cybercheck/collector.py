"""Python's cycle collector held off while a reader builds many objects that all stay in use.

The collector runs after every 700 new container objects and walks the young ones each time,
and the older ones every so often. Reading a 50,000-line log or a bundle of 5,000 indicators
makes hundreds of thousands of objects that form no cycles to free, so the walks find nothing
and cost about a tenth of such a run. Uses may nest and overlap across threads: the collector
runs again when the last one ends (if it was on before).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_on = False


@contextmanager
def held_off() -> Iterator[None]:
    """No automatic collection inside the block (see the module's note)."""
    global _holders, _was_on  # one collector per process, so one count
    with _lock:
        if _holders == 0:
            _was_on = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_on:
                gc.enable()
