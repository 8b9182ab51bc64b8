"""Making a record, the same for every front end (CLI, guided session, web app).

Read, write, sign, timestamp, seal.
"""

from __future__ import annotations

import heapq
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from datetime import datetime, timezone
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from checks.timeline.output import manifest
from checks.timeline.output.words import check_title, say
from checks.timeline.output.write import Reference, TimelineRun, Written, output_names, write_record
from checks.timeline.records import Contact, ContactEvent, LogRow, log_row
from checks.timeline.store import EventStore, StoredEvents
from cybercheck.collector import held_off

if TYPE_CHECKING:
    from checks.timeline.api import TimelineResult
    from checks.timeline.output.log import Halves
from cybercheck.casework.diary import DiaryEntry
from cybercheck.errors import ConfigError, CybercheckError
from cybercheck.pipeline.model import CheckResult, EvidenceFile, LoggedEvidence, Report
from cybercheck.secrets import SecretStore
from cybercheck.signing import PublicKey, Signer
from cybercheck.timestamping import Timestamp
from cybercheck.version import __version__


@dataclass(frozen=True)
class Read:
    """What the readers and judgements give: events (each stream in date order), results, sources."""

    streams: Sequence[Iterable[ContactEvent]]
    results: tuple[CheckResult, ...]
    sources: tuple[EvidenceFile, ...]
    threats: tuple[Reference, ...] = ()  # every message that may contain a threat


# (inputs, about, marks): marks holds "asked-to-stop" and "blocked", the dates the person gave, if any.
Reader = Callable[[Mapping[str, tuple[Path, ...]], Contact, Mapping[str, datetime | None]], Read]


@dataclass(frozen=True)
class Request:
    """What to make: from which exports, about whom, where to, and how to protect it."""

    inputs: Mapping[str, tuple[Path, ...]]
    about: Contact
    output: Path  # the .html; the .csv, .json and .manifest.json go beside it
    country: str | None = None
    operator: str | None = None
    case: str | None = None
    account_report: Report | None = None
    account_report_name: str = ""
    tsa: str | None = None
    offline: bool = False
    asked_to_stop: datetime | None = None  # when the person asked them to stop, if they did
    blocked: datetime | None = None  # when the person blocked them, if they did
    diary: tuple[DiaryEntry, ...] = ()  # the case's diary entries, shown at their dates
    evidence_log: tuple[LoggedEvidence, ...] = ()  # the case's evidence log, shown when each item was added


@dataclass(frozen=True)
class Made:
    """The record as made: its files, figures, and how it is protected."""

    written: Written
    files: tuple[Path, ...]  # html, csv, json, manifest (or the one sealed zip)
    manifest: Path
    public_key: PublicKey | None
    unsigned_reason: str | None
    timestamp: Timestamp | None
    source_count: int = 0
    results: tuple[CheckResult, ...] = field(default=())


def parse_day(value: str | None, name: str) -> datetime | None:
    """A date ("2026-10-03") or date and time ("2026-10-03 18:30") in this computer's time zone."""
    from checks.timeline.run import parse_date
    from checks.timeline.sources.clock import local_zone

    try:
        return parse_date(value, local_zone())
    except ValueError:
        raise ConfigError(say("errors.bad_date", value=value or "", name=name)) from None


def parse_about(typed: str) -> Contact:
    """The person from "Alex, +44 7700 900123, ex@example.com": the first part names them, all are matched."""
    from checks.timeline.run import parse_about as readers_parse_about

    about = readers_parse_about([typed])
    if not about.identifiers:
        raise ConfigError(say("errors.no_about"))
    return about


class InDateOrder(Iterable[ContactEvent]):
    """Streams of events, each in date order, read as one in date order (merged lazily, nothing held).

    Read as events, or with `log_rows` as records.LogRow, which a stream that keeps its events
    as plain values (StoredEvents) gives without making an event for each.
    """

    def __init__(self, streams: Sequence[Iterable[ContactEvent]]) -> None:
        # An empty list needs no merging.
        self._streams = [s for s in streams if not isinstance(s, Sized) or len(s)]

    def __iter__(self) -> Iterator[ContactEvent]:
        if len(self._streams) == 1:
            return iter(self._streams[0])
        return heapq.merge(*self._streams, key=lambda e: e.when)

    def log_rows(self) -> Iterator[LogRow]:
        """The events as records.LogRow, in the same order."""
        rows = [_log_rows(stream) for stream in self._streams]
        if len(rows) == 1:
            return rows[0]
        return heapq.merge(*rows, key=itemgetter(0))

    def halves(self) -> Halves | None:
        """The events cut in two to write side by side (see output/log.py), when the first stream keeps
        a long record in a store and the rest are a few events; None otherwise (read them whole)."""
        from checks.timeline.output.log import Halves

        if not self._streams or not isinstance(self._streams[0], _Closing):
            return None
        rest = self._streams[1:]
        if not all(isinstance(stream, (list, tuple)) for stream in rest):
            return None
        first = self._streams[0]
        store = first.store()
        if store is None:
            return None
        others = list(heapq.merge(*(map(log_row, stream) for stream in rest), key=itemgetter(0)))
        return Halves.of(store, others, first.take)


def in_date_order(streams: Sequence[Iterable[ContactEvent]]) -> InDateOrder:
    """One stream in date order from several that each are."""
    return InDateOrder(streams)


def _log_rows(stream: Iterable[ContactEvent]) -> Iterator[LogRow]:
    plain = getattr(stream, "log_rows", None)
    return plain() if plain is not None else map(log_row, stream)


_T = TypeVar("_T")

# What people may type for --input KIND, as the readers name the kinds (checks.timeline.api.INPUT_KINDS).
KIND_ALIASES = {"sms": "sms-backup", "calls": "sms-backup", "mbox": "mail", "eml": "mail", "email": "mail"}


def reader_kind(kind: str) -> str:
    """The readers' name for an --input kind ("sms" -> "sms-backup")."""
    return KIND_ALIASES.get(kind, kind)


def default_reader(
    inputs: Mapping[str, tuple[Path, ...]], about: Contact, marks: Mapping[str, datetime | None]
) -> Read:
    """The timeline's readers and judgement (checks.timeline.api.build_timeline), as the record needs them."""
    from checks.timeline.api import INPUT_KINDS, TimelineInput, build_timeline
    from cybercheck.pipeline.words import text

    unknown = sorted(k for k in inputs if reader_kind(k) not in INPUT_KINDS)
    if unknown:
        raise ConfigError(
            say("errors.unknown_kind", kind=unknown[0], kinds=", ".join((*INPUT_KINDS, *KIND_ALIASES)))
        )
    items = [
        TimelineInput(kind=reader_kind(kind), path=path) for kind, paths in inputs.items() for path in paths
    ]
    result = build_timeline(items, about, marks.get("asked-to-stop"), marks.get("blocked"))
    gaps = tuple(
        f"{Path(g.file).name}{', ' + g.locator if g.locator else ''}: {text(g.key, **g.fields)}"
        for g in result.gaps
    )
    looked_at = tuple(
        f"{Path(s.path).name}: {text('timeline.events-read', count=s.events, files=1)}"
        for s in result.sources
    )
    judged = CheckResult(
        check_id="timeline.contact",
        title=check_title(),
        area="accounts",
        findings=result.findings,
        looked_at=looked_at,
        gaps=gaps,
    )
    sources = tuple(EvidenceFile(s.kind, s.path, s.sha256, s.size) for s in result.sources)
    threats = tuple(
        Reference(m.event.source.file, m.event.source.locator, m.event.when) for m in result.threats
    )
    return Read(
        streams=(_Closing(result), result.other_findings), results=(judged,), sources=sources, threats=threats
    )


class _Closing(Iterable[ContactEvent]):
    """The result's events, read once; their temporary copy is removed when the writer is done with them.

    Nothing else of the result is held once they are read: it keeps every message that may contain
    a threat whole, which a long record need not carry while the rest of it is written.
    """

    def __init__(self, result: TimelineResult) -> None:
        self._result: TimelineResult | None = result

    def __iter__(self) -> Iterator[ContactEvent]:
        return self._read(lambda events: iter(events))

    def log_rows(self) -> Iterator[LogRow]:
        """The events as records.LogRow (see InDateOrder)."""
        return self._read(_log_rows)

    def store(self) -> EventStore | None:
        """The store the events are kept in, while they have not been read."""
        result = self._result
        return result.events.kept if result is not None and isinstance(result.events, StoredEvents) else None

    def take(self) -> Callable[[], None]:
        """The events are read from the store by the caller, not here: what closes the result when done."""
        result, self._result = self._result, None
        assert result is not None
        return result.close

    def _read(self, rows: Callable[[Iterable[ContactEvent]], Iterator[_T]]) -> Iterator[_T]:
        result, self._result = self._result, None
        if result is None:  # read already, like a spent iterator
            return
        try:
            yield from rows(result.events)
        finally:
            result.close()


def make(
    request: Request,
    *,
    reader: Reader | None = None,
    store: SecretStore | None = None,
    seal_with: Callable[[dict[str, bytes]], Path] | None = None,
) -> Made:
    """Read the exports, write the record, sign its manifest and timestamp it if asked.

    With `seal_with`, the files are written to a private temporary folder and handed over as
    {name: bytes} to be sealed; nothing unsealed is left on disk.
    """
    if request.output.suffix.lower() not in (".html", ".htm"):
        raise ConfigError(say("errors.output_kind"))
    started = datetime.now(timezone.utc)
    # The collector stays paused between reading and writing too: its first pass after reading would
    # go through every event object made while it was paused and still held.
    with held_off(), tempfile.TemporaryDirectory(prefix="cybercheck-timeline-") as private:
        inputs = dict(request.inputs)
        if request.account_report is not None and "report" not in inputs:
            # A report held in memory (a case's sealed scan, the guided session's) is read like a saved one.
            from cybercheck.report.json_report import render_json

            kept = Path(private) / (request.account_report_name or "cybercheck-report.json")
            kept.write_text(render_json(request.account_report), encoding="utf-8")
            inputs["report"] = (kept,)
        marks = {"asked-to-stop": request.asked_to_stop, "blocked": request.blocked}
        read = _with_casework(
            (reader or default_reader)(inputs, request.about, marks), request, Path(private)
        )
        signer, unsigned_reason = _signer(store)
        public_key = signer.public_key if signer else None
        html = Path(private) / request.output.name if seal_with else request.output
        run = TimelineRun(
            about=request.about,
            events=in_date_order(read.streams),
            results=read.results,
            sources=read.sources,
            started=started,
            country=request.country,
            operator=request.operator,
            case=request.case,
            account_report=request.account_report,
            threats=read.threats,
            account_report_name=request.account_report_name,
        )
        names = output_names(html)
        written = write_record(
            run,
            html,
            public_key=public_key.text if public_key else None,
            key_fingerprint=public_key.fingerprint if public_key else None,
            tsa=request.tsa,
        )
        body = manifest.build(
            version=__version__,
            started=started,
            finished=written.finished,
            sources=read.sources,
            outputs=written.files,
            events=written.tally.contacts + written.tally.replies + written.tally.other,
            public_key=public_key,
        )
        try:
            timestamp = _stamp(request, manifest.canonical(body)) if request.tsa else None
        except CybercheckError:
            for path in written.files:  # no record is left half-made: without its timestamp, none at all
                path.unlink(missing_ok=True)
            raise
        from cybercheck.report.save import save_atomically

        save_atomically(names["manifest"], manifest.seal(body, signer, timestamp, request.tsa))
        files = (*written.files, names["manifest"])
        if seal_with:
            sealed = seal_with({path.name: path.read_bytes() for path in files})
            files = (sealed,)
    return Made(
        written=written,
        files=files,
        manifest=names["manifest"],
        public_key=public_key,
        unsigned_reason=unsigned_reason,
        timestamp=timestamp,
        source_count=len(read.sources),
        results=read.results,
    )


def _with_casework(read: Read, request: Request, private: Path) -> Read:
    """The case's diary and evidence log as events of the record, each read from a JSON copy that is fingerprinted.

    They are never counted as contact; the copies live in the private folder, so their
    fingerprints in the manifest say what was shown, not a file left on disk.
    """
    import json
    from dataclasses import asdict, replace

    from checks.timeline.sources.base import Reading
    from checks.timeline.sources.casework import diary_events, evidence_events
    from checks.timeline.sources.clock import local_zone

    streams = list(read.streams)
    sources = list(read.sources)
    name = request.case or "case"
    if request.diary:
        copy = private / f"case-{name}-diary.json"
        copy.write_text(
            json.dumps([e.as_dict() for e in request.diary], ensure_ascii=False, indent=1), encoding="utf-8"
        )
        reading = Reading.of(copy, "diary")
        streams.append(sorted(diary_events(request.diary, reading, local=local_zone()), key=lambda e: e.when))
        sources.append(EvidenceFile("diary", copy.name, reading.sha256, reading.size))
    if request.evidence_log:
        copy = private / f"case-{name}-evidence-log.json"
        items = [{**asdict(e), "added": e.added.isoformat()} for e in request.evidence_log]
        copy.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
        reading = Reading.of(copy, "evidence-log")
        streams.append(sorted(evidence_events(request.evidence_log, reading), key=lambda e: e.when))
        sources.append(EvidenceFile("evidence-log", copy.name, reading.sha256, reading.size))
    return replace(read, streams=tuple(streams), sources=tuple(sources))


def _signer(store: SecretStore | None) -> tuple[Signer | None, str | None]:
    from cybercheck.secrets import NoKeyring

    try:
        return Signer(store), None
    except NoKeyring:  # the record is still made, unsigned, and says so
        return None, say("terminal.no_keyring")
    except CybercheckError as error:  # a damaged key in the keyring
        return None, error.plain


def _stamp(request: Request, data: bytes) -> Timestamp:
    from cybercheck.net import make_session
    from cybercheck.timestamping import stamp

    assert request.tsa is not None
    return stamp(make_session(offline=request.offline, retries=1), request.tsa, data)
