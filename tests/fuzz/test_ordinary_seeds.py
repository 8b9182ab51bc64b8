"""The seeds with nothing to report run clean as they are, so a damaged copy reported clean can show.

A reader whose every seed holds a finding keeps its damaged inputs "found" whatever the damage
lost; these seeds are what lets the harness count a false clean for Takeout mail settings,
AndroidQF acquisitions, bug reports and tracker sweeps.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.readers import Seed, readers, seed_bytes
from tests.fuzz.runner import Case, prepare, run_case

READERS = readers()
ORDINARY = {  # reader: the seed, and how many of its files are mutated
    "takeout-mail": ("takeout-ordinary", 3),  # filters, forwarding and blocked addresses
    "androidqf": ("androidqf-ordinary", 9),  # every file the reader reads (not command.log)
    "bugreport": ("bugreport-ordinary", 1),  # the dumpstate text (main_entry.txt only names it)
    "tracker-sweep": ("sweep-ordinary.jsonl", 1),
}


def _ordinary(name: str) -> Seed:
    return next(s for s in READERS[name].seeds if s.root.name == ORDINARY[name][0])


@pytest.mark.parametrize("name", sorted(ORDINARY))
def test_every_target_of_an_ordinary_seed_is_the_format_as_it_is(name: str) -> None:
    # The harness keeps only the targets its oracle accepts as they are.
    assert len(_ordinary(name).targets) == ORDINARY[name][1]


@pytest.mark.parametrize(
    ("name", "layout"),
    [(name, layout) for name in sorted(ORDINARY) for layout in READERS[name].layouts],
)
def test_an_ordinary_seed_runs_clean_undamaged(
    name: str, layout: str, tmp_path: Path, isolated_user_folders: dict[str, Path]
) -> None:
    reader = READERS[name]
    seed = _ordinary(name)
    target = seed.targets[0]
    case = Case(0, seed, target, layout, "none", seed_bytes(reader, seed, target))
    result = run_case(reader, case, prepare(reader, case, tmp_path))
    assert result.looked_at
    assert result.problem is None
    assert [g for g in result.gaps if g not in reader.expected_gaps()] == []
    assert [f.code for f in result.findings if f.code not in reader.expected_findings] == []
