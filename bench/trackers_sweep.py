"""Benchmark: a recorded Bluetooth sweep of N advertisements judged by trackers.nearby.

    python bench/trackers_sweep.py [ADVERTISEMENTS ...]      (default: 1000000)

The sweep is the tests' generated day (tests/checks/trackers/sweepgen.py: 200 devices around,
three places, the person's own trackers near them, one AirTag away from its owner travelling
with them), heard often enough to reach N lines. Each size is judged three times, each in a
fresh process, through the check itself (cybercheck.testing.run), which prints wall seconds, the
process's own CPU seconds, peak resident memory, the time split between reading and judging,
and the load average. The aim is a million advertisements in under 5 s.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3


def write_sweep(path: Path, count: int) -> None:
    """The generated sweep, cut at `count` lines (ticks fine enough to reach it)."""
    sys.path.insert(0, str(ROOT))
    from tests.checks.trackers import sweepgen

    minutes = 150.0
    tick = minutes * 60 * 36 / count  # about 39 devices are heard a tick: overshoot, then cut
    written = 0
    with path.open("wb") as out:
        for line in sweepgen.lines(minutes=minutes, tick_seconds=tick):
            out.write(line)
            written += 1
            if written == count:
                break


def measure(path: Path) -> None:
    """Judge `path` with the check and print the figures of this process."""
    from checks.trackers.checks import NearbyTrackers
    from checks.trackers.judge.following import judge
    from checks.trackers.judge.link import link
    from checks.trackers.judge.recognise import Recogniser, digest
    from checks.trackers.sources.recorded import read_sweep
    from cybercheck.testing import run

    began, cpu = time.perf_counter(), time.process_time()
    result = run(NearbyTrackers, inputs={"sweep": str(path)})
    wall, used = time.perf_counter() - began, time.process_time() - cpu
    recogniser = Recogniser()
    split = time.perf_counter()
    with path.open("rb") as stream:
        summary = digest(read_sweep(stream, recogniser.interest()), recogniser)
    read = time.perf_counter() - split
    split = time.perf_counter()
    judge(link(summary.sightings), summary)
    judged = time.perf_counter() - split
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    codes = ",".join(sorted({f.code.rsplit(".", 1)[-1] for f in result.findings}))
    print(
        f"{summary.advertisements} ads, {len(summary.sightings)} tracker sightings: {wall:.2f} s wall, "
        f"{used:.2f} s CPU, peak {peak:.0f} MB; read+recognise {read:.2f} s, link+judge {judged:.2f} s; "
        f"findings {codes}; load {os.getloadavg()[0]:.2f}"
    )


def main(sizes: list[int]) -> None:
    """Write each sweep once, then judge it in fresh processes."""
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"sweep-{size}.jsonl"
            write_sweep(path, size)
            print(f"{size} lines, {path.stat().st_size / 1e6:.0f} MB", flush=True)
            for _ in range(RUNS):
                subprocess.run(
                    [sys.executable, __file__, "--measure", str(path)],
                    check=True,
                    cwd=ROOT,
                    env={**os.environ, "PYTHONPATH": str(ROOT)},
                )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        measure(Path(sys.argv[2]))
    else:
        main([int(a) for a in sys.argv[1:]] or [1_000_000])
