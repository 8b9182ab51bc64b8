"""Fixtures for the password checks: the loopback Have I Been Pwned stand-in and fixture files."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "passwords"
EXAMPLES = ROOT / "checks" / "passwords" / "examples"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.servers.passwords_hibp import HibpServer, HibpState


@pytest.fixture
def hibp() -> Iterator[HibpServer]:
    """A running stand-in for both Have I Been Pwned APIs, empty until a test fills it."""
    with HibpServer(HibpState()) as server:
        yield server


@pytest.fixture
def fixture_path() -> Path:
    """The folder of export fixtures: fixture_path / "chrome.csv"."""
    return FIXTURES


def write_sorted_corpus(path: Path, table: dict[str, int], *, newline: str = "\n", final: bool = True) -> Path:
    """A single-file corpus as the official downloader writes it: HASH:COUNT lines sorted by hash."""
    lines = [f"{h}:{c}" for h, c in sorted(table.items())]
    path.write_bytes((newline.join(lines) + (newline if final else "")).encode())
    return path


def write_folder_corpus(folder: Path, table: dict[str, int], *, every_prefix_of: set[str] | None = None) -> Path:
    """A per-prefix corpus folder: PREFIX.txt files of SUFFIX:COUNT lines joined by CRLF."""
    folder.mkdir(parents=True, exist_ok=True)
    by_prefix: dict[str, list[str]] = {p: [] for p in (every_prefix_of or set())}
    for full, count in sorted(table.items()):
        by_prefix.setdefault(full[:5], []).append(f"{full[5:]}:{count}")
    for prefix, lines in by_prefix.items():
        (folder / f"{prefix}.txt").write_bytes("\r\n".join(lines or ["0" * 35 + ":0"]).encode())
    return folder


@pytest.fixture
def sorted_corpus():  # type: ignore[no-untyped-def]
    """write_sorted_corpus, for tests (conftest modules cannot be imported under importlib mode)."""
    return write_sorted_corpus


@pytest.fixture
def folder_corpus():  # type: ignore[no-untyped-def]
    """write_folder_corpus, for tests."""
    return write_folder_corpus
