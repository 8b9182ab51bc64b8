"""Builds the one Report object of a run: results with their words attached, helplines, metadata."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from cybercheck.advice import advice_for
from cybercheck.advice.helplines import helplines_for
from cybercheck.pipeline.model import (
    CheckResult,
    EvidenceFile,
    LoggedEvidence,
    Report,
    ReportedFinding,
    ReportedResult,
    ReportMeta,
)
from cybercheck.version import __version__

_AREA_ORDER = {"accounts": 0, "devices": 1, "network": 2, "guided": 3}


def attach_advice(result: CheckResult) -> ReportedResult:
    """A result with the advice for each finding, most serious first."""
    findings = sorted(result.findings, key=lambda f: -f.severity)
    return ReportedResult(result, tuple(ReportedFinding(f, advice_for(f.code)) for f in findings))


def build_report(
    results: Iterable[CheckResult],
    *,
    generated_at: datetime,
    country: str | None,
    operator: str | None = None,
    case: str | None = None,
    interrupted: bool = False,
    indicators_version: str | None = None,
    evidence_files: tuple[EvidenceFile, ...] = (),
    evidence_log: tuple[LoggedEvidence, ...] = (),
) -> Report:
    """The Report of a run. The words are resolved now, so a saved report keeps what was shown."""
    ordered = sorted(results, key=lambda r: (_AREA_ORDER.get(r.area, 9), r.check_id))
    meta = ReportMeta(
        tool_version=__version__,
        generated_at=generated_at,
        country=country,
        operator=operator,
        case=case,
        interrupted=interrupted,
        indicators_version=indicators_version,
        evidence_files=evidence_files,
        evidence_log=evidence_log,
    )
    return Report(
        meta=meta, results=tuple(attach_advice(r) for r in ordered), helplines=helplines_for(country)
    )
