"""Start-up time: `cybercheck --help` and `cybercheck checks` beside `mvt-android --help`.

Installs MVT in its own virtual environment under bench/.work/ (once), and this working copy
of cybercheck in another one there as a regular (not editable) install, refreshed on every run;
then times each command's wall time over repeated runs and prints the medians as a Markdown
table. Both the project's own virtual environment (an editable install) and the regular
install are timed: an editable install adds an import hook of its own to every start.
Run: .venv/bin/python bench/startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
WORK = HERE / ".work"
MVT_VENV = WORK / "mvt-venv"
CYBERCHECK_VENV = WORK / "cybercheck-venv"
# NOTE: an installed package has its bytecode compiled, so the children may write theirs on the
# warm-up run even where PYTHONDONTWRITEBYTECODE is set for development.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def ensure_mvt() -> Path:
    """The mvt-android executable, installed in its own venv if needed."""
    executable = MVT_VENV / "bin" / "mvt-android"
    if not executable.exists():
        subprocess.run([sys.executable, "-m", "venv", str(MVT_VENV)], check=True)
        subprocess.run([str(MVT_VENV / "bin" / "pip"), "install", "-q", "mvt"], check=True)
    return executable


def regular_install() -> Path:
    """The cybercheck executable of a regular install of this working copy (dependencies installed once)."""
    pip = CYBERCHECK_VENV / "bin" / "pip"
    if not pip.exists():
        subprocess.run([sys.executable, "-m", "venv", str(CYBERCHECK_VENV)], check=True)
        subprocess.run([str(pip), "install", "-q", str(ROOT)], check=True, env=CHILD_ENV)
    else:
        subprocess.run([str(pip), "install", "-q", "--no-deps", "--force-reinstall", str(ROOT)],
                       check=True, env=CHILD_ENV)
    return CYBERCHECK_VENV / "bin" / "cybercheck"


def timings(commands: list[list[str]], runs: int) -> list[list[float]]:
    """Wall times of each command over `runs` rounds (after one warm-up), started outside the source tree.

    The commands take turns within each round, so that on a shared machine a busy spell slows
    them all alike instead of whichever happened to be running.
    """
    def once(command: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                       env=CHILD_ENV, cwd=WORK)
        return time.perf_counter() - started

    for command in commands:
        once(command)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for i, command in enumerate(commands):
            times[i].append(once(command))
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    cybercheck = shutil.which("cybercheck", path=str(Path(sys.executable).parent)) or "cybercheck"
    installed = str(regular_install())
    rows = [
        ("cybercheck --help", [cybercheck, "--help"]),
        ("cybercheck checks", [cybercheck, "checks"]),
        ("cybercheck --help (regular install)", [installed, "--help"]),
        ("cybercheck checks (regular install)", [installed, "checks"]),
        ("mvt-android --help", [str(ensure_mvt()), "--help"]),
        ("python -c pass (the interpreter alone)", [sys.executable, "-c", "pass"]),
    ]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores, Python {platform.python_version()}, load average before: {load}")
    print()
    print(f"| command | median wall time ({args.runs} runs) | fastest run |")
    print("| --- | --- | --- |")
    times = timings([command for _, command in rows], args.runs)
    results = {}
    for (label, _), measured in zip(rows, times):
        results[label] = statistics.median(measured)
        print(f"| `{label}` | {results[label]:.3f} s | {min(measured):.3f} s |")
    print()
    mvt = results["mvt-android --help"]
    for label in ("cybercheck --help", "cybercheck checks"):
        print(f"`{label}` is {mvt / results[label]:.1f}x as fast as `mvt-android --help` "
              f"({mvt / results[label + ' (regular install)']:.1f}x installed regularly), by the medians.")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Load average after: {load}")


if __name__ == "__main__":
    main()
