"""The records every check and renderer shares: findings, evidence, results and reports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, IntEnum
from types import MappingProxyType

from cybercheck.pipeline.outcome import Origin as Origin
from cybercheck.pipeline.outcome import Problem as Problem
from cybercheck.pipeline.words import text
from cybercheck.scrub import scrub


class Severity(IntEnum):
    """How much a finding matters, ordered so that `--fail-on` can compare."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    URGENT = 4

    @property
    def plain(self) -> str:
        """The words a person reads instead of the level's name."""
        return text(_SEVERITY_WORDS[self])

    @classmethod
    def parse(cls, name: str) -> Severity:
        """The level named `name` (case-insensitive), or ValueError."""
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(name) from None


_SEVERITY_WORDS = {
    Severity.INFO: "cybercheck.severity-info",
    Severity.LOW: "cybercheck.severity-low",
    Severity.MEDIUM: "cybercheck.severity-medium",
    Severity.HIGH: "cybercheck.severity-high",
    Severity.URGENT: "cybercheck.severity-urgent",
}


def _frozen_fields(fields: Mapping[str, object]) -> Mapping[str, str]:
    return MappingProxyType({scrub(str(k)): scrub(str(v)) for k, v in fields.items()})


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a finding rests on: where it was seen, when it happened, the exact values."""

    source: str
    when: datetime | None = None
    fields: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", scrub(self.source))
        object.__setattr__(self, "fields", _frozen_fields(self.fields))


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a check found. It holds no prose: its words come from the advice data by code."""

    code: str
    severity: Severity
    subject: str
    evidence: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:
        clean = scrub(self.subject)
        if (
            clean != self.subject
        ):  # a server may have echoed a secret into a name; the words are kept otherwise
            object.__setattr__(self, "subject", clean)


@dataclass(frozen=True, slots=True)
class Step:
    """One thing the reader could do, with what to weigh first."""

    text: str
    caution: str | None = None
    link: str | None = None


@dataclass(frozen=True, slots=True)
class Advice:
    """The words for one finding code: its title, what it means and what can be done."""

    title: str
    explanation: str
    steps: tuple[Step, ...] = ()


class Status(Enum):
    """How a check ended; derived from its result so that a wrong one cannot be built."""

    CLEAN = "clean"
    FOUND = "found"
    INCOMPLETE = "incomplete"
    NOT_RUN = "not_run"
    FAILED = "failed"

    @property
    def plain(self) -> str:
        """The words a person reads for this status."""
        return text(_STATUS_WORDS[self])


_STATUS_WORDS = {
    Status.CLEAN: "cybercheck.status-clean",
    Status.FOUND: "cybercheck.status-found",
    Status.INCOMPLETE: "cybercheck.status-incomplete",
    Status.NOT_RUN: "cybercheck.status-not-run",
    Status.FAILED: "cybercheck.status-failed",
}


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of one check: what it found, what it looked at and what it could not."""

    check_id: str
    title: str
    area: str
    origin: Origin | None = None
    started: datetime | None = None
    finished: datetime | None = None
    findings: tuple[Finding, ...] = ()
    looked_at: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()
    unmet: tuple[str, ...] = ()
    problem: Problem | None = None
    blind_spots: tuple[str, ...] = ()
    selected: bool = True
    # What the check saw, kept in the report so the next check can say what is new (ctx.remember).
    memory: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", scrub(self.title))
        for name in ("looked_at", "gaps", "unmet", "blind_spots"):
            object.__setattr__(self, name, tuple(scrub(t) for t in getattr(self, name)))

    @property
    def complete(self) -> bool:
        """True only when the check ran and examined everything it meant to."""
        return bool(self.looked_at) and not (self.gaps or self.problem or self.unmet)

    @property
    def status(self) -> Status:
        """Derived, so that "clean" with gaps or problems cannot be built."""
        if self.findings:
            return Status.FOUND
        if self.problem:
            return Status.FAILED
        if self.unmet:
            return Status.NOT_RUN
        return Status.CLEAN if self.complete else Status.INCOMPLETE


@dataclass(frozen=True, slots=True)
class Helpline:
    """One place to call or write to, with where the details were read and when."""

    name: str
    purpose: str
    phone: str | None = None
    text: str | None = None
    tty: str | None = None
    email: str | None = None
    web: str | None = None
    hours: str | None = None
    note: str | None = None
    source: str | None = None
    seen: str | None = None


@dataclass(frozen=True, slots=True)
class Helplines:
    """The emergency numbers and helplines for one country, emergency first."""

    country: str | None
    emergency: tuple[Helpline, ...]
    helplines: tuple[Helpline, ...]
    checked: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ReportedFinding:
    """A finding with its words attached, as shown and saved."""

    finding: Finding
    advice: Advice


@dataclass(frozen=True, slots=True)
class ReportedResult:
    """A check result with the words for each of its findings."""

    result: CheckResult
    findings: tuple[ReportedFinding, ...]


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """A file a report refers to, with its SHA-256 so that a change can be detected."""

    input_name: str
    path: str
    sha256: str
    size: int
    kind: str = "file"  # "folder": sha256 over every file's relative path and hash


@dataclass(frozen=True, slots=True)
class LoggedEvidence:
    """A screenshot or file recorded into a case's evidence log, with its SHA-256 and the note."""

    name: str  # the file's original name
    sha256: str
    size: int
    added: datetime
    note: str = ""
    path: str = ""  # where it was added from
    kept: bool = False  # a sealed copy is kept in the case


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """Who made a report, with what, and when."""

    tool_version: str
    generated_at: datetime
    country: str | None
    operator: str | None = None
    case: str | None = None
    interrupted: bool = False
    indicators_version: str | None = None
    evidence_files: tuple[EvidenceFile, ...] = ()
    evidence_log: tuple[LoggedEvidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one run produced, with the exact words that were shown."""

    meta: ReportMeta
    results: tuple[ReportedResult, ...]
    helplines: Helplines

    @property
    def findings(self) -> tuple[ReportedFinding, ...]:
        """Every finding of every result, most serious first."""
        every = [f for r in self.results for f in r.findings]
        return tuple(sorted(every, key=lambda f: -f.finding.severity))
