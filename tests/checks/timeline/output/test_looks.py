"""The record looked at as a picture: headless Chromium at desktop and phone widths, and printed to A4 PDF.

The PNGs are kept in CYBERCHECK_SHOTS (when set) for a person to look at; the test checks what a
machine can: the PDF is A4, no page ends on a heading, and dates and times are never broken.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.conftest import require_server

from checks.timeline.output.write import TimelineRun, write_record
from tests.checks.timeline.output import samples

pytestmark = pytest.mark.needs_server("chromium")
CHROMIUM = shutil.which("chromium") or "chromium"
HEADINGS = (
    "Summary",
    "Messages that may contain threats",
    "What the pattern shows",
    "How to use this record",
    "The full record",
    "Sources and how to check this record",
    "Who you can call",
)


def _chromium(*args: str) -> None:
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-pdf-header-footer",
            *args,
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("looks") / "timeline.html"
    run = TimelineRun(
        about=samples.ABOUT,
        events=samples.events(400),
        results=samples.judged(),
        sources=samples.sources(),
        started=datetime.now(timezone.utc),
        country="GB",
    )
    write_record(run, out, public_key="pk" * 22, key_fingerprint="1a2b 3c4d 5e6f 7a8b 9c0d 1e2f 3a4b 5c6d")
    return out


def _keep(path: Path) -> None:
    folder = os.environ.get("CYBERCHECK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)


@pytest.mark.parametrize(("name", "size"), [("desktop", "1280,2200"), ("phone", "390,2400")])
def test_screenshots(record: Path, name: str, size: str) -> None:
    shot = record.with_name(f"timeline-{name}.png")
    _chromium(f"--screenshot={shot}", f"--window-size={size}", record.as_uri())
    assert shot.stat().st_size > 20_000  # a page was drawn, not a blank one
    _keep(shot)


def test_prints_to_a4_without_stranded_headings_or_broken_dates(record: Path) -> None:
    require_server("pdftotext")
    pdf = record.with_name("timeline.pdf")
    _chromium(f"--print-to-pdf={pdf}", record.as_uri())
    _keep(pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]  # pdfinfo always says
    assert pages >= 3
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines and lines[-1] not in HEADINGS, f"page {page} ends with the heading {lines[-1]!r}"
        broken = re.findall(r"\b20\d\d-\d\d?\s*$", text, flags=re.MULTILINE)
        assert not broken, f"a date is broken across lines on page {page}"
    first = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Summary" in first and "may contain threats" in first  # the officer's first page
    assert "The full record" not in first
