"""Case history: sealed at rest, a wrong passphrase changes nothing, new / gone / changed between two scans."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cybercheck.casework.cases import Case, cases_dir, compare, delete_case, list_cases
from cybercheck.errors import ConfigError
from cybercheck.pipeline.model import CheckResult, Evidence, Finding, Severity
from cybercheck.report.build import build_report
from cybercheck.casework.sealing import Tampered, WrongPassphrase
from cybercheck.secrets import Secret

from guided_helpers import CASE_PASS, files_under

PASS = Secret(CASE_PASS)
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


def finding(code: str, subject: str, severity: Severity = Severity.HIGH, **fields: str) -> Finding:
    return Finding(code, severity, subject, (Evidence("made up", fields=fields or {"n": "1"}),))


def report(when: datetime, *results: CheckResult):  # type: ignore[no-untyped-def]
    return build_report(results, generated_at=when, country="GB", case="C-1")


def result(check_id: str, *findings: Finding, ran: bool = True) -> CheckResult:
    return CheckResult(check_id=check_id, title=check_id, area="guided", findings=findings,
                       looked_at=("one thing",) if ran else (), unmet=() if ran else ("not given",))


def test_new_gone_and_changed_across_two_saved_scans() -> None:
    case = Case.create("C-1", PASS, now=T0)
    first = report(
        T0,
        result("guided.messaging", finding("guided.messaging.unknown-linked-device", "WhatsApp linked laptop")),
        result("guided.location-sharing", finding("guided.location.shared", "Google Maps sharing", device="phone A")),
        result("guided.phone-plan", finding("guided.phone-plan.held-by-someone-else", "Plan held elsewhere")),
        result("android.device", finding("android.app.stalkerware", "An app")),
    )
    case.save_scan(first)
    second = report(
        T0 + timedelta(days=14),
        result("guided.messaging"),  # ran fully, the linked laptop is gone
        result("guided.location-sharing", finding("guided.location.shared", "Google Maps sharing", device="phone B")),
        result("guided.phone-plan", finding("guided.phone-plan.held-by-someone-else", "Plan held elsewhere")),
        result("guided.item-trackers", finding("guided.trackers.unknown-tracker", "AirTag", Severity.URGENT)),
        result("android.device", ran=False),  # did not run: cannot say the app is gone
    )
    reopened = Case.open("C-1", PASS)
    baseline = reopened.latest()
    assert baseline is not None and baseline.meta.generated_at == T0
    changes = compare(baseline, second)
    assert [c.finding.subject for c in changes.new] == ["AirTag"]
    assert [c.finding.subject for c in changes.gone] == ["WhatsApp linked laptop"]
    assert [(c.before.evidence[0].fields["device"], c.finding.evidence[0].fields["device"]) for c in changes.changed] == [
        ("phone A", "phone B")
    ]
    assert changes.unchanged == 1 and changes.not_compared == ("android.device",)
    reopened.save_scan(second)
    assert [s.number for s in Case.open("C-1", PASS).scans()] == [1, 2]


def test_everything_at_rest_is_sealed_and_a_wrong_passphrase_changes_nothing() -> None:
    case = Case.create("C-2", PASS, now=T0)
    case.save_scan(report(T0, result("guided.messaging", finding("guided.messaging.unknown-linked-device", "Laptop named KITCHEN-PC"))))
    case.add_diary({"date": "2026-11-30", "what": "He quoted my messages to my sister"})
    folder = cases_dir() / "C-2"
    before = {p: p.read_bytes() for p in files_under(folder)}
    for data in before.values():
        assert data.startswith(b"CCSEAL01")
        for plain in (b"KITCHEN-PC", b"quoted my messages", CASE_PASS.encode()):
            assert plain not in data
    with pytest.raises(WrongPassphrase):
        Case.open("C-2", Secret("not the passphrase"))
    assert {p: p.read_bytes() for p in files_under(folder)} == before


def test_a_tampered_case_file_is_detected() -> None:
    case = Case.create("C-3", PASS, now=T0)
    saved = case.save_scan(report(T0, result("guided.messaging")))
    path = cases_dir() / "C-3" / saved.file
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x10
    path.write_bytes(bytes(data))
    with pytest.raises(Tampered):
        Case.open("C-3", PASS).load_scan(saved)


def test_list_and_delete_remove_every_file() -> None:
    Case.create("A-1", PASS, now=T0)
    Case.create("B-2", PASS, now=T0)
    assert list_cases() == ["A-1", "B-2"]
    assert delete_case("A-1") is True
    assert not (cases_dir() / "A-1").exists()
    assert list_cases() == ["B-2"]
    assert delete_case("A-1") is False


@pytest.mark.parametrize("ref", ["", "../escape", "a/b", ".hidden", "x" * 41, "name with spaces"])
def test_references_cannot_escape_the_cases_folder(ref: str) -> None:
    with pytest.raises(ConfigError):
        Case.create(ref, PASS)


def test_a_second_case_with_the_same_reference_is_refused() -> None:
    Case.create("C-4", PASS, now=T0)
    with pytest.raises(ConfigError):
        Case.create("C-4", PASS)


def test_cases_live_in_the_user_data_folder(isolated_user_folders: dict[str, Path]) -> None:
    Case.create("C-5", PASS, now=T0)
    assert (isolated_user_folders["data"] / "cases" / "C-5" / "case.seal").is_file()
