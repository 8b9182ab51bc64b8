"""sealed_report: the one way every front end seals a report, and the names it gives the zip and the report inside."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from cybercheck.pipeline.model import CheckResult, Origin
from cybercheck.report.build import build_report
from cybercheck.casework.sealing import open_archive, sealed_names, sealed_report
from cybercheck.secrets import Secret

PASS = Secret("a long enough passphrase")
WHEN = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


def a_report():  # type: ignore[no-untyped-def]
    result = CheckResult(check_id="computer.hosts", title="Hosts file", area="devices",
                         origin=Origin("cybercheck", "0", "builtin"), started=WHEN, finished=WHEN,
                         looked_at=("12 lines of a hosts file",))
    return build_report([result], generated_at=WHEN, country="GB")


@pytest.mark.parametrize(("name", "fmt", "expected"), [
    ("report.html", "html", ("report.html.zip", "report.html")),
    ("report.zip", "html", ("report.zip", "report.html")),
    ("report", "md", ("report.md.zip", "report.md")),
    ("report.md", "html", ("report.html.zip", "report.html")),
    ("notes/../../report.json", "json", ("report.json.zip", "report.json")),
    ("", "html", ("cybercheck-report.html.zip", "cybercheck-report.html")),
    (".zip", "md", ("cybercheck-report.md.zip", "cybercheck-report.md")),
    ("Check-up 30 Nov.HTML", "terminal", ("Check-up 30 Nov.txt.zip", "Check-up 30 Nov.txt")),
])
def test_the_names_of_the_zip_and_the_report_inside(name: str, fmt: str, expected: tuple[str, str]) -> None:
    assert sealed_names(name, fmt) == expected


def test_the_report_and_its_json_sealed_together() -> None:
    name, blob = sealed_report(a_report(), "md", PASS, name="check-up")
    assert name == "check-up.md.zip" and b"hosts file" not in blob
    members = open_archive(blob, PASS)
    assert set(members) == {"check-up.md", "report.json"}
    assert "12 lines of a hosts file" in members["check-up.md"].decode("utf-8")
    assert '"schema_version"' in members["report.json"].decode("utf-8")


def test_a_json_report_is_sealed_alone_and_a_given_document_is_used() -> None:
    _, blob = sealed_report(a_report(), "json", PASS)
    assert set(open_archive(blob, PASS)) == {"cybercheck-report.json"}
    _, blob = sealed_report(a_report(), "html", PASS, name="summary.html", document="<p>the guide's summary</p>")
    members = open_archive(blob, PASS)
    assert members["summary.html"] == b"<p>the guide's summary</p>" and "report.json" in members
