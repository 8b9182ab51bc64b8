"""Making a record, the same for every front end (CLI, guided session, web app): read, write, sign, stamp, seal."""

from __future__ import annotations

import heapq
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from checks.timeline.output import manifest
from checks.timeline.output.words import say
from checks.timeline.output.write import TimelineRun, Written, output_names, write_record
from checks.timeline.records import Contact, ContactEvent
from cybercheck.errors import ConfigError, CybercheckError
from cybercheck.model import CheckResult, EvidenceFile, Report
from cybercheck.secrets import SecretStore
from cybercheck.signing import PublicKey, Signer
from cybercheck.timestamping import Timestamp
from cybercheck.version import __version__


@dataclass(frozen=True)
class Read:
    """What the readers and judgements give the record: events (each source in date order), results, sources."""

    streams: Sequence[Iterable[ContactEvent]]
    results: tuple[CheckResult, ...]
    sources: tuple[EvidenceFile, ...]


Reader = Callable[[Mapping[str, tuple[Path, ...]], Contact], Read]


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
    account_report_file: EvidenceFile | None = None
    tsa: str | None = None
    offline: bool = False


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


def parse_about(text: str) -> Contact:
    """The person's numbers, addresses and handles from "+44 7700 900123, ex@example.com"."""
    identifiers = tuple(dict.fromkeys(normalise(part) for part in text.split(",") if part.strip()))
    if not identifiers:
        raise ConfigError(say("errors.no_about"))
    return Contact(name="", identifiers=identifiers)


_NUMBER = re.compile(r"^\+?[\d\s().-]{5,}$")


def normalise(identifier: str) -> str:
    """A number without spaces or punctuation (keeping a leading +), an address or handle in lower case."""
    value = identifier.strip()
    if _NUMBER.match(value):
        return ("+" if value.startswith("+") else "") + re.sub(r"\D", "", value)
    return value.lower()


def in_date_order(streams: Sequence[Iterable[ContactEvent]]) -> Iterator[ContactEvent]:
    """One stream in date order from several that each are (merged lazily, nothing held)."""
    return heapq.merge(*streams, key=lambda e: e.when)


def default_reader(inputs: Mapping[str, tuple[Path, ...]], about: Contact) -> Read:
    """The timeline's readers and judgements (checks.timeline.run)."""
    try:
        from checks.timeline.run import read_for_record  # type: ignore[attr-defined,unused-ignore]  # the reader half
    except ImportError:
        raise ConfigError(say("errors.reader_missing")) from None
    read: Read = read_for_record(inputs, about)
    return read


def make(request: Request, *, reader: Reader | None = None, store: SecretStore | None = None,
         seal_with: Callable[[dict[str, bytes]], Path] | None = None) -> Made:
    """Read the exports, write the record, sign its manifest and timestamp it if asked.

    With `seal_with`, the files are written to a private temporary folder and handed over as
    {name: bytes} to be sealed; nothing unsealed is left on disk.
    """
    if request.output.suffix.lower() not in (".html", ".htm"):
        raise ConfigError(say("errors.output_kind"))
    started = datetime.now(timezone.utc)
    read = (reader or default_reader)(request.inputs, request.about)
    signer, unsigned_reason = _signer(store)
    public_key = signer.public_key if signer else None
    with tempfile.TemporaryDirectory(prefix="cybercheck-timeline-") as private:
        html = Path(private) / request.output.name if seal_with else request.output
        run = TimelineRun(
            about=request.about, events=in_date_order(read.streams), results=read.results, sources=read.sources,
            started=started, country=request.country, operator=request.operator, case=request.case,
            account_report=request.account_report, account_report_file=request.account_report_file,
        )
        names = output_names(html)
        written = write_record(
            run, html, public_key=public_key.text if public_key else None,
            key_fingerprint=public_key.fingerprint if public_key else None, tsa=request.tsa,
        )
        body = manifest.build(
            version=__version__, started=started, finished=written.finished,
            sources=read.sources + ((request.account_report_file,) if request.account_report_file else ()),
            outputs=written.files, events=written.tally.contacts + written.tally.replies + written.tally.other,
            public_key=public_key,
        )
        timestamp = _stamp(request, manifest.canonical(body)) if request.tsa else None
        from cybercheck.report.save import save_atomically

        save_atomically(names["manifest"], manifest.seal(body, signer, timestamp, request.tsa))
        files = (*written.files, names["manifest"])
        if seal_with:
            sealed = seal_with({path.name: path.read_bytes() for path in files})
            files = (sealed,)
    return Made(
        written=written, files=files, manifest=names["manifest"], public_key=public_key,
        unsigned_reason=unsigned_reason, timestamp=timestamp, source_count=len(read.sources), results=read.results,
    )


def _signer(store: SecretStore | None) -> tuple[Signer | None, str | None]:
    try:
        return Signer(store), None
    except CybercheckError as error:  # no keyring, or a damaged key: the record is still made, unsigned
        return None, error.plain


def _stamp(request: Request, data: bytes) -> Timestamp:
    from cybercheck.net import make_session
    from cybercheck.timestamping import stamp

    assert request.tsa is not None  # noqa: S101 - only called when a TSA was named
    return stamp(make_session(offline=request.offline, retries=1), request.tsa, data)
