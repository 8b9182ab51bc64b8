"""The check-up in a real headless Chromium (Debian's, driven by Playwright): a whole guided session,
the finding with its caution, saving and sealing, quick exit, the idle lock, a cross-site form,
reading without JavaScript, an accessibility scan of each page, and screenshots at two widths."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cybercheck.advice import advice_for
from cybercheck.pipeline.context import RunEnv
from cybercheck.secrets import Secret
from tests.conftest import require_server

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTS = Path(__file__).parent / "artefacts"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
# The headlines as the advice words them.
STALKERWARE = advice_for("android.app.stalkerware").title
HIDES_SECURITY = advice_for("mail.rule.hides-security").title
EXAMPLES = Path(__file__).parents[2] / "checks"

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
def downloads(tmp_path: Path) -> Path:
    """A Downloads folder holding what a worker would have: an AndroidQF acquisition and an unpacked Takeout."""
    folder = tmp_path / "home" / "Downloads"
    shutil.copytree(EXAMPLES / "android" / "examples" / "androidqf", folder / "androidqf-pixel")
    # One Takeout with both the sign-in history and the Gmail settings, as Google makes it when both are asked for.
    takeout = folder / "takeout-20261130"
    shutil.copytree(EXAMPLES / "sessions" / "examples" / "takeout", takeout)
    shutil.copytree(EXAMPLES / "mail" / "examples" / "takeout" / "Takeout" / "Mail", takeout / "Takeout" / "Mail")
    return folder


@pytest.fixture
def server(tmp_path: Path) -> Iterator[object]:
    from cybercheck.web.server import start_server
    from cybercheck.web.visit import Settings

    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    running = start_server(Settings(base_env=RunEnv(country="GB", offline=True), browse_home=home), background=True)
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
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(ARTEFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def readme_pictures(page, finding) -> None:  # type: ignore[no-untyped-def]
    """The README's pictures of the results: the stalkerware finding on a desktop, the top of the page on a phone."""
    page.set_viewport_size({"width": 1280, "height": 900})
    finding.evaluate("f => { f.scrollIntoView(); window.scrollBy(0, -16); }")
    page.screenshot(path=str(ARTEFACTS / "readme-results-desktop.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTEFACTS / "readme-results-phone.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def choose(page, *labels: str) -> None:  # type: ignore[no-untyped-def]
    for label in labels:
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Next").click()


def offered(page) -> str:  # type: ignore[no-untyped-def]
    """The title of the check the page offers now."""
    page.get_by_role("button", name="Run this check", exact=True).wait_for()
    return page.locator("h1").inner_text()


def skip_until(page, title: str) -> None:  # type: ignore[no-untyped-def]
    while offered(page) != title:
        page.get_by_role("button", name="Skip it for now").click()


def answer_running_questions(page, choose_for) -> list[str]:  # type: ignore[no-untyped-def]
    """Answer each question a check puts to the running page (`choose_for(text)` picks the label) until it ends."""
    asked = []
    while True:
        page.wait_for_url(re.compile(r"/(running|guide|results)"))
        if "/running" not in page.url:
            return asked
        button = page.get_by_role("button", name="Answer", exact=True)
        try:
            button.wait_for(timeout=5000)
        except Exception:  # noqa: BLE001, S112 - the check ended and the page moved on
            continue
        text = page.locator("legend").first.inner_text()
        asked.append(text)
        page.get_by_label(choose_for(text), exact=True).check()
        button.click()


def browse_to_folder(page, field: str, *names: str) -> None:  # type: ignore[no-untyped-def]
    """Open the file chooser for a field and choose the folder reached through `names` from Downloads."""
    page.get_by_role("button", name=f"Browse this computer for {field}").click()
    page.wait_for_url(re.compile("/browse"))
    page.get_by_role("navigation", name="Places on this computer").get_by_role("button", name="Downloads").click()
    for name in names:
        page.get_by_role("button", name=name, exact=True).click()
    assert "Downloads" not in page.url and names[-1] not in page.url  # paths never go into the address
    page.get_by_role("button", name="Choose this folder").click()
    page.wait_for_url(re.compile("/guide"))


def test_a_guided_check_up_with_a_phone_and_a_takeout(browser_context, server, downloads: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser_context.new_page()
    page.goto(server.url)
    assert page.url.endswith("/")  # the token is gone from the address
    assert "It does not erase anything" in page.content()
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
    choose(page, "They always know where I am", "They know what I say in messages or calls")
    choose(page, "An Android phone or tablet")
    choose(page, "Google or Gmail")
    choose(page, "Had the phone or computer in their hands")

    # A guided check: its questions are put to the running page.
    assert offered(page) == "Google Account devices, third-party access and recovery"
    check_page(page, "offer")
    page.get_by_role("button", name="Run this check", exact=True).click()
    page.wait_for_url(re.compile("/running"))
    page.get_by_role("button", name="Answer", exact=True).wait_for()
    check_page(page, "running-question")
    answer_running_questions(page, lambda text: "No, everything there is mine or expected")
    assert "Result: Google Account" in page.content()

    # The Takeout, chosen with the file chooser: sign-ins, with the client asked about each device.
    skip_until(page, "Google sign-ins, devices and recovery details, from a Takeout")
    page.get_by_role("button", name="Browse this computer for The Google Takeout export").click()
    page.get_by_role("navigation", name="Places on this computer").get_by_role("button", name="Downloads").click()
    page.get_by_role("button", name="Choose takeout-20261130").wait_for()
    assert "Downloads" not in page.url  # the folder shown is not in the address (nor in the history)
    check_page(page, "browse")
    page.get_by_role("button", name="Choose takeout-20261130").click()
    assert page.get_by_label("The Google Takeout export").input_value() == str(downloads / "takeout-20261130")
    check_page(page, "offer-with-input")
    page.get_by_role("button", name="Run this check", exact=True).click()
    asked = answer_running_questions(page, lambda text: "No" if "Windows computer" in text else "Yes")
    assert any("Do you recognise this device" in q for q in asked) and any("Norway" in q for q in asked)
    assert "Result: Google sign-ins" in page.content()

    # The same Takeout is offered to the Gmail check; it can be changed, and is read as it is.
    skip_until(page, "Gmail filters and forwarding in a Google Takeout export")
    assert page.get_by_label("The Google Takeout export").input_value() == str(downloads / "takeout-20261130")
    page.get_by_role("button", name="Run this check", exact=True).click()
    answer_running_questions(page, lambda text: "No")
    page.locator(".last-result").get_by_text(HIDES_SECURITY).wait_for()

    # A check that needs a password shows a password field, never a plain one.
    skip_until(page, "Mail filters kept on the mail server")
    assert page.get_by_label("The mailbox password").get_attribute("type") == "password"

    # The phone: the AndroidQF acquisition folder, chosen inside the file chooser.
    skip_until(page, "Stalkerware and monitoring apps on an Android phone")
    browse_to_folder(page, "The Android phone", "androidqf-pixel")
    page.get_by_role("button", name="Run this check", exact=True).click()
    page.wait_for_url(re.compile("/(guide|results)"))  # the phone is the last check proposed here
    page.wait_for_url(re.compile("/results"))
    page.get_by_role("link", name=re.compile(re.escape(STALKERWARE))).click()  # at a glance
    finding = page.locator("#found article.finding, section[aria-labelledby=found] article.finding",
                           has_text=STALKERWARE)
    finding.wait_for()
    assert finding.get_by_text("Cocospy (com.duiyun.cocospy)").is_visible()
    caution = finding.locator(".caution").first
    assert caution.is_visible() and "Before you do this" in caution.inner_text()  # set apart, not folded away
    styles = caution.evaluate("c => [getComputedStyle(c).backgroundColor, getComputedStyle(c).borderLeftStyle]")
    assert styles[0] != "rgba(0, 0, 0, 0)" and styles[1] == "solid"
    assert not finding.locator("details").evaluate("d => d.open")  # the evidence folded away
    assert "Summary of the check-up" in page.content()
    assert page.get_by_role("button", name="Go back to the skipped checks").is_visible()
    check_page(page, "results")
    readme_pictures(page, finding)

    page.get_by_role("link", name="Save the report").first.click()
    folder = tmp_path / "saved"
    folder.mkdir()
    page.get_by_label("Folder").fill(str(folder))
    page.get_by_label("File name").fill("check-up")
    page.get_by_label("Seal the report").check()
    page.get_by_label(re.compile("^Passphrase")).fill("a long passphrase")
    page.get_by_label("The same passphrase again").fill("a long passphrase")
    check_page(page, "save")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text(str(folder / "check-up.html.zip")).wait_for()
    from cybercheck.casework.sealing import open_archive

    blob = (folder / "check-up.html.zip").read_bytes()
    assert b"Cocospy" not in blob
    members = open_archive(blob, Secret("a long passphrase"))
    assert set(members) == {"check-up.html", "report.json"}
    assert STALKERWARE in members["check-up.html"].decode("utf-8")
    assert "a long passphrase" not in page.content()

    page.get_by_role("link", name="Helplines").click()
    check_page(page, "helplines")
    page.get_by_role("link", name="Cases").click()
    check_page(page, "cases")

    page.keyboard.press("Escape")  # quick exit from the keyboard, as from the button
    page.wait_for_url(re.compile("/away"))
    assert page.title() == "New Tab" and page.locator("body").inner_text().strip() == ""
    page.go_back()
    assert "Cocospy" not in page.content()
    page.goto(server.guard.origin + "/results")
    assert "/locked" in page.url
    check_page(page, "locked")
    page.get_by_label(re.compile("Unlock code")).fill(server.guard.unlock)
    page.get_by_role("button", name="Unlock").click()
    page.goto(server.guard.origin + "/results")
    assert "Cocospy" in page.content()

    server.guard.idle_seconds = 1.5  # the page reads it when it loads
    page.reload()
    page.wait_for_url(re.compile("/locked"), timeout=10000)
    assert "Cocospy" not in page.content()
    page.close()


def test_refused_from_elsewhere_and_readable_without_javascript(browser_context, server) -> None:  # type: ignore[no-untyped-def]
    origin = server.guard.origin
    page = browser_context.new_page()
    # No token, no cookie: the address leads to the unlock page, which shows nothing of the check-up.
    first = page.goto(origin + "/")
    assert first.url.endswith("/locked") and "Unlock code" in page.content()
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
