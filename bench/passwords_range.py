"""Benchmark: 1,000 distinct passwords against the local range server with 50 ms added latency.

cybercheck's concurrent range lookups are measured beside pyhibp (one request at a time,
the way most HIBP client libraries work), both against the same loopback stand-in server
in this process. pyhibp is installed in its own virtual environment under bench/.work/.

    .venv/bin/python bench/passwords_range.py [--passwords 1000] [--latency 0.05] [--write]

Each client runs in a child process so that its peak memory is its own. --write puts the
figures into bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work"
PYHIBP_VENV = WORK / "pyhibp-venv"
RUNS = 5  # cybercheck's runs, of which the median is shown; pyhibp's one run takes a minute


def synthetic_passwords(count: int) -> list[str]:
    """Distinct made-up passwords (not anyone's real ones)."""
    return [f"bench-{i:05d}-{(i * 7919) % 100003:05d}" for i in range(count)]


# --- the workers (run in child processes) -------------------------------------------------
def worker_cybercheck(url: str, passwords: list[str]) -> dict[str, object]:
    """cybercheck: range_counts over the shared session, 32 requests at a time."""
    sys.path.insert(0, str(ROOT))
    from checks.passwords.sources.range_api import range_counts
    from cybercheck.net import make_session
    from cybercheck.secrets import Secret

    secrets = [Secret(p) for p in passwords]
    session = make_session()
    before = _rss_kb()
    started = time.perf_counter()
    lookup = range_counts(session, url, secrets)
    wall = time.perf_counter() - started
    return {"wall": wall, "counts": list(lookup.counts), "rss_before_kb": before, "rss_peak_kb": _rss_kb()}


def worker_pyhibp(url: str, passwords: list[str]) -> dict[str, object]:
    """pyhibp: is_password_breached once per password, with padding, one after another."""
    import pyhibp
    from pyhibp import pwnedpasswords

    pyhibp.set_user_agent(ua="cybercheck-benchmark/1.0")
    pwnedpasswords.PWNED_PASSWORDS_API_BASE_URI = url + "/"
    before = _rss_kb()
    started = time.perf_counter()
    counts = [pwnedpasswords.is_password_breached(password=p, add_padding=True) for p in passwords]
    wall = time.perf_counter() - started
    return {"wall": wall, "counts": counts, "rss_before_kb": before, "rss_peak_kb": _rss_kb()}


def _rss_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# --- the parent ---------------------------------------------------------------------------
def ensure_pyhibp() -> Path:
    """The Python of a venv holding pyhibp, made on first use."""
    python = PYHIBP_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PYHIBP_VENV)], check=True)
    check = subprocess.run([str(python), "-c", "import pyhibp"], capture_output=True, check=False)
    if check.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "pyhibp"], check=True)
    return python


def run_worker(python: Path, name: str, url: str, passwords_file: Path) -> dict[str, object]:
    """Run one client in a child process and read its figures."""
    done = subprocess.run(
        [str(python), __file__, "--worker", name, "--url", url, "--passwords-file", str(passwords_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def pyhibp_version(python: Path) -> str:
    """The installed pyhibp's version."""
    done = subprocess.run([str(python), "-m", "pip", "show", "pyhibp"], capture_output=True, text=True, check=False)
    return next((line.split(":", 1)[1].strip() for line in done.stdout.splitlines() if line.startswith("Version:")), "?")


def main() -> None:
    """Measure both clients and print (or write) the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--passwords", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--worker")
    parser.add_argument("--url")
    parser.add_argument("--passwords-file")
    args = parser.parse_args()
    if args.worker:
        passwords = Path(args.passwords_file).read_text().splitlines()
        worker = worker_cybercheck if args.worker == "cybercheck" else worker_pyhibp
        print(json.dumps(worker(args.url, passwords)))
        return

    sys.path.insert(0, str(ROOT))
    from tests.servers.passwords_hibp import HibpServer, HibpState

    WORK.mkdir(parents=True, exist_ok=True)
    passwords = synthetic_passwords(args.passwords)
    passwords_file = WORK / "range-passwords.txt"
    passwords_file.write_text("\n".join(passwords))
    pyhibp_python = ensure_pyhibp()
    state = HibpState()
    state.add_passwords({p: i + 1 for i, p in enumerate(passwords[::2])})
    state.latency = args.latency
    rows = []
    with HibpServer(state) as server:
        for name, python, runs in (("cybercheck", Path(sys.executable), RUNS), ("pyhibp", pyhibp_python, 1)):
            tries = []
            for _ in range(runs):
                before = len(state.seen)
                figures = run_worker(python, name, server.url, passwords_file)
                figures["requests"] = len(state.seen) - before
                tries.append(figures)
            tries.sort(key=lambda f: float(f["wall"]))
            rows.append((name, tries[len(tries) // 2]))
    ours, theirs = rows[0][1], rows[1][1]
    assert ours["counts"] == theirs["counts"], "the two clients disagree"
    speedup = float(theirs["wall"]) / float(ours["wall"])
    table = format_table(rows, args, speedup, pyhibp_version(pyhibp_python))
    print(table)
    if args.write:
        write_section("range", table)


def format_table(rows: list[tuple[str, dict[str, object]]], args: argparse.Namespace, speedup: float, version: str) -> str:
    """The figures as a Markdown table with a line on how they were measured."""
    lines = [
        (f"{args.passwords:,} distinct passwords, loopback stand-in server with {args.latency * 1000:.0f} ms added "
        f"per request, padding on (10–210 padding lines per answer). Machine: {machine()}."),
        "",
        f"| client | wall time (cybercheck: median of {RUNS} runs) | requests | peak memory (RSS of the process) | of which grown during the lookups |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, figures in rows:
        label = "cybercheck `range_counts` (32 at a time)" if name == "cybercheck" else f"pyhibp {version} (one at a time)"
        lines.append(
            f"| {label} | {float(figures['wall']):.2f} s | {figures['requests']} | "
            f"{int(figures['rss_peak_kb']) / 1024:.0f} MiB | "
            f"{(int(figures['rss_peak_kb']) - int(figures['rss_before_kb'])) / 1024:.1f} MiB |"
        )
    lines += [
        "",
        (f"cybercheck was **{speedup:.0f}×** faster than one request at a time (aim: at least 20×). Both clients "
        "got the same counts. The server sends each answer in one segment with Nagle's algorithm off, as "
        "real servers do; pyhibp opens a new connection per request, cybercheck keeps 32 open."),
    ]
    return "\n".join(lines)


def machine() -> str:
    """A short description of this machine, with how busy it was (it may be shared with other work)."""
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, Python {platform.python_version()}, "
        f"load average {load:.1f} when measured"
    )


def write_section(part: str, text: str) -> None:
    """Replace one part of the Passwords section of bench/README.md."""
    readme = ROOT / "bench" / "README.md"
    content = readme.read_text(encoding="utf-8")
    start, end = f"<!-- passwords:{part}:start -->", f"<!-- passwords:{part}:end -->"
    block = f"{start}\n{text}\n{end}"
    if start in content:
        before, rest = content.split(start, 1)
        content = before + block + rest.split(end, 1)[1]
    else:
        content = content.rstrip("\n") + "\n\n" + block + "\n"
    readme.write_text(content, encoding="utf-8")


if __name__ == "__main__":
    main()
