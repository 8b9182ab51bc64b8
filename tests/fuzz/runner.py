"""Runs mutated inputs through a reader's check, each in a forked child with memory and time limits.

The parent imports everything and runs each seed once (so that forking is cheap and the child
starts warm), then forks one child per input. The child builds the input, asks the reader's
oracle whether it is still the format, runs the check, renders the result in every report
format, and writes one JSON line back. The parent kills a child past the time limit (a hang)
and reads its peak memory from wait4.
"""

from __future__ import annotations

import faulthandler
import json
import os
import random
import resource
import signal
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fuzz.mutate import build_zip, container_mutation, mutate_bytes
from tests.fuzz.readers import Reader, Seed, readers, seed_bytes, seed_members, write_tree

MEMORY_LIMIT = 512 * 1024**2
# A forked child starts with the parent's resident pages (much more inside a long test run), so an input
# is charged what it added to a fresh process's memory: this much, measured for `cybercheck` with a
# check and its data loaded.
FRESH_PROCESS = 128 * 1024**2
HARD_MEMORY = 1536 * 1024**2  # a child allocating past this is stopped (and counted as over 512 MB)


@dataclass
class Tally:
    """The figures for one reader."""

    reader: str
    inputs: int = 0
    damaged: int = 0
    tracebacks: int = 0
    hangs: int = 0
    over_memory: int = 0
    damaged_clean: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    peak_mb: float = 0.0
    seconds: float = 0.0
    examples: list[dict[str, Any]] = field(default_factory=list)

    def keep(self, kind: str, case: dict[str, Any], folder: Path | None, data: bytes) -> None:
        if sum(1 for e in self.examples if e["kind"] == kind) >= 5:
            return
        example = {"kind": kind, **case}
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            name = f"{self.reader}-{kind}-{case['index']}.bin"
            (folder / name).write_bytes(data)
            example["saved"] = name
        self.examples.append(example)

    def line(self) -> str:
        per = self.seconds / self.inputs * 1000 if self.inputs else 0.0
        return (
            f"{self.reader}: {self.inputs} inputs ({self.damaged} no longer the format), "
            f"{self.tracebacks} tracebacks, {self.hangs} hangs, {self.over_memory} over 512 MB, "
            f"{self.damaged_clean} damaged reported clean; {per:.0f} ms/input, peak {self.peak_mb:.0f} MB; "
            f"statuses {dict(self.statuses)}"
        )


@dataclass(frozen=True)
class Case:
    """One generated input."""

    index: int
    seed: Seed
    target: str
    layout: str
    mutation: str
    data: bytes  # the mutated target (or the whole zip for a container mutation)
    container: bool = False


def generate(reader: Reader, rng: random.Random, index: int) -> Case:
    """One mutated input for `reader`."""
    seed = rng.choice(reader.seeds)
    target = rng.choice(seed.targets)
    layout = rng.choice(reader.layouts)
    if layout == "zip" and rng.random() < 0.15:
        kind, data = container_mutation(rng, seed_members(seed), target)
        return Case(index, seed, target, layout, f"zip-{kind}", data, container=True)
    mutation, data = mutate_bytes(rng, seed_bytes(reader, seed, target))
    return Case(index, seed, target, layout, mutation, data)


def prepare(reader: Reader, case: Case, work: Path) -> Path:
    """Lay the input out as the person would give it; the path handed to the check."""
    if reader.run is not None:
        path = work / case.target
        path.write_bytes(case.data)
        return path
    if case.layout == "file":
        path = work / case.target
        path.write_bytes(case.data)
        return path
    if case.container:
        path = work / "export.zip"
        path.write_bytes(case.data)
        return path
    members = seed_members(case.seed)
    members[case.target] = case.data
    if case.layout == "folder":
        write_tree(members, work / "export")
        return work / "export"
    path = work / "export.zip"
    path.write_bytes(build_zip(members))
    return path


def still_the_format(reader: Reader, case: Case) -> bool:
    """The oracle's answer (a hostile container is damage by construction)."""
    if case.container:
        return False
    return reader.oracle(case.target, case.data)


def run_case(reader: Reader, case: Case, path: Path) -> Any:
    """The CheckResult of one input."""
    if reader.run is not None:
        return reader.run(path, case.data)
    from cybercheck.testing import run

    return run(reader.check_class(), inputs={reader.input: path, **reader.extra}, offline=True)


def _render(result: Any) -> None:
    from cybercheck.report import FORMATS, renderer
    from cybercheck.report.build import build_report

    report = build_report([result], generated_at=result.finished or result.started, country="GB")
    for name in FORMATS:
        renderer(name)(report).encode("utf-8")


def _child(reader: Reader, case: Case, work: Path, out: Path) -> None:
    answer: dict[str, Any] = {"start_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    try:
        path = prepare(reader, case, work)
        answer["format"] = still_the_format(reader, case)
        limit = _data_segment() + HARD_MEMORY  # beyond what the child inherited
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
        result = run_case(reader, case, path)
        if reader.after is not None:
            answer["format"] = reader.after()
        answer["status"] = result.status.value
        expected = reader.expected_gaps()
        if (
            result.status.value in ("incomplete", "found")
            and result.looked_at
            and not result.problem
            and not result.unmet
            and all(g in expected for g in result.gaps)
            and all(f.code in reader.expected_findings for f in result.findings)
        ):
            answer["status"] = "clean"  # nothing but the gaps and findings every run of this check has
        problem = result.problem
        answer["traceback"] = bool(problem and "fault in its own code" in str(problem.plain))
        if answer["traceback"]:
            answer["detail"] = str(problem.detail)[-1500:]
        answer["gaps"] = [str(g)[:200] for g in result.gaps][:3]
        answer["problem"] = str(problem.plain)[:200] if problem else ""
        try:
            _render(result)
        except Exception:  # noqa: BLE001 - a renderer fault is what is being counted
            answer["traceback"] = True
            answer["detail"] = "rendering: " + traceback.format_exc()[-1500:]
    except MemoryError:
        answer["memory"] = True
    except Exception:  # noqa: BLE001 - a fault outside the check's own guard (the harness or the runner)
        answer["traceback"] = True
        answer["detail"] = "outside the check: " + traceback.format_exc()[-1500:]
    out.write_text(json.dumps(answer))


def _data_segment() -> int:
    """This process's data segment now, in bytes (Linux; 0 elsewhere)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0
    found = next((line for line in status.splitlines() if line.startswith("VmData:")), "")
    return int(found.split()[1]) * 1024 if found else 0


def fuzz(
    reader: Reader,
    count: int,
    *,
    seed: int = 0,
    jobs: int = 2,
    time_limit: float = 30.0,
    keep: Path | None = None,
    progress: bool = False,
) -> Tally:
    """Run `count` mutated inputs through `reader`'s check; the figures."""
    rng = random.Random(f"{reader.name}:{seed}")
    tally = Tally(reader.name)
    time_limit = reader.time_limit or time_limit
    _warm(reader)
    started = time.monotonic()
    running: dict[int, tuple[float, Case, Path]] = {}
    with tempfile.TemporaryDirectory(prefix="cybercheck-fuzz-") as scratch:
        index = 0
        while index < count or running:
            while index < count and len(running) < jobs:
                case = generate(reader, rng, index)
                work = Path(scratch) / str(index)
                work.mkdir()
                pid = os.fork()
                if pid == 0:  # the child
                    code = 0
                    try:
                        # Where a hang is stuck, written just before the parent kills it.
                        stacks = (work / "stacks.txt").open("w")
                        faulthandler.dump_traceback_later(max(time_limit - 1, 1), file=stacks)
                        _child(reader, case, work, work / "answer.json")
                    except BaseException:  # noqa: BLE001 - the child must always leave through os._exit
                        code = 3
                    os._exit(code)
                running[pid] = (time.monotonic(), case, work)
                index += 1
            pid, _status, usage = os.wait4(-1, os.WNOHANG)
            if pid == 0:
                now = time.monotonic()
                for other, (began, _case, _work) in list(running.items()):
                    if now - began > time_limit:
                        os.kill(other, signal.SIGKILL)
                time.sleep(0.002)
                continue
            began, case, work = running.pop(pid)
            _record(tally, case, work, usage, time.monotonic() - began > time_limit, keep)
            _remove(work)
    tally.seconds = time.monotonic() - started
    if progress:
        print(tally.line(), flush=True)
    return tally


def _record(tally: Tally, case: Case, work: Path, usage: Any, overran: bool, keep: Path | None) -> None:
    tally.inputs += 1
    answer_file = work / "answer.json"
    answer = json.loads(answer_file.read_text()) if answer_file.exists() else {}
    added = (usage.ru_maxrss - answer.get("start_kb", 0)) / 1024
    peak = added + FRESH_PROCESS / 1024**2
    tally.peak_mb = max(tally.peak_mb, peak)
    info = {
        "index": case.index,
        "seed": str(case.seed.root.name),
        "target": case.target,
        "layout": case.layout,
        "mutation": case.mutation,
        "peak_mb": round(peak),
    }
    if not answer.get("format", True):
        tally.damaged += 1
    status = answer.get("status", "killed" if overran else "no answer")
    tally.statuses[status] += 1
    if overran:
        tally.hangs += 1
        stacks = work / "stacks.txt"
        where = stacks.read_text(errors="replace")[-3000:] if stacks.exists() else ""
        tally.keep("hang", {**info, "stacks": where}, keep, case.data)
    if answer.get("memory") or peak > MEMORY_LIMIT / 1024**2 or (not answer and not overran):
        tally.over_memory += 1
        tally.keep("memory", info, keep, case.data)
    if answer.get("traceback"):
        tally.tracebacks += 1
        tally.keep("traceback", {**info, "detail": answer.get("detail", "")}, keep, case.data)
    if answer.get("format") is False and status == "clean":
        tally.damaged_clean += 1
        tally.keep("damaged-clean", info, keep, case.data)


def _remove(work: Path) -> None:
    import shutil

    shutil.rmtree(work, ignore_errors=True)


def _warm(reader: Reader) -> None:
    """Run every seed once in this process, so that children start with everything imported and loaded."""
    rng = random.Random(0)
    with tempfile.TemporaryDirectory(prefix="cybercheck-warm-") as scratch:
        for number, seed in enumerate(reader.seeds[:3]):
            target = seed.targets[0]
            layout = reader.layouts[0]
            case = Case(-1, seed, target, layout, "none", seed_bytes(reader, seed, target))
            work = Path(scratch) / str(number)
            work.mkdir()
            _render(run_case(reader, case, prepare(reader, case, work)))
    del rng


def all_readers() -> dict[str, Reader]:
    """The registry, for the command line and the tests."""
    return readers()
