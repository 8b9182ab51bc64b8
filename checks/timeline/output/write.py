"""Writing the record: one pass over the events, in date order, to HTML, CSV and JSON.

Nothing holds every event: each row goes straight to the CSV file and to temporary parts of the
HTML and JSON files, while the first page's figures are counted. The first page is rendered last
and the parts are joined, so memory stays flat however long the record is.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from json.encoder import encode_basestring as _quote  # the C version when it is built
from pathlib import Path
from typing import IO

from checks.timeline.output import page
from checks.timeline.output.log import Marks, write_log
from checks.timeline.output.page import is_threat
from checks.timeline.output.parts import copy_part
from checks.timeline.output.rows import CSV_COLUMNS, RowWriter
from checks.timeline.output.tally import Tally
from checks.timeline.output.words import say
from checks.timeline.records import Contact, ContactEvent
from cybercheck.collector import held_off
from cybercheck.pipeline.model import CheckResult, Evidence, EvidenceFile, Report, Severity


@dataclass(frozen=True)
class TimelineRun:
    """Everything the record is made from. `events` is read once, in date order."""

    about: Contact
    events: Iterable[ContactEvent]
    results: tuple[CheckResult, ...]  # the timeline's judgements and what its readers looked at
    sources: tuple[EvidenceFile, ...]  # every file read, with SHA-256 and size
    started: datetime
    country: str | None = None
    operator: str | None = None
    case: str | None = None
    account_report: Report | None = (
        None  # the account and device report whose dated findings are among the events
    )
    account_report_name: str = ""
    threats: tuple[Reference, ...] = ()  # every message that may contain a threat (a finding lists a sample)


@dataclass(frozen=True, slots=True)
class Reference:
    """A place in a source file a judgement points at, and the log row it became."""

    file: str
    place: str
    when: datetime | None
    row: int | None = None


@dataclass(frozen=True)
class Written:
    """What was written: the files, the figures and the references the terminal may show."""

    files: tuple[Path, ...]
    tally: Tally
    threats: tuple[Reference, ...]
    patterns: tuple[tuple[str, int], ...]  # (title, how many) of every other judgement
    gaps: int
    finished: datetime


def output_names(html: Path) -> dict[str, Path]:
    """The files of one record: timeline.html, timeline.csv, timeline.json, timeline.manifest.json."""
    stem = html.with_suffix("")
    return {
        "html": html,
        "csv": stem.with_name(stem.name + ".csv"),
        "json": stem.with_name(stem.name + ".json"),
        "manifest": stem.with_name(stem.name + ".manifest.json"),
    }


def write_record(
    run: TimelineRun,
    html: Path,
    *,
    public_key: str | None,
    key_fingerprint: str | None,
    tsa: str | None = None,
) -> Written:
    """Write the HTML, CSV and JSON of the record beside each other; returns what was written.

    Files appear only when all are complete (each is renamed into place at the end).
    """
    from cybercheck.report.build import build_report

    names = output_names(html)
    folder = html.parent if str(html.parent) else Path(".")
    judged = tuple(r for r in run.results)
    marks = _marks(judged, run.threats)
    from checks.timeline.identity import Matcher

    tally = Tally(is_person=Matcher(run.about.identifiers))
    events: Iterable[ContactEvent] = run.events
    with ExitStack() as stack:
        stack.enter_context(held_off())
        parts = {
            name: stack.enter_context(
                tempfile.NamedTemporaryFile(
                    "w+",
                    encoding="utf-8",
                    dir=folder,
                    prefix=f".{names['html'].name}.",
                    suffix=f".{name}.part",
                    delete=True,
                    newline="",
                )
            )
            for name in ("log", "events")
        }
        csv_part = stack.enter_context(
            _part(folder, names["csv"])
        )  # its rows need nothing written after them
        csv.writer(csv_part, lineterminator="\r\n").writerow([say(f"csv.{column}") for column in CSV_COLUMNS])
        rows = RowWriter(csv_part, parts["events"], parts["log"], marks.threat_keys)
        write_log(events, tally, marks, rows, folder=folder, identifiers=run.about.identifiers)
        rows.flush()
        finished = datetime.now(timezone.utc)
        account = run.account_report
        report = build_report(
            judged + (tuple(r.result for r in account.results) if account else ()),
            generated_at=finished,
            country=run.country,
            operator=run.operator,
            case=run.case,
            evidence_files=run.sources,
        )
        threats, patterns = _judgements(report, marks, run.threats)
        context = page.Context(
            run=run,
            report=report,
            tally=tally,
            threats=threats,
            patterns=patterns,
            finished=finished,
            public_key=public_key,
            key_fingerprint=key_fingerprint,
            manifest_name=names["manifest"].name,
            tsa=tsa,
        )
        html_part = stack.enter_context(_part(folder, names["html"]))
        page.write_html(context, parts["log"], html_part)
        json_part = stack.enter_context(_part(folder, names["json"]))
        _write_json(report, context, parts["events"], json_part)
        for handle in (html_part, json_part, csv_part):
            handle.flush()
            os.fsync(handle.fileno())
        for name, handle in (("html", html_part), ("json", json_part), ("csv", csv_part)):
            handle.close()  # closed before the rename, which Windows needs
            os.chmod(handle.name, 0o600)
            os.replace(handle.name, names[name])
    gaps = sum(len(r.gaps) + (1 if r.problem else 0) for r in judged)
    return Written(
        files=(names["html"], names["csv"], names["json"]),
        tally=tally,
        threats=threats,
        patterns=patterns,
        gaps=gaps,
        finished=finished,
    )


@contextmanager
def _part(folder: Path, target: Path) -> Iterator[IO[str]]:
    """A temporary file beside `target`, removed at the end unless it was renamed into place."""
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=folder, prefix=f".{target.name}.", suffix=".part", delete=False, newline=""
    ) as handle:
        try:
            yield handle
        finally:
            handle.close()
            with suppress(FileNotFoundError):
                os.unlink(handle.name)


def _references(evidence: Evidence) -> Reference | None:
    """The source file and place a judgement's evidence points at ("where", or "file" and "locator")."""
    fields = evidence.fields
    file = fields.get("file") or evidence.source
    place = fields.get("where") or fields.get("locator")
    if not file or not place:
        return None
    return Reference(str(file), str(place), evidence.when)


def _marks(results: Sequence[CheckResult], listed: Sequence[Reference]) -> Marks:
    """The places judgements point at; `listed` (every possible threat) replaces the threat sample."""
    wanted: set[tuple[str, str]] = {(ref.file, ref.place) for ref in listed}
    threats: set[tuple[str, str]] = set(wanted)
    for result in results:
        for finding in result.findings:
            for evidence in finding.evidence:
                ref = _references(evidence)
                if ref is None:
                    continue
                wanted.add((ref.file, ref.place))
                if is_threat(finding.code) and not listed:
                    threats.add((ref.file, ref.place))
    return Marks(wanted=wanted, threat_keys=threats)


def _judgements(
    report: Report, marks: Marks, listed: Sequence[Reference]
) -> tuple[tuple[Reference, ...], tuple[tuple[str, int], ...]]:
    """The possible threats (every one, with its row) and the other patterns (title, how many)."""
    found: list[Reference] = list(listed)
    patterns: dict[str, int] = {}
    for result in report.results:
        if not result.result.check_id.startswith("timeline"):
            continue
        for item in result.findings:
            if not is_threat(item.finding.code):
                if item.finding.severity is not Severity.INFO:  # the summary finding repeats the first page
                    patterns[item.advice.title] = patterns.get(item.advice.title, 0) + 1
                continue
            if not listed:  # a finding's evidence is a sample; use it only when no full list was given
                found.extend(ref for e in item.finding.evidence if (ref := _references(e)) is not None)
    threats = []
    for ref in found:
        seen = marks.rows.get((ref.file, ref.place))
        threats.append(
            Reference(ref.file, ref.place, seen[1] if seen else ref.when, seen[0] if seen else None)
        )
    threats.sort(key=lambda r: (r.row is None, r.row or 0))
    return tuple(threats), tuple(patterns.items())


def _write_json(report: Report, context: page.Context, events_part: IO[str], out: IO[str]) -> None:
    """The report-schema JSON with a "timeline" object; its events are copied from the streamed part
    and its threats written one at a time, so neither list is held as one string."""
    from cybercheck.report.json_report import to_data

    data = to_data(report)
    timeline = page.json_summary(context)
    threats_marker, events_marker = "\u0000threats\u0000", "\u0000events\u0000"
    timeline["threats"] = threats_marker
    timeline["events"] = events_marker
    data["timeline"] = timeline
    text = json.dumps(data, indent=2, ensure_ascii=False)
    head, _, rest = text.partition(json.dumps(threats_marker))
    middle, _, tail = rest.partition(json.dumps(events_marker))
    del text, rest
    out.write(head)
    _write_threats(context.threats, out)
    out.write(middle + "[\n")
    copy_part(events_part, out)
    out.write("\n]" + tail + "\n")


def _write_threats(threats: Sequence[Reference], out: IO[str]) -> None:
    """The "threats" list as json.dumps(..., indent=2) writes it at its depth in the record."""
    if not threats:
        out.write("[]")
        return
    out.write("[\n")
    quote = _quote
    for number, threat in enumerate(threats):
        item = page.threat_item(threat)  # its keys, in order; each value is a string, a number or null
        fields = ",\n".join(f"        {quote(key)}: {_json_value(value)}" for key, value in item.items())
        out.write(("" if number == 0 else ",\n") + "      {\n" + fields + "\n      }")
    out.write("\n    ]")


def _json_value(value: object) -> str:
    """A string, whole number or None as json.dumps writes it (the C encoder for strings)."""
    if isinstance(value, str):
        return _quote(value)
    if value is None:
        return "null"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False)
