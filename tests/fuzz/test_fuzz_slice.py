"""The CI slice of the fuzzing harness: a few fixed-seed inputs per reader, and a few killed case writes.

The full runs (10,000 inputs a reader, 200 kills) are by hand: `python -m tests.fuzz --help`;
their figures are in bench/README.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.case_kills import kill_case_writes
from tests.fuzz.runner import all_readers, fuzz

READERS = all_readers()


@pytest.mark.parametrize("name", sorted(READERS))
def test_a_fixed_slice_of_mutated_inputs_is_never_a_traceback_a_hang_or_a_false_clean(
    name: str, isolated_user_folders: dict[str, Path]
) -> None:
    tally = fuzz(READERS[name], 4, seed=15, jobs=2, time_limit=60.0)
    assert tally.inputs == 4
    assert (tally.tracebacks, tally.hangs, tally.over_memory, tally.damaged_clean) == (0, 0, 0, 0), (
        tally.examples
    )


def test_a_case_killed_while_writing_is_never_half_written_and_still_opens(
    isolated_user_folders: dict[str, Path],
) -> None:
    kills = kill_case_writes(20, seed=15)
    assert kills.kills == 20
    assert kills.ok, kills
