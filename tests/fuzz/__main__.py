"""`python -m tests.fuzz [READER ...] --count N --seed S`: run mutated inputs through readers and print figures."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from tests.fuzz.runner import all_readers, fuzz


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("readers", nargs="*", help="reader names (default: all)")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--keep", type=Path, help="a folder to keep failing inputs in")
    parser.add_argument("--json", type=Path, help="append each reader's figures to this file as JSON lines")
    parser.add_argument("--case-kills", type=int, metavar="N", help="kill a case writer N times instead")
    parser.add_argument("--list", action="store_true", help="list the readers and their seeds")
    args = parser.parse_args()
    if args.case_kills:
        from tests.fuzz.case_kills import kill_case_writes

        print(kill_case_writes(args.case_kills, seed=args.seed))
        return
    registry = all_readers()
    if args.list:
        for name, reader in registry.items():
            print(name, reader.check, sum(len(s.targets) for s in reader.seeds), "targets")
        return
    for name in args.readers or list(registry):
        tally = fuzz(
            registry[name],
            args.count,
            seed=args.seed,
            jobs=args.jobs,
            time_limit=args.time_limit,
            keep=args.keep,
            progress=True,
        )
        for example in tally.examples:
            print("   ", json.dumps(example)[:2000])
        if args.json:
            with args.json.open("a", encoding="utf-8") as handle:
                figures = {k: v for k, v in vars(tally).items() if k != "examples"}
                handle.write(
                    json.dumps({**figures, "statuses": dict(tally.statuses), "load": os.getloadavg()}) + "\n"
                )


if __name__ == "__main__":
    main()
