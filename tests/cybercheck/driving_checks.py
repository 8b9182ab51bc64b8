"""Checks for the session-driving tests: one that waits until it is let go, one that says which input it read."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from cybercheck.pipeline.check import Area, Check, Need
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.model import Finding

started = threading.Event()
release = threading.Event()


class Waiting(Check):
    """Waits until the test lets it go, so that the test can act while it runs."""

    id = "android.device"
    title = "A check that waits"
    area = Area.DEVICES
    looks_at = "nothing real"

    def run(self, ctx: Context) -> Iterator[Finding]:
        started.set()
        release.wait(10)
        ctx.looked_at("one made-up thing")
        return iter(())


class Reads(Check):
    """Says which values of its input it was given."""

    id = "android.device"
    title = "A check that reads its input"
    area = Area.DEVICES
    looks_at = "its input"
    needs = (Need.input("android", how="Give a phone."),)

    def run(self, ctx: Context) -> Iterator[Finding]:
        ctx.looked_at("read " + " and ".join(ctx.inputs("android")))
        return iter(())
