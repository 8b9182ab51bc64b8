"""SIGKILL a process at random moments while it writes a case, and check what it leaves.

A forked child keeps saving scans, kept evidence and diary entries into one case; the parent
kills it after a random delay. After every kill: no file under a final name is half-written
(each one unseals whole), every file the index names is there and whole, and once the case's
unfinished saves are cleared, no temporary copy is left. At the end the case opens again with
its passphrase, the way a support worker would open it.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from cybercheck.casework.cases import INDEX, Case
from cybercheck.pipeline.model import CheckResult, LoggedEvidence, Report
from cybercheck.report.build import build_report
from cybercheck.report.save import MARK, clear_unfinished_saves
from cybercheck.secrets import Secret

WHEN = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
PASSPHRASE = "a long case passphrase for the kill test"


@dataclass
class Kills:
    """What the kills left behind."""

    kills: int = 0
    half_written: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    temporary_left: list[str] = field(default_factory=list)
    opens: bool = False
    scans: int = 0

    @property
    def ok(self) -> bool:
        return self.opens and not (self.half_written or self.missing or self.temporary_left)


def _writer(case: Case, report: Report, rng: random.Random) -> None:
    """Write into the case until killed."""
    while True:
        choice = rng.randrange(3)
        if choice == 0:
            case.save_scan(report)
        elif choice == 1:
            data = rng.randbytes(rng.randint(1, 2_000_000))
            item = LoggedEvidence("photo.jpg", hashlib.sha256(data).hexdigest(), len(data), WHEN, kept=True)
            case.log_evidence(item, data)
        else:
            case.add_diary({"when": "2026-12-01T12:00:00Z", "what": "a call"})


def _fresh(case: Case) -> Case:
    """The case as it now is on disk, without deriving its key again."""
    sealer = case._sealer
    return Case(case.ref, case.folder, sealer, json.loads(sealer.unseal((case.folder / INDEX).read_bytes())))


def _inspect(case: Case, result: Kills) -> None:
    sealer = case._sealer
    try:
        index = json.loads(sealer.unseal((case.folder / INDEX).read_bytes()))
    except Exception:  # noqa: BLE001 - a half-written index is the worst outcome; it is counted, not raised
        result.half_written.append(INDEX)
        return
    for path in sorted(case.folder.rglob("*")):
        if not path.is_file() or MARK in path.name:
            continue
        try:
            sealer.unseal(path.read_bytes())
        except Exception:  # noqa: BLE001 - any failure to unseal is a half-written or damaged file
            result.half_written.append(path.relative_to(case.folder).as_posix())
    named = [s["file"] for s in index["scans"]] + [
        f"evidence/{e['number']:04d}.seal" for e in index["evidence"] if e["kept"]
    ]
    result.missing += [n for n in named if not (case.folder / n).is_file()]
    result.scans = len(index["scans"])


def kill_case_writes(times: int, *, seed: int = 0, ref: str = "K-1") -> Kills:
    """Kill a case writer `times` times (the data folder is whatever CYBERCHECK_DATA_DIR says)."""
    rng = random.Random(seed)
    passphrase = Secret(PASSPHRASE)
    existing = Path(os.environ["CYBERCHECK_DATA_DIR"]) / "cases" / ref
    case = Case.open(ref, passphrase) if existing.exists() else Case.create(ref, passphrase, now=WHEN)
    bulky = CheckResult(check_id="mail.takeout", title="t", area="accounts", looked_at=("x" * 1_000_000,))
    report = build_report([bulky], generated_at=WHEN, country="GB")  # built once: the child only writes
    result = Kills()
    for _ in range(times):
        pid = os.fork()
        if pid == 0:
            try:
                _writer(_fresh(case), report, random.Random(rng.random()))
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.005, 0.3))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        result.kills += 1
        _inspect(case, result)
    clear_unfinished_saves()
    result.temporary_left = [p.name for p in case.folder.rglob("*") if MARK in p.name]
    try:
        result.opens = Case.open(ref, passphrase).created == WHEN
    except Exception:  # noqa: BLE001 - a case that no longer opens is counted, not raised
        result.opens = False
    return result
