"""Reading and judging for the timeline: `python bench/timeline_reading.py [SCALE ...]`.

At scale 1 it writes a five-year WhatsApp chat of 300,000 messages, an SMS Backup & Restore file
of 100,000 texts and an mbox of 50,000 mails (all from or to one person), then runs
`build_timeline` on them in a fresh process and prints wall time, the process's CPU time, peak
resident memory and the load average. This measures the reading half only (sources and judgement),
not writing the report.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

WORDS = [
    "hey",
    "are",
    "you",
    "there",
    "ok",
    "see",
    "you",
    "later",
    "why",
    "not",
    "answer",
    "me",
    "call",
    "me",
    "back",
    "please",
    "where",
    "are",
    "you",
    "now",
]


def write_inputs(folder: Path, scale: float) -> None:
    rnd = random.Random(7)
    moment = datetime(2020, 1, 1, 8, 0)
    with (folder / "WhatsApp Chat with Alex.txt").open("w", encoding="utf-8") as out:
        for _ in range(int(300_000 * scale)):
            moment += timedelta(seconds=rnd.randint(30, int(1000 / scale) + 30))
            who = "Alex" if rnd.random() < 0.6 else "Sam"
            out.write(
                f"{moment:%d/%m/%Y, %H:%M} - {who}: {' '.join(rnd.choices(WORDS, k=rnd.randint(2, 12)))}\n"
            )
            if rnd.random() < 0.05:
                out.write("and another line\n")
    count = int(100_000 * scale)
    with (folder / "sms.xml").open("w", encoding="utf-8") as out:
        out.write(f"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"{count}\">\n")
        stamp = 1577865600000
        for _ in range(count):
            stamp += rnd.randint(30_000, int(1_500_000 / scale) + 30_000)
            out.write(
                f'  <sms protocol="0" address="+447700900123" date="{stamp}" type="{rnd.choice("12")}" '
                f'subject="null" body="{" ".join(rnd.choices(WORDS, k=8))}" toa="null" sc_toa="null" '
                'service_center="null" read="1" status="-1" locked="0" date_sent="0" contact_name="Alex" />\n'
            )
        out.write("</smses>\n")
    when = datetime(2020, 1, 1, tzinfo=timezone.utc)
    with (folder / "mail.mbox").open("wb") as out:
        for number in range(int(50_000 * scale)):
            when += timedelta(seconds=rnd.randint(600, int(6000 / scale) + 600))
            out.write(
                (
                    f"From {number}@xxx Thu Jan 01 00:00:00 2020\nFrom: Alex <alex@example.com>\n"
                    f"To: sam@example.org\nSubject: message {number}\n"
                    f"Date: {when:%a, %d %b %Y %H:%M:%S +0000}\nMessage-ID: <{number}@example.com>\n"
                    "Authentication-Results: mx.example.org; dkim=pass header.d=example.com; spf=pass\n"
                    f"Content-Type: text/plain; charset=utf-8\n\n{' '.join(rnd.choices(WORDS, k=60))}\n\n"
                ).encode()
            )


RUN = """
import resource, sys, time
from pathlib import Path
from zoneinfo import ZoneInfo
from checks.timeline.api import TimelineInput, build_timeline, contact
folder = Path(sys.argv[1])
wall, cpu = time.perf_counter(), time.process_time()
result = build_timeline(
    [TimelineInput("whatsapp", folder / "WhatsApp Chat with Alex.txt", owner=("Sam",)),
     TimelineInput("sms-backup", folder / "sms.xml"),
     TimelineInput("mail", folder / "mail.mbox", owner=("sam@example.org",))],
    contact("Alex", ["Alex", "+447700900123", "alex@example.com"]), local=ZoneInfo("UTC"))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{len(result.events):,} events, wall {time.perf_counter() - wall:.1f} s, "
      f"CPU {time.process_time() - cpu:.1f} s, peak {peak:.0f} MB")
"""


def main(scales: list[float]) -> None:
    root = Path(__file__).resolve().parents[1]
    for scale in scales:
        with tempfile.TemporaryDirectory() as folder:
            write_inputs(Path(folder), scale)
            size = sum(p.stat().st_size for p in Path(folder).iterdir()) / 1024**2
            done = subprocess.run(
                [sys.executable, "-c", RUN, folder], cwd=root, capture_output=True, text=True, check=True
            )
            load = os.getloadavg()[0]
            sys.stdout.write(
                f"scale {scale:g} ({size:.0f} MB of exports): {done.stdout.strip()}, load {load:.1f}\n"
            )


if __name__ == "__main__":
    main([float(a) for a in sys.argv[1:]] or [1.0])
