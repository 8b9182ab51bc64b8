"""The printed report (HTML printed to PDF by headless Chromium, as a browser's "Save as PDF" does):
A4, the at-a-glance list first, findings most serious first, every SHA-256 and the versions in
full, no heading left at the foot of a page, and the demo report in at most 20 pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cybercheck.pipeline.model import Severity
from cybercheck.report.json_report import read_report
from tests.cybercheck.cli_helpers import run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
# Chromium and poppler-utils (pdftotext, pdfinfo): a skip where missing, a failure in CI.
pytestmark = [pytest.mark.needs_server("chromium"), pytest.mark.needs_server("pdftotext"), pytest.mark.needs_server("pdfinfo")]
MAX_PAGES = 20


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict[str, str], object]:
    """The demo report printed to PDF: the text of each page, pdfinfo's fields, and the report itself."""
    folder = tmp_path_factory.mktemp("printed")
    html, data = folder / "demo.html", folder / "demo.json"
    assert run_cli("demo", "--output", str(html)).code == 0
    assert run_cli("demo", "--output", str(data)).code == 0
    pdf = folder / "demo.pdf"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", html.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    pages = [p for p in text.split("\f") if p.strip()]
    return pages, {k.strip(): v.strip() for k, v in fields.items()}, read_report(data.read_text(encoding="utf-8"))


def test_the_demo_report_prints_on_at_most_20_a4_pages(printed) -> None:  # type: ignore[no-untyped-def]
    _, info, _ = printed
    assert int(info["Pages"]) <= MAX_PAGES
    width, height = (float(n) for n in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert abs(width - 595) < 2 and abs(height - 842) < 2  # A4 in points


def test_every_hash_and_version_prints_in_full(printed) -> None:  # type: ignore[no-untyped-def]
    pages, _, report = printed
    text = "\n".join(pages)
    hashes = [e.sha256 for e in report.meta.evidence_files] + [e.sha256 for e in report.meta.evidence_log]
    assert hashes
    for sha256 in hashes:
        assert sha256 in text, sha256  # on one line, never broken
    assert report.meta.indicators_version and report.meta.indicators_version in text
    assert f"cybercheck {report.meta.tool_version}" in text


def test_it_opens_with_the_list_then_the_findings_most_serious_first(printed) -> None:  # type: ignore[no-untyped-def]
    pages, _, report = printed
    text = "\n".join(pages)
    glance = text.index("At a glance, most serious first")
    assert glance < text.index("What each check looked at")
    assert "At a glance" in pages[0]
    names = {s.plain: s for s in Severity}
    after = text[glance : text.index("What each check looked at")]
    lines = [line.strip() for line in after.splitlines() if line.strip()]
    first_heading = next(n for n, line in enumerate(lines) if line in names)
    pattern = re.compile(r"^(?:\d+\.\s*)?(" + "|".join(map(re.escape, names)) + r")\b")
    listed = [names[m.group(1)] for line in lines[:first_heading] if (m := pattern.match(line))]
    headings = [names[line] for line in lines[first_heading:] if line in names]
    kinds = len({f.finding.code for f in report.findings})
    assert len(listed) == kinds and len(headings) == kinds
    assert listed == sorted(listed, reverse=True) and headings == sorted(headings, reverse=True)


def test_no_heading_is_left_at_the_foot_of_a_page(printed) -> None:  # type: ignore[no-untyped-def]
    pages, _, report = printed
    headings = {s.plain for s in Severity} | {"Evidence", "What you could do:", "What was found", "Who you can call",
                                               "What each check looked at", "Technical details"}
    headings |= {f.advice.title for f in report.findings} | {r.result.title for r in report.results}
    for number, page in enumerate(pages[:-1], start=1):
        last = [line.strip() for line in page.splitlines() if line.strip()][-1]
        assert last not in headings, f"page {number} ends with the heading {last!r}"


def test_no_section_is_folded_away_when_printed(tmp_path: Path) -> None:
    html = tmp_path / "r.html"
    assert run_cli("demo", "--output", str(html)).code == 0
    page = html.read_text(encoding="utf-8")
    assert "<details" in page and not re.search(r"<details(?![^>]*\bopen\b)", page)
