"""A save killed at any moment leaves no half-written report, and its temporary copy is cleared by the next save."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from cybercheck.report.save import MARK, clear_unfinished_saves, save_atomically

SIZE = 40 * 1024 * 1024
WRITER = f"""
import sys
from pathlib import Path
from cybercheck.report.save import save_atomically
save_atomically(Path(sys.argv[1]), b"x" * {SIZE})
"""


def test_a_save_killed_at_random_moments_never_leaves_a_half_report(
    tmp_path: Path, isolated_user_folders: dict[str, Path]
) -> None:
    target = tmp_path / "report.html"
    env = {**os.environ, "CYBERCHECK_DATA_DIR": str(isolated_user_folders["data"]), "PYTHONPATH": str(Path(__file__).parents[3])}
    chances = random.Random(7)
    for _ in range(20):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], env=env)
        time.sleep(chances.uniform(0.05, 0.6))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert not target.exists() or target.stat().st_size == SIZE  # whole, or not there at all
        target.unlink(missing_ok=True)
    clear_unfinished_saves()
    assert [p.name for p in tmp_path.iterdir() if MARK in p.name] == []


def test_the_next_save_clears_what_a_killed_one_left(tmp_path: Path, isolated_user_folders: dict[str, Path]) -> None:
    left = tmp_path / f".report.html{MARK}999999-abcd"
    left.write_bytes(b"half")
    notes = isolated_user_folders["data"] / "unfinished-saves"
    notes.mkdir(parents=True)
    (notes / "999999-0123456789ab").write_text(str(left), encoding="utf-8")
    save_atomically(tmp_path / "other.md", b"# report")
    assert not left.exists() and not any(notes.iterdir())
    assert (tmp_path / "other.md").read_bytes() == b"# report"


def test_a_note_never_removes_a_file_that_is_not_a_temporary_copy(
    tmp_path: Path, isolated_user_folders: dict[str, Path]
) -> None:
    precious = tmp_path / "evidence.txt"
    precious.write_text("keep me")
    notes = isolated_user_folders["data"] / "unfinished-saves"
    notes.mkdir(parents=True)
    (notes / "999999-0123456789ab").write_text(str(precious), encoding="utf-8")
    clear_unfinished_saves()
    assert precious.read_text() == "keep me"
