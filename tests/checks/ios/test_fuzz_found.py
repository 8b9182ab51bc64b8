"""iPhone backups the fuzzing harness (tests/fuzz) found reported clean although damaged."""

from __future__ import annotations

import shutil
from pathlib import Path

from checks.ios.checks import IphoneBackup
from cybercheck.pipeline.model import Status
from cybercheck.testing import run

EXAMPLE = Path(__file__).resolve().parents[3] / "checks" / "ios" / "examples" / "backup"


def test_a_manifest_database_that_opens_but_fails_its_check_is_a_gap(tmp_path: Path) -> None:
    backup = tmp_path / "backup"
    shutil.copytree(EXAMPLE, backup)
    data = (backup / "Manifest.db").read_bytes()
    page = 4096
    damaged = data[: 2 * page] + data[page : 2 * page] + data[2 * page :]  # one page written twice
    (backup / "Manifest.db").write_bytes(damaged)
    result = run(IphoneBackup, inputs={"ios": backup})
    assert result.status is not Status.CLEAN
    assert any("Manifest.db" in g for g in result.gaps) or result.problem, result.gaps
