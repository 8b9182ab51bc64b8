"""'It is not safe to talk now' in a real headless Chromium: the numbers at once, quick exit, nothing else."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cybercheck.pipeline.context import RunEnv, RunSettings

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.needs_server("chromium")


@pytest.fixture(scope="module")
def browser_context() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(15000)
        yield context
        context.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[object]:
    from cybercheck.web.server import start_server
    from cybercheck.web.visit import Settings

    running = start_server(
        Settings(base_env=RunEnv(RunSettings(country=None, offline=True)), browse_home=tmp_path), background=True
    )
    yield running
    running.stop()


def test_not_safe_asks_the_country_then_shows_only_who_to_call(browser_context, server) -> None:  # type: ignore[no-untyped-def]
    page = browser_context.new_page()
    page.goto(server.url)
    assert "call your local emergency number" in page.content()  # before any question
    page.get_by_role("button", name="Begin the check-up").click()
    page.get_by_text("Is it safe to talk now?").wait_for()
    page.get_by_label("No, not now").check()
    page.get_by_role("button", name="Next").click()
    page.wait_for_url(re.compile("/not-safe"))
    assert page.get_by_role("heading", name="Stopped. Nothing was saved.").is_visible()
    page.get_by_label(re.compile("Which country are you in")).fill("Deutschland")
    page.get_by_role("button", name="Next").click()
    page.get_by_text("If you are in danger now, call:").wait_for()
    assert page.locator('a[href="tel:112"]').count() >= 1
    assert page.locator('a[href="tel:110"]').count() >= 1
    assert page.locator('a[href="tel:116016"]').count() == 1
    text = page.inner_text("main")
    for offered in ("things found", "Save", "summary"):
        assert offered not in text
    assert page.locator("nav").count() == 0  # no steps to go on to
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(re.compile("/away"))
    page.close()
