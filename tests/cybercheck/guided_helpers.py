"""Helpers shared by the guided tests."""

from __future__ import annotations

import os
from importlib.metadata import EntryPoint
from pathlib import Path

from cybercheck.pipeline.model import Origin
from cybercheck.pipeline.plugins import GROUP, CheckEntry, installed_checks

CASE_PASS = "correct horse battery staple"
SEAL_PASS = "a different long passphrase"


def stub_entries() -> list[CheckEntry]:
    """The installed checks plus stand-ins for every other check the concerns name."""
    from guided_stub_checks import STUBS

    origin = Origin("cybercheck-tests", "0", "package")
    installed = installed_checks()
    have = {e.id for e in installed}
    stubs = [CheckEntry(i, EntryPoint(i, f"guided_stub_checks:{name}", GROUP), origin)
             for i, name in STUBS.items() if i not in have]
    return sorted(installed + stubs, key=lambda e: e.id)


def files_under(folder: Path) -> list[Path]:
    """Every file below a folder."""
    return [Path(root) / name for root, _, names in os.walk(folder) for name in names]


def run_cli(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    """Run `cybercheck ARGS` in-process as main() does; (exit status, stdout, stderr)."""
    import click
    from click.testing import CliRunner

    from cybercheck.cli.exits import run_standalone
    from cybercheck.cli.root import cli

    holder: dict[str, int] = {}

    def entry() -> None:
        holder["code"] = run_standalone(cli, list(args))

    result = CliRunner().invoke(click.Command("cybercheck", callback=entry), [], input=input, catch_exceptions=False)
    return holder.get("code", -1), result.stdout, result.stderr


def plaintext_hits(folders: list[Path], needles: list[str]) -> list[tuple[Path, str]]:
    """Every (file, needle) where a needle appears in plain text (UTF-8 or UTF-16) in a file below the folders."""
    hits = []
    for folder in folders:
        for path in files_under(folder):
            data = path.read_bytes()
            for needle in needles:
                if needle.encode("utf-8") in data or needle.encode("utf-16-le") in data:
                    hits.append((path, needle))
    return hits
