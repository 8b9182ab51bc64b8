"""Case history: each client's saved scans, evidence log, diary and sessions, sealed, in the data folder.

A case lives in `data_dir()/cases/REF/` under a reference the worker chooses (no names
needed). Everything in it is sealed with the case's passphrase (cybercheck.casework.sealing): the
index `case.seal`, and one file per saved scan, guided session and kept evidence file. The
latest saved scan is the baseline of the next one, and `compare` says what is new, gone or
changed between two scans.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cybercheck.casework.sealing import Sealer, Tampered, read_header
from cybercheck.errors import ConfigError
from cybercheck.pipeline.model import Finding, LoggedEvidence, Report
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

INDEX = "case.seal"
FORMAT = 1
_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


def cases_dir() -> Path:
    """The folder that holds every case."""
    from cybercheck.paths import data_dir

    return data_dir() / "cases"


def check_ref(ref: str) -> str:
    """`ref` if it is a usable case reference, else ConfigError."""
    if not _REF.match(ref or "") or ref in (".", ".."):
        raise ConfigError(text("cybercheck.case-ref-invalid"))
    return ref


def list_cases() -> list[str]:
    """The references of every case on this computer (read from folder names; nothing is opened)."""
    folder = cases_dir()
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / INDEX).is_file() and _REF.match(p.name))


def case_exists(ref: str) -> bool:
    """Whether a case with this reference exists."""
    return (cases_dir() / check_ref(ref) / INDEX).is_file()


def delete_case(ref: str) -> bool:
    """Remove a case and every file in it; False when there was none."""
    folder = cases_dir() / check_ref(ref)
    if not folder.exists():
        return False
    shutil.rmtree(folder)
    return True


@dataclass(frozen=True, slots=True)
class SavedScan:
    """One scan saved into a case."""

    number: int
    saved: datetime
    file: str
    checks: int
    findings: int
    kind: str = "scan"  # "scan" or "guide"


def _utc(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class Case:
    """One open case: its index is held in memory and re-sealed on every change."""

    def __init__(self, ref: str, folder: Path, sealer: Sealer, index: dict[str, Any]) -> None:
        self.ref = ref
        self.folder = folder
        self._sealer = sealer
        self._index = index

    # opening ------------------------------------------------------------------------------
    @classmethod
    def create(cls, ref: str, passphrase: Secret, *, now: datetime | None = None) -> Case:
        """A new, empty case; ConfigError if one already has this reference."""
        folder = cases_dir() / check_ref(ref)
        if (folder / INDEX).exists():
            raise ConfigError(text("cybercheck.case-exists", ref=ref))
        cases_dir().mkdir(parents=True, exist_ok=True)
        private_folder(cases_dir())
        folder.mkdir(exist_ok=True, mode=0o700)
        created = now or datetime.now(timezone.utc)
        index = {
            "format": FORMAT,
            "ref": ref,
            "created": _utc(created),
            "scans": [],
            "evidence": [],
            "diary": [],
            "sessions": [],
        }
        case = cls(ref, folder, Sealer(passphrase), index)
        case._write_index()
        return case

    @classmethod
    def open(cls, ref: str, passphrase: Secret) -> Case:
        """An existing case; ConfigError if there is none, WrongPassphrase or Tampered if it cannot be opened."""
        folder = cases_dir() / check_ref(ref)
        path = folder / INDEX
        if not path.is_file():
            raise ConfigError(text("cybercheck.case-unknown", ref=ref))
        blob = path.read_bytes()
        header = read_header(blob)
        sealer = Sealer(passphrase, salt=header.salt, params=header.params)
        try:
            index = json.loads(sealer.unseal(blob))
        except ValueError:
            raise Tampered(text("cybercheck.case-index-damaged", ref=ref)) from None
        if not isinstance(index, dict) or index.get("ref") != ref:
            raise Tampered(text("cybercheck.case-index-elsewhere", ref=ref))
        return cls(ref, folder, sealer, index)

    @property
    def created(self) -> datetime:
        """When the case was made."""
        return _parse(self._index["created"])

    # files --------------------------------------------------------------------------------
    def _write(self, relative: str, data: bytes) -> None:
        from cybercheck.report.save import save_atomically

        path = self.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        save_atomically(path, self._sealer.seal(data))

    def _read(self, relative: str) -> bytes:
        path = self.folder / relative
        if not path.is_file():
            raise Tampered(text("cybercheck.case-file-missing", ref=self.ref, file=relative))
        return self._sealer.unseal(path.read_bytes())

    def _write_index(self) -> None:
        self._write(INDEX, json.dumps(self._index, ensure_ascii=False).encode("utf-8"))

    def _next(self, key: str) -> int:
        return max((int(item["number"]) for item in self._index[key]), default=0) + 1

    # scans --------------------------------------------------------------------------------
    def save_scan(self, report: Report, *, kind: str = "scan") -> SavedScan:
        """Keep a report in the case's history."""
        from cybercheck.report.json_report import render_json

        number = self._next("scans")
        entry = SavedScan(
            number=number,
            saved=report.meta.generated_at,
            file=f"scans/{number:04d}.seal",
            checks=len(report.results),
            findings=sum(len(r.findings) for r in report.results),
            kind=kind,
        )
        self._write(entry.file, render_json(report).encode("utf-8"))
        self._index["scans"].append(
            {
                "number": number,
                "saved": _utc(entry.saved),
                "file": entry.file,
                "checks": entry.checks,
                "findings": entry.findings,
                "kind": kind,
            }
        )
        self._write_index()
        return entry

    def scans(self) -> list[SavedScan]:
        """Every saved scan, oldest first."""
        return [
            SavedScan(
                int(s["number"]),
                _parse(s["saved"]),
                s["file"],
                int(s["checks"]),
                int(s["findings"]),
                s.get("kind", "scan"),
            )
            for s in self._index["scans"]
        ]

    def load_scan(self, scan: SavedScan) -> Report:
        """A saved scan's report."""
        from cybercheck.report.json_report import read_report

        return read_report(self._read(scan.file).decode("utf-8"))

    def latest(self) -> Report | None:
        """The last saved scan: the baseline for the next one."""
        scans = self.scans()
        return self.load_scan(scans[-1]) if scans else None

    # guided sessions ----------------------------------------------------------------------
    def save_session(self, record: dict[str, Any], *, when: datetime) -> int:
        """Keep a guided session's answers and plan (sealed, as everything here)."""
        number = self._next("sessions")
        relative = f"sessions/{number:04d}.seal"
        self._write(relative, json.dumps(record, ensure_ascii=False).encode("utf-8"))
        self._index["sessions"].append({"number": number, "saved": _utc(when), "file": relative})
        self._write_index()
        return number

    def sessions(self) -> list[dict[str, Any]]:
        """Every saved guided session record, oldest first."""
        return [json.loads(self._read(item["file"])) for item in self._index["sessions"]]

    # evidence (see cybercheck.casework.evidence_log) -----------------------------------------------
    def log_evidence(self, item: LoggedEvidence, data: bytes | None) -> None:
        """Add an evidence-log entry, keeping `data` sealed in the case when given."""
        number = self._next("evidence")
        if data is not None:
            self._write(f"evidence/{number:04d}.seal", data)
        self._index["evidence"].append(
            {
                "number": number,
                "name": item.name,
                "sha256": item.sha256,
                "size": item.size,
                "added": _utc(item.added),
                "note": item.note,
                "path": item.path,
                "kept": data is not None,
            }
        )
        self._write_index()

    def evidence(self) -> tuple[LoggedEvidence, ...]:
        """The evidence log, oldest first."""
        return tuple(
            LoggedEvidence(
                e["name"],
                e["sha256"],
                int(e["size"]),
                _parse(e["added"]),
                e.get("note", ""),
                e.get("path", ""),
                bool(e.get("kept")),
            )
            for e in self._index["evidence"]
        )

    def kept_copies(self) -> Iterator[tuple[LoggedEvidence, bytes | None]]:
        """Each logged file with its kept copy (None when only its hash was recorded)."""
        for raw, item in zip(self._index["evidence"], self.evidence(), strict=True):
            yield item, self._read(f"evidence/{int(raw['number']):04d}.seal") if item.kept else None

    # diary --------------------------------------------------------------------------------
    def add_diary(self, entry: dict[str, str]) -> int:
        """Add one diary entry (diary.DiaryEntry as a dict); its number."""
        number = self._next("diary")
        self._index["diary"].append({"number": number, **entry})
        self._write_index()
        return number

    def diary(self) -> list[dict[str, str]]:
        """Every diary entry as stored, oldest first."""
        return [dict(e) for e in self._index["diary"]]


# --- what changed between two scans ------------------------------------------------------------


def _key(check_id: str, finding: Finding) -> tuple[str, str, str]:
    return check_id, finding.code, finding.subject


def _shape(finding: Finding) -> tuple[object, ...]:
    return finding.severity, tuple((e.source, tuple(sorted(e.fields.items()))) for e in finding.evidence)


@dataclass(frozen=True, slots=True)
class Change:
    """One finding that differs between two scans."""

    check_id: str
    finding: Finding
    before: Finding | None = None  # for "changed": the earlier form


@dataclass(frozen=True, slots=True)
class Comparison:
    """What is new, gone and changed since an earlier scan, and which checks only one of them ran."""

    new: tuple[Change, ...]
    gone: tuple[Change, ...]
    changed: tuple[Change, ...]
    unchanged: int
    not_compared: tuple[str, ...]  # checks that did not run fully in both, so "gone" cannot be said

    @property
    def any(self) -> bool:
        """Whether anything differs."""
        return bool(self.new or self.gone or self.changed)


def _findings(report: Report) -> dict[tuple[str, str, str], tuple[str, Finding]]:
    return {
        _key(r.result.check_id, f.finding): (r.result.check_id, f.finding)
        for r in report.results
        for f in r.findings
    }


def compare(before: Report, after: Report) -> Comparison:
    """New, gone and changed findings from `before` to `after`.

    A finding only counts as gone when its check ran fully this time: a check that could
    not run says nothing about whether the thing is still there.
    """
    old, now = _findings(before), _findings(after)
    complete_now = {r.result.check_id for r in after.results if r.result.complete or r.result.findings}
    new = tuple(Change(c, f) for k, (c, f) in now.items() if k not in old)
    changed = tuple(
        Change(c, f, old[k][1]) for k, (c, f) in now.items() if k in old and _shape(old[k][1]) != _shape(f)
    )
    gone, skipped = [], set()
    for k, (c, f) in old.items():
        if k in now:
            continue
        if c in complete_now:
            gone.append(Change(c, f))
        else:
            skipped.add(c)
    unchanged = sum(1 for k in now if k in old and _shape(old[k][1]) == _shape(now[k][1]))
    return Comparison(new, tuple(gone), changed, unchanged, tuple(sorted(skipped)))


def private_folder(path: Path) -> None:
    """Make a folder only its owner can read (best effort on systems without POSIX modes)."""
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)
