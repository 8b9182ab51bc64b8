"""Benchmark: a Google Takeout access log of N rows, from the zip to the findings.

    python bench/sessions_access_log.py [ROWS ...]      (default: 100000 300000 1000000)

Each size runs in a fresh process (so peak memory is its own) and prints rows, seconds (wall
clock and the process's own CPU time, which a loaded machine disturbs less), peak resident memory
and the load average. The zip is written once per size to a temporary folder and deleted.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

HEADER = (
    "Gaia ID,Activity Timestamp,IP Address,Proxiedhost IP Address,Is Non-routable IP Address,Activity Country,"
    "Activity Region,Activity City,User Agent String,Product Name,Sub-Product Name,Activity Type,Gmail Access Channel\n"
)
AGENTS = [
    '"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"',
    '"App : GMAIL_APP. App Version : 6.0.261020. Os : IOS_OS. Os Version : 18.1. Device Type : MOBILE."',
    '"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"',
]
PLACES = [("NO", "Oslo", "Oslo"), ("NO", "Vestland", "Bergen"), ("SE", "Stockholm", "Stockholm")]
LOG = "Takeout/Access Log Activity/Activities - A list of Google services accessed by.csv"


def write_zip(path: Path, rows: int) -> None:
    """A Takeout zip whose access log has `rows` rows over 90 days, from ~2,000 addresses."""
    rng = random.Random(rows)
    addresses = [
        f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        for _ in range(2000)
    ]
    start = datetime(2026, 9, 1, tzinfo=timezone.utc)
    step = 90 * 86400 / rows
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(LOG, "w", force_zip64=True) as out,
    ):
        out.write(HEADER.encode())
        lines = []
        for i in range(rows):
            when = (start + timedelta(seconds=i * step)).strftime("%Y-%m-%d %H:%M:%S UTC")
            country, region, city = PLACES[0] if i % 10 else rng.choice(PLACES)
            lines.append(
                f"111111111111,{when},{rng.choice(addresses)},,No,{country},{region},{city},"
                f"{rng.choice(AGENTS)},Gmail,,,Web\n"
            )
            if len(lines) == 10000:
                out.write("".join(lines).encode())
                lines.clear()
        out.write("".join(lines).encode())


def measure(path: Path) -> None:
    """Run the check on `path` and print seconds and peak memory (this process)."""
    from checks.sessions.checks import GoogleSessions
    from cybercheck.testing import run

    began, cpu = time.perf_counter(), time.process_time()
    result = run(GoogleSessions, inputs={"takeout": path})
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = os.getloadavg()[0]
    print(
        f"{result.looked_at[0].split()[0]} rows, {seconds:.2f} s ({cpu:.2f} s of CPU), peak {peak_mb:.0f} MB, "
        f"{len(result.findings)} findings, status {result.status.value}, load average {load:.1f}"
    )


def main() -> None:
    """Write each size and measure it in its own process."""
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        measure(Path(sys.argv[2]))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [100_000, 300_000, 1_000_000]
    with tempfile.TemporaryDirectory() as folder:
        for rows in sizes:
            path = Path(folder) / f"takeout-{rows}.zip"
            write_zip(path, rows)
            print(f"zip of {rows} rows: {path.stat().st_size / 1024**2:.0f} MB compressed", flush=True)
            subprocess.run([sys.executable, __file__, "--measure", str(path)], check=True)


if __name__ == "__main__":
    main()
