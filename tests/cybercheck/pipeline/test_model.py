"""Status is derived from what a result holds, so no combination with a gap reads as clean."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cybercheck.pipeline.model import CheckResult, Finding, Problem, Severity, Status

texts = st.lists(st.text(min_size=1, max_size=5), max_size=2).map(tuple)


@given(
    findings=st.booleans(),
    looked_at=texts,
    gaps=texts,
    unmet=texts,
    problem=st.booleans(),
)
def test_no_result_that_could_not_finish_is_clean(findings, looked_at, gaps, unmet, problem) -> None:  # type: ignore[no-untyped-def]
    result = CheckResult(
        check_id="a.b",
        title="t",
        area="devices",
        findings=(Finding("a.b.c", Severity.LOW, "x"),) if findings else (),
        looked_at=looked_at,
        gaps=gaps,
        unmet=unmet,
        problem=Problem("p") if problem else None,
    )
    if result.status is Status.CLEAN:
        assert looked_at and not gaps and not unmet and not problem and not findings
    if gaps or unmet or problem or not looked_at:
        assert not result.complete


def test_severities_have_plain_names_and_order() -> None:
    assert Severity.URGENT > Severity.HIGH > Severity.MEDIUM > Severity.LOW > Severity.INFO
    assert Severity.URGENT.plain == "Urgent"
    assert Severity.parse("Medium") is Severity.MEDIUM
