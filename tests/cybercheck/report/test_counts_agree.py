"""The summary's count of things found agrees with the list under it, in every renderer; a thing
is listed once, under one heading, however many checks saw it and at whatever severities."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from cybercheck.pipeline.model import CheckResult, Evidence, Finding, Severity
from cybercheck.report import renderer, view
from cybercheck.report.build import build_report

WHEN = datetime(2026, 11, 30, 8, 15, tzinfo=timezone.utc)
WEAK = "passwords.reuse.weak"
FORWARD = "mail.rule.forwards-external"


def report_with_overlaps():  # type: ignore[no-untyped-def]
    forward = "A rule forwards mail to keeping.watch@mail.example"
    results = [
        CheckResult(
            check_id="passwords.reuse", title="Passwords", area="accounts", looked_at=("3 passwords",),
            findings=(
                Finding(WEAK, Severity.MEDIUM, "A very easy password is used for school.example"),
                Finding(WEAK, Severity.LOW, "A very easy password is used for facebook.com"),
            ),
        ),
        CheckResult(
            check_id="mail.takeout", title="Takeout mail", area="accounts", looked_at=("4 filters",),
            findings=(Finding(FORWARD, Severity.HIGH, forward, (Evidence("Takeout", WHEN, {"rule": "filter 1"}),)),),
        ),
        CheckResult(
            check_id="mail.gmail", title="Gmail", area="accounts", looked_at=("4 filters",),
            findings=(Finding(FORWARD, Severity.HIGH, forward, (Evidence("Gmail", WHEN, {"rule": "filter 1"}),)),),
        ),
    ]
    return build_report(results, generated_at=WHEN, country="GB")


def test_one_heading_per_kind_each_thing_once_at_its_most_serious() -> None:
    groups = view.grouped_findings(report_with_overlaps())
    assert [g.advice.title for g in groups].count("A password is very easy to guess") == 1
    weak = next(g for g in groups if g.findings[0].code == WEAK)
    assert weak.severity is Severity.MEDIUM and len(weak.findings) == 2
    assert weak.subject_line(weak.findings[1]).endswith(f"({Severity.LOW.plain})")
    forward = next(g for g in groups if g.findings[0].code == FORWARD)
    assert len(forward.findings) == 1 and {e.source for e in forward.findings[0].evidence} == {"Takeout", "Gmail"}
    assert [g.severity for g in groups] == sorted((g.severity for g in groups), reverse=True)


def test_the_summary_counts_what_the_list_shows() -> None:
    report = report_with_overlaps()
    assert "3 things found (under 2 headings)" in view.summary(report)
    mail = [r.result for r in report.results if r.result.check_id.startswith("mail.")]
    once = view.summary(build_report(mail, generated_at=WHEN, country="GB"))
    assert "1 thing found." in once and "under" not in once  # seen by two checks, counted once
    passwords = [r.result for r in report.results if r.result.check_id.startswith("passwords.")]
    assert "2 things found (under 1 heading)." in view.summary(build_report(passwords, generated_at=WHEN, country="GB"))


@pytest.mark.parametrize("fmt", ["terminal", "md", "html"])
def test_every_renderer_lists_each_title_once_and_each_thing_once(fmt: str) -> None:
    text = renderer(fmt)(report_with_overlaps())
    assert "3 things found (under 2 headings)" in text
    assert len(re.findall(r"A password is very easy to guess</h3>|### A password is very easy to guess|"
                          r"\s{2}A password is very easy to guess\n", text)) == 1
    assert text.count("keeping.watch@mail.example") == 1
