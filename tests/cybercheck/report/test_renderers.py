"""Every renderer shows every finding's words, coverage and the chosen country's helplines."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pytest

from cybercheck.pipeline.model import CheckResult, Evidence, Finding, Problem, Severity
from cybercheck.report import renderer
from cybercheck.report.build import build_report
from cybercheck.report.json_report import read_report, render_json, to_data

SCHEMA = json.loads((Path(__file__).parents[3] / "docs" / "report.schema.json").read_text())
WHEN = datetime(2026, 11, 30, 8, 15, tzinfo=timezone.utc)


def sample_report(country: str = "GB"):  # type: ignore[no-untyped-def]
    results = [
        CheckResult(
            check_id="computer.hosts",
            title="Sign-in sites redirected by this computer's hosts file",
            area="devices",
            findings=(
                Finding(
                    "computer.hosts.redirected-signin",
                    Severity.URGENT,
                    "Google (accounts.google.com) is sent to 203.0.113.66",
                    (Evidence("hosts file /etc/hosts", WHEN, {"line": "6", "text": "203.0.113.66 accounts.google.com"}),),
                ),
                Finding("computer.hosts.blocked-signin", Severity.LOW, "Microsoft (login.live.com) is sent to 0.0.0.0"),
            ),
            looked_at=("12 entries on 20 lines of /etc/hosts",),
            blind_spots=("It cannot see monitoring apps.",),
            started=WHEN,
            finished=WHEN,
        ),
        CheckResult(check_id="a.clean", title="A clean check", area="accounts", looked_at=("3 filters",)),
        CheckResult(check_id="a.gap", title="A partial check", area="accounts", looked_at=("2 of 3 files",), gaps=("one file was damaged",)),
        CheckResult(check_id="a.notrun", title="A check not run", area="network", unmet=("Give it --input x=FILE.",)),
        CheckResult(check_id="a.failed", title="A failed check", area="network", problem=Problem("We could not reach it.", "ConnectionError")),
    ]
    return build_report(results, generated_at=WHEN, country=country, operator="A. Worker", case="C-17")


def test_json_validates_against_the_schema_and_reads_back_the_same() -> None:
    report = sample_report()
    data = to_data(report)
    jsonschema.validate(data, SCHEMA)
    assert [r["status"] for r in data["results"]] == ["clean", "incomplete", "found", "failed", "not_run"]
    again = read_report(render_json(report))
    assert to_data(again) == data


def test_json_for_a_country_without_a_list_still_validates() -> None:
    jsonschema.validate(to_data(sample_report("ZZ")), SCHEMA)


@pytest.mark.parametrize("name", ["md", "html", "terminal"])
def test_text_renderers_show_everything_a_reader_needs(name: str) -> None:
    report = sample_report()
    text = renderer(name)(report)
    normalised = " ".join(text.split()).replace("&#39;", "'")
    for item in report.findings:
        assert " ".join(item.advice.title.split()) in normalised
        assert item.finding.subject in normalised
        for step in item.advice.steps:
            assert " ".join(step.text.split()) in normalised
            if step.caution:
                assert " ".join(step.caution.split()) in normalised
    for result in report.results:
        for line in result.result.looked_at + result.result.gaps + result.result.unmet + result.result.blind_spots:
            assert line in normalised
    assert "National Stalking Helpline" in normalised and "0808 802 0300" in normalised
    assert "999" in normalised
    assert "does not mean you are safe" in normalised


def test_urgent_findings_are_followed_by_helplines_in_html() -> None:
    html = renderer("html")(sample_report())
    urgent = html.index("Google (accounts.google.com)")
    assert html.index("quick-help", urgent) < html.index("Microsoft (login.live.com)")


def test_html_is_self_contained() -> None:
    html = renderer("html")(sample_report())
    assert "<script" not in html
    assert 'src="http' not in html and "<link" not in html
    assert "@media print" in html
