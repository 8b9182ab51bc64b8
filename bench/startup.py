"""Start-up time: `cybercheck --help` and `cybercheck checks` beside `mvt-android --help`.

Installs MVT in its own virtual environment under bench/.work/ (once), then times each
command's wall time over repeated runs and prints the medians as a Markdown table.
Run: .venv/bin/python bench/startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
WORK = HERE / ".work"
MVT_VENV = WORK / "mvt-venv"


def ensure_mvt() -> Path:
    """The mvt-android executable, installed in its own venv if needed."""
    executable = MVT_VENV / "bin" / "mvt-android"
    if not executable.exists():
        subprocess.run([sys.executable, "-m", "venv", str(MVT_VENV)], check=True)
        subprocess.run([str(MVT_VENV / "bin" / "pip"), "install", "-q", "mvt"], check=True)
    return executable


def median_seconds(command: list[str], runs: int) -> float:
    """Median wall time of `command` over `runs` runs (after one warm-up)."""
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    cybercheck = shutil.which("cybercheck", path=str(Path(sys.executable).parent)) or "cybercheck"
    rows = [
        ("cybercheck --help", [cybercheck, "--help"]),
        ("cybercheck checks", [cybercheck, "checks"]),
        ("mvt-android --help", [str(ensure_mvt()), "--help"]),
    ]
    print(f"| command | median wall time ({args.runs} runs) |")
    print("| --- | --- |")
    results = {}
    for label, command in rows:
        results[label] = median_seconds(command, args.runs)
        print(f"| `{label}` | {results[label]:.3f} s |")
    print()
    print(f"`cybercheck --help` is {results['mvt-android --help'] / results['cybercheck --help']:.1f}x faster than `mvt-android --help`.")


if __name__ == "__main__":
    main()
