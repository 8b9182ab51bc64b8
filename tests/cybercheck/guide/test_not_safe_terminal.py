"""'It is not safe to talk now' at a real terminal (pexpect): the numbers at once, nothing else, nothing saved."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")


def spawn(args: list[str], cwd: Path, folders: dict[str, Path], lang: str = "C.UTF-8"):  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CYBERCHECK_", "LC_"))}
    env.update({f"CYBERCHECK_{name.upper()}_DIR": str(path) for name, path in folders.items()})
    env["PYTHONPATH"] = str(Path(__file__).parents[3])  # this tree's cybercheck, not an installed one
    env.update(
        {
            "TERM": "dumb",
            "COLUMNS": "120",
            "LANG": lang,
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
    )
    return pexpect.spawn(
        sys.executable,
        ["-m", "cybercheck", *args],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(50, 120),
    )


def _files(folders: dict[str, Path], cwd: Path) -> set[Path]:
    found = {p for folder in folders.values() if folder.exists() for p in folder.rglob("*")}
    return found | set(cwd.rglob("*"))


def test_not_safe_with_a_country_shows_its_numbers_and_stops(
    tmp_path: Path, isolated_user_folders: dict[str, Path]
) -> None:
    before = _files(isolated_user_folders, tmp_path)
    child = spawn(["guide", "--offline", "--country", "Deutschland"], tmp_path, isolated_user_folders)
    child.expect_exact("If you are in danger now, call 112 or 110.")  # the first screen, before any question
    child.expect_exact("Is it safe to talk now?")
    child.expect_exact("(b back, q stop)")
    child.sendline("2")  # no, not now
    child.expect_exact("Stopped. Nothing was saved.")
    child.expect_exact("If you are in danger now, call 112 or 110.")
    child.expect_exact("116 016")
    rest = child.read()
    child.close()
    assert child.exitstatus == 0
    for offered in ("things found", "checks:", "Save", "save"):
        assert offered not in rest
    assert _files(isolated_user_folders, tmp_path) == before


def test_not_safe_without_a_country_asks_it_once(
    tmp_path: Path, isolated_user_folders: dict[str, Path]
) -> None:
    child = spawn(["guide", "--offline"], tmp_path, isolated_user_folders)
    child.expect_exact("If you are in danger now, call your local emergency number.")
    child.expect_exact("(b back, q stop)")
    child.sendline("2")
    child.expect_exact("Which country are you in?")
    child.sendline("Untied Kingdom")
    child.expect_exact("Did you mean United Kingdom?")
    child.expect_exact("Which country are you in?")
    child.sendline("UK")
    child.expect_exact("Stopped. Nothing was saved.")
    child.expect_exact("If you are in danger now, call 999.")
    child.expect_exact("0808 802 0300")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
