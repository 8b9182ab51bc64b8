"""Start-up stays light: `--help` and `checks` import no heavy library; a check loads only when used."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.metadata import packages_distributions, requires
from pathlib import Path

import pytest

from cybercheck.pipeline.plugins import installed_checks

# Named here as well as found from the dependencies, so that a library pulled in by another stays covered.
HEAVY = {
    "rich", "requests", "urllib3", "yaml", "jinja2", "markupsafe", "keyring", "dns", "flask", "werkzeug",
    "cryptography", "psutil", "regipy", "zxcvbn", "geoip2fast", "ijson", "iphone_backup_decrypt", "pyzipper",
    "Crypto", "idna", "platformdirs", "ssl", "sqlite3",
}
ALLOWED = {"click"}  # the command line itself
# Modules a check class itself needs (a shared base class, an input's name and help).
CLASS_SUPPORT: set[str] = set()
MARKER = "--- modules imported ---"
PROBE = f"""
import json, sys
from cybercheck.cli import cli
from cybercheck.cli.exits import run_standalone
status = run_standalone(cli, sys.argv[1:])
print({MARKER!r})
print(json.dumps({{"status": int(status), "modules": sorted(sys.modules)}}))
"""


def dependency_modules() -> set[str]:
    """The top-level modules of every library cybercheck depends on (extras and click aside)."""
    wanted = set()
    for requirement in requires("cybercheck") or []:
        if "extra ==" in requirement:
            continue
        match = re.match(r"[A-Za-z0-9._-]+", requirement)
        assert match is not None
        wanted.add(re.sub(r"[-_.]+", "-", match.group(0)).lower())
    return {
        module
        for module, distributions in packages_distributions().items()
        if any(re.sub(r"[-_.]+", "-", d).lower() in wanted for d in distributions) and module not in ALLOWED
    }


def imported_by(*args: str, cwd: Path) -> set[str]:
    """Every module a fresh `cybercheck ARGS` has imported by the time it ends."""
    # NOTE: run outside the source tree, so that a stale *.egg-info there cannot stand in for the installed.
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd, timeout=60, check=False
    )
    assert MARKER in done.stdout, done.stderr
    result = json.loads(done.stdout.split(MARKER, 1)[1])
    assert result["status"] == 0, done.stdout + done.stderr
    return set(result["modules"])


def heavy_among(modules: set[str]) -> set[str]:
    """The modules (and submodules) of heavy libraries among `modules`."""
    heavy = HEAVY | dependency_modules()
    return {m for m in modules if m.split(".")[0] in heavy}


def test_the_dependencies_are_found() -> None:
    found = dependency_modules()
    assert {"rich", "requests", "yaml", "jinja2", "keyring", "dns", "flask", "psutil"} <= found


@pytest.mark.parametrize("args", [("--help",), ("checks",), ("checks", "show", "ios.backup")])
def test_start_up_imports_no_heavy_library(args: tuple[str, ...], tmp_path: Path) -> None:
    # Listing checks reads their words, which are YAML data; --help reads none.
    words = {"yaml"} if args[0] == "checks" else set()
    assert {m for m in heavy_among(imported_by(*args, cwd=tmp_path)) if m.split(".")[0] not in words} == set()


def test_help_loads_no_check_and_no_model(tmp_path: Path) -> None:
    modules = imported_by("--help", cwd=tmp_path)
    assert not {m for m in modules if m == "checks" or m.startswith("checks.")}
    assert "cybercheck.pipeline.model" not in modules
    assert "importlib.metadata" not in modules


def test_listing_imports_only_the_check_classes(tmp_path: Path) -> None:
    modules = imported_by("checks", cwd=tmp_path)
    named = {e.entry_point.module for e in installed_checks() if e.origin.kind == "builtin"}
    packages = {m.rsplit(".", i)[0] for m in named for i in range(1, m.count(".") + 1)}
    loaded = {m for m in modules if m.startswith("checks.")}
    assert loaded - named - packages - CLASS_SUPPORT == set()


def test_describing_one_check_loads_only_that_check(tmp_path: Path) -> None:
    modules = imported_by("checks", "show", "computer.hosts", cwd=tmp_path)
    assert {m for m in modules if m == "checks" or m.startswith("checks.")} == {
        "checks", "checks.computer", "checks.computer.checks"
    }
