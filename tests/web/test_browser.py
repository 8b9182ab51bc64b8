"""The check-up in a real headless Chromium (Debian's, driven by Playwright): a whole guided session,
the finding with its caution, saving and sealing, quick exit, the idle lock, a cross-site form,
reading without JavaScript, an accessibility scan of each page, and screenshots at two widths."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cybercheck.context import RunEnv
from cybercheck.secrets import Secret
from tests.conftest import require_server
from tests.web.test_pages import HOSTS_EXAMPLE

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTS = Path(__file__).parent / "artefacts"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}

pytestmark = pytest.mark.needs_server("chromium")


@pytest.fixture(scope="module")
def browser_context() -> Iterator[object]:
    require_server("axe-core (npm install --prefix tests/web axe-core)", AXE.is_file())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=FLAGS, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15000)
        yield context
        context.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[object]:
    from cybercheck.web.server import start_server
    from cybercheck.web.visit import Settings

    running = start_server(Settings(base_env=RunEnv(country="GB", offline=True), browse_home=tmp_path), background=True)
    yield running
    running.stop()


def check_page(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """No serious accessibility violation (axe-core), and a screenshot at each width."""
    page.wait_for_load_state("load")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in found if v["impact"] in ("serious", "critical")]
    assert not serious, f"{name}: {json.dumps(serious)}"
    ARTEFACTS.mkdir(exist_ok=True)
    for width, (w, h) in WIDTHS.items():
        page.set_viewport_size({"width": w, "height": h})
        page.screenshot(path=str(ARTEFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def choose(page, *labels: str) -> None:  # type: ignore[no-untyped-def]
    for label in labels:
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Next").click()


def answer_running_questions(page, choice: str) -> None:  # type: ignore[no-untyped-def]
    """Answer each question a guided check puts to the running page, until it leaves that page."""
    while True:
        page.wait_for_url(re.compile(r"/(running|guide)"))
        if "/running" not in page.url:
            return
        question = page.get_by_role("button", name="Answer", exact=True)
        try:
            question.wait_for(timeout=5000)
        except Exception:  # noqa: BLE001, S112 - the check ended and the page moved on
            continue
        page.get_by_label(choice, exact=True).check()
        question.click()


def test_a_guided_check_up_in_chromium(browser_context, server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser_context.new_page()
    page.goto(server.url)
    assert page.url.endswith("/")  # the token is gone from the address
    assert "erases nothing" in page.content() or "does not erase anything" in page.content()
    check_page(page, "start")
    page.get_by_role("button", name="Begin the check-up").click()
    page.wait_for_url(re.compile("/guide"))
    page.get_by_text("Is it safe to talk now?").wait_for()
    check_page(page, "question")
    choose(page, "Yes, it is safe to talk now")
    choose(page, "No")
    page.get_by_role("button", name="Skip this question").click()
    page.get_by_label(re.compile("Which country")).fill("GB")
    page.get_by_role("button", name="Next").click()
    choose(page, "They know what I search for or do online")
    choose(page, "A computer (Windows, Mac or Linux)")
    choose(page, "Google or Gmail")
    choose(page, "None of these")
    page.get_by_role("button", name="Run this check").wait_for()
    check_page(page, "offer")
    page.get_by_role("button", name="Run this check").click()
    page.wait_for_url(re.compile("/running"))
    page.get_by_role("button", name="Answer", exact=True).wait_for()
    check_page(page, "running")
    answer_running_questions(page, "No, everything there is mine or expected")
    assert "Result: Google Account" in page.content()

    while "hosts file" not in page.locator("h1").inner_text():
        page.get_by_role("button", name="Skip it for now").click()
    page.get_by_label("Hosts (optional)").fill(str(HOSTS_EXAMPLE))
    page.get_by_role("button", name="Run this check").click()
    page.wait_for_url(re.compile("/(guide|results)"))  # the hosts check is the last one proposed here
    result = page.locator(".last-result")
    result.get_by_text("This computer sends a sign-in site to a different server").wait_for()
    assert result.locator(".caution").first.is_visible()  # the caution is set apart, not folded away
    assert not result.locator("details").first.evaluate("d => d.open")  # evidence folded away

    if "/results" not in page.url:
        page.get_by_role("button", name="Stop here and see the summary").click()
        page.wait_for_url(re.compile("/results"))
    assert "Summary of the check-up" in page.content()
    check_page(page, "results")

    page.get_by_role("link", name="Save the report").click()
    folder = tmp_path / "saved"
    folder.mkdir()
    page.get_by_label("Folder").fill(str(folder))
    page.get_by_label("Seal the report").check()
    page.get_by_label(re.compile("^Passphrase")).fill("a long passphrase")
    page.get_by_label("The same passphrase again").fill("a long passphrase")
    check_page(page, "save")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text(str(folder / "cybercheck-report.html.zip")).wait_for()
    from cybercheck.sealing import open_archive

    members = open_archive((folder / "cybercheck-report.html.zip").read_bytes(), Secret("a long passphrase"))
    assert "sends a sign-in site" in members["cybercheck-report.html"].decode("utf-8")

    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(re.compile("/away"))
    assert page.title() == "New Tab" and page.locator("body").inner_text().strip() == ""
    page.go_back()
    assert "sends a sign-in site" not in page.content()
    page.goto(server.guard.origin + "/results")
    assert "/locked" in page.url
    check_page(page, "locked")
    page.get_by_label(re.compile("Unlock code")).fill(server.guard.unlock)
    page.get_by_role("button", name="Unlock").click()
    page.goto(server.guard.origin + "/results")
    assert "sends a sign-in site" in page.content()

    server.guard.idle_seconds = 1.5  # the page reads it when it loads
    page.reload()
    page.wait_for_url(re.compile("/locked"), timeout=10000)
    assert "sends a sign-in site" not in page.content()
    page.close()


def test_refused_from_elsewhere_and_readable_without_javascript(browser_context, server) -> None:  # type: ignore[no-untyped-def]
    origin = server.guard.origin
    page = browser_context.new_page()
    assert page.goto(origin + "/").status == 403  # no token, no cookie
    page.goto(server.url)
    page.get_by_role("button", name="Begin the check-up").wait_for()
    # A page from another origin posts a form to the app: the browser sends no cookie, the app refuses it.
    attacker = browser_context.new_page()
    attacker.set_content(f'<form method="post" action="{origin}/guide"><input name="action" value="begin"></form>')
    with attacker.expect_navigation():
        attacker.evaluate("document.forms[0].submit()")
    assert "refused" in attacker.content() or "link cybercheck serve printed" in attacker.content()
    assert server.visit.session is None if hasattr(server, "visit") else True
    attacker.close()
    # The results page and the printable report read without JavaScript.
    page.get_by_role("button", name="Begin the check-up").click()
    page.get_by_role("button", name="Stop here and see the summary").click()
    cookies = browser_context.cookies()
    page.close()
    plain = browser_context.new_page()
    plain.route("**/static/app.js", lambda route: route.abort())  # the app's only script never runs
    plain.goto(origin + "/results")
    assert "Who you can call" in plain.content()
    assert cookies and all(c["httpOnly"] and c["sameSite"] == "Strict" for c in cookies if c["name"].startswith("cybercheck-"))
    plain.goto(origin + "/report")
    assert "cybercheck findings report" in plain.content()
    plain.close()
