"""Timeline: a five-year WhatsApp chat, SMS backup and mailbox read, judged and written as a signed record.

Run from the repository root:  .venv/bin/python bench/timeline.py [SCALE ...]   (default: 1 5)

At scale 1 it writes a WhatsApp "Export chat" text file of 300,000 messages over five years, an
"SMS Backup & Restore" XML file of 100,000 texts and an mbox of 50,000 mails (bench/.work/, made
once and kept), then in a fresh process per scale runs what `cybercheck timeline` runs:
build_timeline (read, keep the person's events, judge) and the record (HTML, CSV, JSON, signed
manifest). It reports wall time (of each half and in all), CPU time and peak resident memory of
that process and of the helper processes it starts, and the load average. At scale 5 every file holds five times as many items over the
same five years. Figures go into the "## Timeline" section of bench/README.md.
"""

from __future__ import annotations

import base64
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work" / "timeline"
sys.path.insert(0, str(ROOT))

WHATSAPP, SMS, MAILS = 300_000, 100_000, 50_000
START = datetime(2021, 1, 4, 8, 0, tzinfo=timezone.utc)
YEARS = 5
THEM_NAME, THEM_NUMBER, THEM_MAIL = "Alex", "+447700900123", "alex@example.com"
ME_NAME, ME_MAIL = "Sam", "sam@example.org"
WORDS = (
    "where are you",
    "answer me",
    "why are you ignoring me",
    "I saw you today",
    "we need to talk",
    "call me back",
    "you can't do this",
    "I'm outside",
    "pick up",
    "ok",
    "see you later",
    "I know where you live",
    "thanks",
    "who were you with",
    "I miss you",
    "don't ignore me",
)


def _times(count: int, seed: int) -> list[datetime]:
    """`count` times over five years, denser towards the end (the pattern a rising record shows)."""
    rng = random.Random(seed)
    span = timedelta(days=365 * YEARS).total_seconds()
    return sorted(START + timedelta(seconds=span * (rng.random() ** 0.6)) for _ in range(count))


def _text(rng: random.Random, index: int) -> str:
    body = rng.choice(WORDS)
    return body if index % 7 else f"{body} {rng.choice(WORDS)}"


def write_whatsapp(path: Path, count: int) -> None:
    rng = random.Random(1)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            f"{START:%d/%m/%Y, %H:%M} - Messages and calls are end-to-end encrypted. "
            "No one outside of this chat, "
            "not even WhatsApp, can read or listen to them. Tap to learn more.\n"
        )
        for index, when in enumerate(_times(count, 1)):
            who = ME_NAME if index % 6 == 5 else THEM_NAME
            out.write(f"{when:%d/%m/%Y, %H:%M} - {who}: {_text(rng, index)}\n")
            if index % 50 == 0:
                out.write("and a second line of the same message\n")


def write_sms(path: Path, count: int) -> None:
    rng = random.Random(2)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
            f'<smses count="{count}" backup_set="bench" backup_date="0" type="full">\n'
        )
        for index, when in enumerate(_times(count, 2)):
            kind = 2 if index % 5 == 4 else 1
            ms = int(when.timestamp() * 1000)
            out.write(
                f'  <sms protocol="0" address="{THEM_NUMBER}" date="{ms}" type="{kind}" subject="null" '
                f'body={quoteattr(_text(rng, index))} toa="null" sc_toa="null" service_center="null" '
                f'read="1" status="-1" locked="0" date_sent="{ms}" sub_id="1" readable_date="" '
                f'contact_name="{THEM_NAME}" />\n'
            )
        out.write("</smses>\n")


def write_mbox(path: Path, count: int) -> None:
    rng = random.Random(3)
    with path.open("w", encoding="utf-8") as out:
        for index, when in enumerate(_times(count, 3)):
            out.write(
                f"From {THEM_MAIL} {when:%a %b %d %H:%M:%S %Y}\n"
                f"From: {THEM_NAME} <{THEM_MAIL}>\nTo: {ME_NAME} <{ME_MAIL}>\n"
                f"Date: {format_datetime(when)}\nSubject: {_text(rng, index)}\n"
                f"Message-ID: <{index}@example.com>\nContent-Type: text/plain; charset=utf-8\n\n"
                f"{_text(rng, index + 1)}\n\n{_text(rng, index + 2)}\n\n"
            )


def make_inputs(scale: int) -> Path:
    folder = WORK / f"scale-{scale}"
    done = folder / "done"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    write_whatsapp(folder / "WhatsApp Chat with Alex.txt", WHATSAPP * scale)
    write_sms(folder / "sms-bench.xml", SMS * scale)
    write_mbox(folder / "mail.mbox", MAILS * scale)
    done.write_text("ok")
    return folder


def run(folder: Path) -> dict[str, object]:
    """In this process: build the timeline and write the record, as `cybercheck timeline` does."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    from checks.timeline.output import make as making
    from checks.timeline.output.make import Request, make, parse_about

    key = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    os.environ["CYBERCHECK_SECRET_TIMELINE_SIGNING_KEY"] = base64.b64encode(key).decode()  # a throwaway key
    timings: dict[str, float] = {}
    reader = making.default_reader

    def timed_reader(inputs, about, marks):  # type: ignore[no-untyped-def]
        began, cpu_began = time.perf_counter(), time.process_time()
        read = reader(inputs, about, marks)
        timings["read_and_judge"] = time.perf_counter() - began
        timings["read_and_judge_cpu"] = time.process_time() - cpu_began
        timings["peak_after_read_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return read

    out = folder / "record" / "timeline.html"
    out.parent.mkdir(exist_ok=True)
    request = Request(
        inputs={
            "whatsapp": (folder / "WhatsApp Chat with Alex.txt",),
            "sms": (folder / "sms-bench.xml",),
            "mbox": (folder / "mail.mbox",),
        },
        about=parse_about(f"{THEM_NUMBER}, {THEM_MAIL}, {THEM_NAME}"),
        output=out,
        country="GB",
    )
    wall, cpu = time.perf_counter(), time.process_time()
    made = make(request, reader=timed_reader)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    tally = made.written.tally
    others = resource.getrusage(resource.RUSAGE_CHILDREN)  # the helpers, ended by now
    return {
        "wall": wall,
        "cpu": cpu,
        "other_cpu": others.ru_utime + others.ru_stime,
        "other_peak_mb": others.ru_maxrss / 1024,
        "read_and_judge": timings["read_and_judge"],
        "write": wall - timings["read_and_judge"],
        "read_cpu": timings["read_and_judge_cpu"],
        "write_cpu": cpu - timings["read_and_judge_cpu"],
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_after_read_mb": timings["peak_after_read_mb"],
        "contacts": tally.contacts,
        "sent": tally.replies,
        "threats": len(made.written.threats),
        "record_mb": sum(p.stat().st_size for p in made.files) / 1e6,
        "signed": made.public_key is not None,
    }


def measure(scale: int) -> dict[str, object]:
    folder = make_inputs(scale)
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 1e6
    load = os.getloadavg()[0]
    done = subprocess.run(
        [sys.executable, __file__, "--run", str(folder)], capture_output=True, text=True, check=True
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures.update(scale=scale, input_mb=size, load=load, load_after=os.getloadavg()[0])
    return figures


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| scale | items (WhatsApp + SMS + mail) | input | wall: read and judge | wall: write and sign "
        "| wall: total | CPU: this process + helpers | peak memory: this process (after reading) "
        "+ the larger helper | record (4 files) | load |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        scale = int(r["scale"])  # type: ignore[call-overload]
        items = (WHATSAPP + SMS + MAILS) * scale
        lines.append(
            f"| {scale}x | {items:,} | {r['input_mb']:.0f} MB | {r['read_and_judge']:.1f} s "
            f"| {r['write']:.1f} s | **{r['wall']:.1f} s** | {r['cpu']:.1f} s + {r['other_cpu']:.1f} s "
            f"| {r['peak_mb']:.0f} MB ({r['peak_after_read_mb']:.0f} MB) + {r['other_peak_mb']:.0f} MB "
            f"| {r['record_mb']:,.0f} MB "
            f"| {r['load']:.1f}–{r['load_after']:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    if argv[:1] == ["--run"]:
        print(json.dumps(run(Path(argv[1]))))
        return
    scales = [int(a) for a in argv] or [1, 5]
    rows = [measure(scale) for scale in scales]
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(table(rows))
    for r in rows:
        print(
            f"scale {r['scale']}: {r['contacts']:,} contacts, {r['sent']:,} sent, "
            f"{r['threats']} possible threats, "
            f"signed: {r['signed']}"
        )
    readme = ROOT / "bench" / "README.md"
    text = readme.read_text(encoding="utf-8")
    marker = re.compile(r"(<!-- timeline-figures -->\n).*?(\n<!-- /timeline-figures -->)", re.DOTALL)
    if marker.search(text):
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
        stamp = (
            f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC at commit {commit or 'unknown'} "
            f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}); "
            "load is `uptime`'s before and after each run:\n\n"
        )
        readme.write_text(
            marker.sub(lambda m: m.group(1) + stamp + table(rows) + m.group(2), text), encoding="utf-8"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
