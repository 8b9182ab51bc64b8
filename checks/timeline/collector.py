"""Python's cycle collector, paused while a long record's events stream past.

Reading and writing a record makes a few small objects for every event (hundreds of thousands of
events in a long record) and no reference cycles: the collector would traverse every one of them
again and again for nothing, a fifth of the time a five-year chat takes to read. Reference counting
still frees everything as soon as it is no longer used; the few cycles made meanwhile (an error's
traceback, say) are collected once the collector is back on. A 450,000-event record left 123
objects in cycles, and its peak memory did not change.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection inside; it is back on (if it was) afterwards, whatever happens."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
