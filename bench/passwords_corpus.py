"""Benchmark: lookups per second in an offline corpus of 10 million synthetic SHA-1 entries.

The corpus is one file sorted by hash (`HASH:COUNT` lines, as the official downloader
writes it), made once under bench/.work/ from random hashes (so not evenly spaced). A batch
of 10,000 lookups, half present and half absent, is then timed.

    .venv/bin/python bench/passwords_corpus.py [--entries 10000000] [--batch 10000] [--write]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work"
CHUNK = 500_000
RUNS = 5


def make_corpus(path: Path, entries: int, seed: int = 2026) -> None:
    """Write `entries` random SHA-1 hashes, sorted, with random counts."""
    rng = random.Random(seed)
    raw = rng.randbytes(entries * 20)
    hashes = sorted(raw[i : i + 20] for i in range(0, len(raw), 20))
    del raw
    temporary = path.with_suffix(".partial")
    with temporary.open("wb") as out:
        for start in range(0, len(hashes), CHUNK):
            part = hashes[start : start + CHUNK]
            out.write(b"".join(b"%s:%d\n" % (h.hex().upper().encode(), 1 + (h[0] * 7 + h[1]) % 5000) for h in part))
    os.replace(temporary, path)


def sample_present(path: Path, count: int, seed: int = 7) -> list[str]:
    """Hashes taken from random places in the file (so they are certainly in it)."""
    rng = random.Random(seed)
    size = path.stat().st_size
    found = []
    with path.open("rb") as handle:
        while len(found) < count:
            handle.seek(rng.randrange(size - 100))
            handle.readline()
            line = handle.readline()
            if len(line) > 41:
                found.append(line[:40].decode())
    return found


def main() -> None:
    """Build the corpus if needed, then time the batch."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=10_000_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from checks.passwords.sources.corpus import corpus_counts, open_corpus
    from cybercheck.secrets import Secret

    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"corpus-{args.entries}.txt"
    if not path.exists():
        started = time.perf_counter()
        make_corpus(path, args.entries)
        print(f"made {path.name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    present = sample_present(path, args.batch // 2)
    rng = random.Random(11)
    absent = [f"{rng.getrandbits(160):040X}" for _ in range(args.batch - len(present))]
    batch = present + absent
    rng.shuffle(batch)

    rows = []
    passwords = [Secret(f"bench-password-{i}") for i in range(args.batch)]
    for planned in (0, args.batch):
        started = time.perf_counter()
        corpus = open_corpus(path, lookups=planned)
        opened = time.perf_counter() - started
        points = len(getattr(corpus, "_starts", ()))
        counts = [corpus.count(h) for h in batch]  # a first pass, which also warms the page cache
        assert sum(1 for c in counts if c) >= len(present), "a present hash was not found"
        hashes_time = _median_time(lambda: [corpus.count(h) for h in batch])  # noqa: B023 - used at once
        passwords_time = _median_time(lambda: corpus_counts(corpus, passwords))  # noqa: B023
        corpus.close()
        sized = " (sized for the batch)" if planned else " (the smallest)"
        rows += [
            f"| index of {points:,} sampled lines{sized}: opening the file | {opened * 1000:.0f} ms | |",
            (f"| then {args.batch:,} hash lookups (`SortedCorpus.count`) | {hashes_time:.3f} s | "
            f"{args.batch / hashes_time:,.0f} |"),
            (f"| then {args.batch:,} passwords, SHA-1 computed and looked up (`corpus_counts`) | "
            f"{passwords_time:.3f} s | {args.batch / passwords_time:,.0f} |"),
        ]

    size = path.stat().st_size
    text = "\n".join(
        [
            (f"{args.entries:,} synthetic SHA-1 entries in one sorted file ({size / 1024**2:,.0f} MiB), page cache warm; "
            f"a batch of {args.batch:,} lookups, half present and half absent; median of {RUNS} runs. "
            f"Machine: {_machine()}."),
            "",
            "| what | time | lookups per second |",
            "| --- | --- | --- |",
            *rows,
            "",
            "Aim: 50,000 lookups per second or more.",
        ]
    )
    print(text)
    if args.write:
        from passwords_range import write_section

        write_section("corpus", text)


def _median_time(work) -> float:  # type: ignore[no-untyped-def]
    import statistics

    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _machine() -> str:
    from passwords_range import machine

    return machine()


if __name__ == "__main__":
    main()
