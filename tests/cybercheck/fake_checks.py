"""Throwaway checks for engine tests, registered through fake entry points by `fake_plugins`."""

from __future__ import annotations

import _thread
import time
from collections.abc import Iterator

from cybercheck.pipeline.check import Area, Check, Need
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.model import Evidence, Finding, Severity


class Quiet(Check):
    """Looks at one thing and finds nothing."""

    id = "test.quiet"
    title = "A check that finds nothing"
    area = Area.DEVICES
    looks_at = "nothing real"

    def run(self, ctx: Context) -> Iterator[Finding]:
        ctx.looked_at("one example thing")
        return iter(())


class Finds(Check):
    """Finds one serious thing."""

    id = "test.finds"
    title = "A check that finds something"
    area = Area.ACCOUNTS
    looks_at = "nothing real"

    def run(self, ctx: Context) -> Iterator[Finding]:
        ctx.looked_at("one example thing")
        yield Finding(
            "computer.hosts.redirected-signin",
            Severity.HIGH,
            "Google (accounts.google.com) is sent to 203.0.113.66",
            (Evidence("test", fields={"line": "1"}),),
        )


class Raises(Check):
    """Crashes."""

    id = "test.raises"
    title = "A check that crashes"
    area = Area.DEVICES
    looks_at = "nothing real"

    def run(self, ctx: Context) -> Iterator[Finding]:
        ctx.looked_at("half of it")
        raise RuntimeError("boom")


class Hangs(Check):
    """Never finishes."""

    id = "test.hangs"
    title = "A check that hangs"
    area = Area.DEVICES
    looks_at = "nothing real"

    def run(self, ctx: Context) -> Iterator[Finding]:
        ctx.looked_at("the first part")
        time.sleep(3600)
        return iter(())


class SilentlyStops(Check):
    """Returns without saying what it looked at."""

    id = "test.silent"
    title = "A check that says nothing"
    area = Area.DEVICES
    looks_at = "nothing real"

    def run(self, ctx: Context) -> Iterator[Finding]:
        return iter(())


class NeedsInput(Check):
    """Needs an input."""

    id = "test.needs"
    title = "A check that needs a file"
    area = Area.DEVICES
    looks_at = "a file"
    needs = (Need.input("thing", how="Give the file with --input thing=FILE."),)

    def run(self, ctx: Context) -> Iterator[Finding]:
        ctx.looked_at(f"the file {ctx.input_path('thing')}")
        return iter(())


class UsesSecret(Check):
    """Sends a secret to a local server as a header."""

    id = "test.secret"
    title = "A check that uses a stored key"
    area = Area.ACCOUNTS
    looks_at = "a local server"
    needs = (Need.secret("testkey", "Store it with: cybercheck login testkey"),)

    def run(self, ctx: Context) -> Iterator[Finding]:
        from cybercheck.net import request

        key = ctx.secret("testkey")
        url = ctx.endpoint("testservice", "https://example.invalid") + "/thing"
        request(ctx.http, "GET", url, service="the test service", headers={"x-key": key.reveal()})
        ctx.looked_at("one answer from the test service")
        return iter(())


class Interrupts(Check):
    """Presses Ctrl-C on the run."""

    id = "test.interrupts"
    title = "A check during which the person presses Ctrl-C"
    area = Area.DEVICES
    looks_at = "nothing real"

    def run(self, ctx: Context) -> Iterator[Finding]:
        ctx.looked_at("the first part")
        _thread.interrupt_main()
        time.sleep(30)
        return iter(())


class BadId(Check):
    """Its id does not match its entry point."""

    id = "test.other-name"
    title = "Misregistered"
    area = Area.DEVICES
    looks_at = "nothing"

    def run(self, ctx: Context) -> Iterator[Finding]:
        return iter(())
