"""The JSON form of a Report (schema in docs/report.schema.json), and reading one back."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from cybercheck.errors import DamagedInput
from cybercheck.pipeline.model import (
    Advice,
    CheckResult,
    Evidence,
    EvidenceFile,
    Finding,
    Helpline,
    Helplines,
    LoggedEvidence,
    Origin,
    Problem,
    Report,
    ReportedFinding,
    ReportedResult,
    ReportMeta,
    Severity,
    Step,
)
from cybercheck.pipeline.words import text

SCHEMA_VERSION = "1.0"


def _time(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _local(value: datetime) -> str:
    return value.astimezone().isoformat()


def _helpline(h: Helpline) -> dict[str, Any]:
    return {
        "name": h.name,
        "for": h.purpose,
        "phone": h.phone,
        "text": h.text,
        "tty": h.tty,
        "email": h.email,
        "web": h.web,
        "hours": h.hours,
        "note": h.note,
        "source": h.source,
        "seen": h.seen,
    }


def _finding(item: ReportedFinding) -> dict[str, Any]:
    f, advice = item.finding, item.advice
    return {
        "code": f.code,
        "severity": f.severity.name.lower(),
        "severity_text": f.severity.plain,
        "subject": f.subject,
        "title": advice.title,
        "explanation": advice.explanation,
        "evidence": [
            {"source": e.source, "when": _time(e.when), "fields": dict(e.fields)} for e in f.evidence
        ],
        "steps": [{"text": s.text, "caution": s.caution, "link": s.link} for s in advice.steps],
    }


def _result(item: ReportedResult) -> dict[str, Any]:
    r = item.result
    return {
        "check": r.check_id,
        "title": r.title,
        "area": r.area,
        "status": r.status.value,
        "status_text": r.status.plain,
        "selected": r.selected,
        "origin": None
        if r.origin is None
        else {"distribution": r.origin.distribution, "version": r.origin.version, "kind": r.origin.kind},
        "started": _time(r.started),
        "finished": _time(r.finished),
        "coverage": list(r.looked_at),
        "gaps": list(r.gaps),
        "needs": list(r.unmet),
        "blind_spots": list(r.blind_spots),
        "error": None if r.problem is None else {"message": r.problem.plain, "detail": r.problem.detail},
        "findings": [_finding(f) for f in item.findings],
        "memory": {k: list(v) for k, v in r.memory.items()},
    }


def to_data(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    meta = report.meta
    h = report.helplines
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "cybercheck", "version": meta.tool_version},
        "generated_at": _time(meta.generated_at),
        "generated_at_local": _local(meta.generated_at),
        "country": meta.country,
        "operator": meta.operator,
        "case": meta.case,
        "interrupted": meta.interrupted,
        "indicators_version": meta.indicators_version,
        "evidence_files": [
            {"input": e.input_name, "path": e.path, "sha256": e.sha256, "size": e.size, "kind": e.kind}
            for e in meta.evidence_files
        ],
        "evidence_log": [
            {
                "name": e.name,
                "path": e.path,
                "sha256": e.sha256,
                "size": e.size,
                "added": _time(e.added),
                "note": e.note,
                "kept": e.kept,
            }
            for e in meta.evidence_log
        ],
        "results": [_result(r) for r in report.results],
        "helplines": {
            "country": h.country,
            "checked": h.checked,
            "note": h.note,
            "emergency": [_helpline(x) for x in h.emergency],
            "helplines": [_helpline(x) for x in h.helplines],
        },
    }


def render_json(report: Report) -> str:
    """The report as indented JSON text."""
    return json.dumps(to_data(report), indent=2, ensure_ascii=False) + "\n"


# --- reading back -------------------------------------------------------------------------


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _read_helpline(d: Mapping[str, Any]) -> Helpline:
    return Helpline(
        name=d["name"],
        purpose=d.get("for") or "",
        phone=d.get("phone"),
        text=d.get("text"),
        tty=d.get("tty"),
        email=d.get("email"),
        web=d.get("web"),
        hours=d.get("hours"),
        note=d.get("note"),
        source=d.get("source"),
        seen=d.get("seen"),
    )


def _read_finding(d: Mapping[str, Any]) -> ReportedFinding:
    finding = Finding(
        code=d["code"],
        severity=Severity.parse(d["severity"]),
        subject=d["subject"],
        evidence=tuple(
            Evidence(source=e["source"], when=_parse_time(e.get("when")), fields=e.get("fields") or {})
            for e in d.get("evidence", ())
        ),
    )
    advice = Advice(
        title=d["title"],
        explanation=d["explanation"],
        steps=tuple(Step(s["text"], s.get("caution"), s.get("link")) for s in d.get("steps", ())),
    )
    return ReportedFinding(finding, advice)


def _read_result(d: Mapping[str, Any]) -> ReportedResult:
    findings = tuple(_read_finding(f) for f in d.get("findings", ()))
    origin = d.get("origin")
    error = d.get("error")
    result = CheckResult(
        check_id=d["check"],
        title=d["title"],
        area=d.get("area", "unknown"),
        origin=Origin(**origin) if origin else None,
        started=_parse_time(d.get("started")),
        finished=_parse_time(d.get("finished")),
        findings=tuple(f.finding for f in findings),
        looked_at=tuple(d.get("coverage", ())),
        gaps=tuple(d.get("gaps", ())),
        unmet=tuple(d.get("needs", ())),
        problem=Problem(error["message"], error.get("detail", "")) if error else None,
        blind_spots=tuple(d.get("blind_spots", ())),
        selected=d.get("selected", True),
        memory={str(k): tuple(str(x) for x in v) for k, v in (d.get("memory") or {}).items()},
    )
    return ReportedResult(result, findings)


def from_data(data: Mapping[str, Any]) -> Report:
    """A Report read back from its JSON data; DamagedInput if it is not a cybercheck report."""
    try:
        if str(data["schema_version"]).split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise DamagedInput(text("cybercheck.report-other-schema", schema=data["schema_version"]))
        h = data["helplines"]
        meta = ReportMeta(
            tool_version=data["tool"]["version"],
            generated_at=_parse_time(data["generated_at"]),  # type: ignore[arg-type]  # the schema requires this time
            country=data.get("country"),
            operator=data.get("operator"),
            case=data.get("case"),
            interrupted=bool(data.get("interrupted")),
            indicators_version=data.get("indicators_version"),
            evidence_files=tuple(
                EvidenceFile(e["input"], e["path"], e["sha256"], e["size"], e.get("kind", "file"))
                for e in data.get("evidence_files", ())
            ),
            evidence_log=tuple(
                LoggedEvidence(
                    e["name"],
                    e["sha256"],
                    e["size"],
                    _parse_time(e["added"]),  # type: ignore[arg-type]  # the schema requires this time
                    e.get("note", ""),
                    e.get("path", ""),
                    bool(e.get("kept")),
                )
                for e in data.get("evidence_log", ())
            ),
        )
        return Report(
            meta=meta,
            results=tuple(_read_result(r) for r in data["results"]),
            helplines=Helplines(
                country=h.get("country"),
                emergency=tuple(_read_helpline(x) for x in h.get("emergency", ())),
                helplines=tuple(_read_helpline(x) for x in h.get("helplines", ())),
                checked=h.get("checked", ""),
                note=h.get("note"),
            ),
        )
    except DamagedInput:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DamagedInput(
            text("cybercheck.report-damaged"),
            detail=f"{type(error).__name__}: {error}",
        ) from None


def read_report(content: str) -> Report:
    """A Report from JSON text."""
    try:
        data = json.loads(content)
    except (ValueError, RecursionError) as error:
        raise DamagedInput(text("cybercheck.report-not-json"), detail=str(error)) from None
    if not isinstance(data, dict):
        raise DamagedInput(text("cybercheck.report-not-json"))
    return from_data(data)
