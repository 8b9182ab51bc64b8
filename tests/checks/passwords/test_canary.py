"""A canary password, run through every source, judgement and renderer, shows up nowhere.

Searched for: the password, its full SHA-1 and NTLM hashes (upper and lower case) and every
part of them beyond the five-character prefix, in everything printed, every log record,
every exception and problem, every request the stand-in server received, and every file
the run wrote.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from checks.passwords.checks import BreachedAccounts, PwnedPasswords, ReusedPasswords
from checks.passwords.hashing import ntlm_hex, sha1_hex
from checks.passwords.sources.exports import read_export_bytes
from cybercheck.pipeline.context import Context
from cybercheck.errors import DamagedInput
from cybercheck.pipeline.model import CheckResult
from cybercheck.report import FORMATS, renderer
from cybercheck.report.build import build_report
from cybercheck.secrets import Secret
from cybercheck.testing import make_env, run
from tests.servers.passwords_hibp import AccountReply, breach

CANARY = "Canary-7f3e!Wombat-91"
KEY_CANARY = "feedfacefeedfacefeedfacefeedface"
FIXTURE_PASSWORD = "Tulip-hedge-42"
FORMAT_FILES = [
    "bitwarden.csv", "bitwarden-org.csv", "bitwarden.json", "1password.csv", "lastpass.csv", "lastpass-old.csv",
    "chrome.csv", "edge.csv", "firefox.csv", "apple.csv", "keepassxc.csv", "keepassxc-old.csv",
]


def forbidden() -> list[str]:
    sha1, ntlm = sha1_hex(Secret(CANARY)), ntlm_hex(Secret(CANARY))
    words = [CANARY, CANARY.lower(), KEY_CANARY]
    for full in (sha1, ntlm):
        words += [full, full.lower(), full[5:], full[5:].lower()]
    return words


def assert_clean(text: str, where: str) -> None:
    for word in forbidden():
        assert word not in text, f"a canary form ({word[:6]}…) reached {where}"


def _files_written(root: Path, since: float, inputs: set[Path]) -> str:
    texts = []
    for path in root.rglob("*"):
        if path.is_file() and path not in inputs and path.stat().st_mtime >= since - 1:
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


@pytest.fixture
def canary_inputs(tmp_path: Path, fixture_path: Path, sorted_corpus, folder_corpus) -> dict[str, Path]:
    """Every export fixture with the canary as a password, and every corpus layout holding it."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    made: dict[str, Path] = {}
    for name in FORMAT_FILES:
        text = (fixture_path / name).read_bytes().replace(FIXTURE_PASSWORD.encode(), CANARY.encode())
        if FIXTURE_PASSWORD.encode() not in (fixture_path / name).read_bytes():
            text = text.replace(b"Orchid#77", CANARY.encode())
        made[name] = folder / name
        made[name].write_bytes(text)
    sha1, ntlm = sha1_hex(Secret(CANARY)), ntlm_hex(Secret(CANARY))
    made["sha1.txt"] = sorted_corpus(folder / "sha1.txt", {sha1: 5, "F" * 40: 1})
    made["ntlm-crlf.txt"] = sorted_corpus(folder / "ntlm-crlf.txt", {ntlm: 5, "F" * 32: 1}, newline="\r\n")
    made["sha1-folder"] = folder_corpus(folder / "sha1-folder", {sha1: 5})
    made["ntlm-folder"] = folder_corpus(folder / "ntlm-folder", {ntlm: 5})
    cut = folder / "cut.txt"
    cut.write_bytes(b"0" * 40 + b":3\n" + b"1" * 40 + b":2\n" + b"2" * 20)  # cut short before the canary's hash
    made["cut.txt"] = cut
    return made


def test_canary_through_every_source_judgement_and_renderer(
    hibp, canary_inputs: dict[str, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch, isolated_user_folders
) -> None:
    caplog.set_level(logging.DEBUG)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    started = time.time()
    hibp.state.add_passwords({CANARY: 5})
    hibp.state.api_key = KEY_CANARY
    hibp.state.accounts["alice@example.com"] = AccountReply(200, [breach("Adobe")])
    results: list[CheckResult] = []
    problems: list[str] = []

    def keep(result: CheckResult) -> CheckResult:
        results.append(result)
        problems.append(repr(result))
        return result

    online = {"pwned": hibp.url, "hibp": hibp.accounts_url}
    for name in FORMAT_FILES:
        found = keep(run(PwnedPasswords, inputs={"passwords": canary_inputs[name]}, endpoints=online))
        assert found.findings, name
        keep(run(ReusedPasswords, inputs={"passwords": canary_inputs[name]}))
    for corpus in ("sha1.txt", "ntlm-crlf.txt", "sha1-folder", "ntlm-folder"):
        offline = keep(run(PwnedPasswords, inputs={"passwords": canary_inputs["chrome.csv"], "pwned-corpus": canary_inputs[corpus]}, offline=True))
        assert offline.findings, corpus
    gap = keep(run(PwnedPasswords, inputs={"passwords": canary_inputs["chrome.csv"], "pwned-corpus": canary_inputs["cut.txt"]}, offline=True))
    assert gap.gaps
    typed_env = make_env(hidden=[CANARY, CANARY + "2024", ""], endpoints=online)
    assert keep(run(PwnedPasswords, Context(typed_env, PwnedPasswords.id))).findings
    hibp.state.range_faults[sha1_hex(Secret(CANARY))[:5]] = (200, f"{CANARY}:1 garbage".encode())
    assert keep(run(PwnedPasswords, inputs={"passwords": canary_inputs["firefox.csv"]}, endpoints=online)).gaps
    key_env = make_env(inputs={"email": "alice@example.com"}, secrets={"hibp": KEY_CANARY}, endpoints=online)
    assert keep(run(BreachedAccounts, Context(key_env, BreachedAccounts.id))).findings
    bad_key = make_env(inputs={"email": "bob@example.com"}, secrets={"hibp": KEY_CANARY[::-1]}, endpoints=online)
    assert keep(run(BreachedAccounts, Context(bad_key, BreachedAccounts.id))).problem

    # exceptions from damaged input that holds the canary
    for data in (f"{CANARY},x,y\n1,2,3\n".encode(), f'{{"items": [{{"login": {{"password": "{CANARY}"'.encode(), CANARY.encode()):
        with pytest.raises(DamagedInput) as caught:
            read_export_bytes(data, "bad.csv")
        problems += [caught.value.plain, caught.value.detail, repr(caught.value)]

    report = build_report(results, generated_at=datetime(2026, 12, 1, tzinfo=timezone.utc), country="GB")
    rendered = {name: renderer(name)(report) for name in FORMATS}
    assert "mail.example.com" in rendered["html"] and "alice@example.com" in rendered["json"]
    for name, text in rendered.items():
        assert_clean(text, f"the {name} report")
    assert_clean("\n".join(problems), "a result, problem or exception")
    assert_clean("\n".join(r.getMessage() for r in caplog.records), "the logs")
    assert_clean("\n".join(f"{s.path} {sorted(s.headers.items())}" for s in hibp.state.seen if "hibp-api-key" not in s.headers), "the network")
    assert all(len(p.rsplit("/", 1)[1]) == 5 for p in hibp.state.range_paths())
    inputs = {p for p in canary_inputs.values()} | {p for d in canary_inputs.values() if d.is_dir() for p in d.rglob("*")}
    assert_clean(_files_written(tmp_path, started, inputs), "a file")
    for folder in isolated_user_folders.values():
        assert_clean(_files_written(folder, started, set()), "the user folders")


def test_canary_through_the_command_line(hibp, canary_inputs: dict[str, Path], tmp_path: Path, monkeypatch, isolated_user_folders) -> None:
    from tests.cybercheck.cli_helpers import run_cli

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("CYBERCHECK_SECRET_HIBP", KEY_CANARY)
    started = time.time()
    hibp.state.add_passwords({CANARY: 5})
    hibp.state.api_key = KEY_CANARY
    hibp.state.accounts["alice@example.com"] = AccountReply(200, [breach("Adobe")])
    printed = []
    for output in ("r.html", "r.md", "r.json", "r.txt"):
        ran = run_cli(
            "scan", "--check", "passwords",
            "--input", f"passwords={canary_inputs['bitwarden.json']}",
            "--input", "email=alice@example.com",
            "--endpoint", f"pwned={hibp.url}", "--endpoint", f"hibp={hibp.accounts_url}",
            "--output", str(work / output), "--verbose",
        )
        assert ran.code == 1, ran.stderr
        printed += [ran.stdout, ran.stderr]
        assert (work / output).exists()
    offline = run_cli(
        "scan", "--offline", "--check", "passwords.pwned", "--format", "json",
        "--input", f"passwords={canary_inputs['keepassxc.csv']}", "--input", f"pwned-corpus={canary_inputs['ntlm-folder']}",
    )
    assert offline.code == 1
    printed += [offline.stdout, offline.stderr]
    assert "mail.example.com" in printed[0]
    assert_clean("\n".join(printed), "the command line's output")
    inputs = {p for p in canary_inputs.values()} | {p for d in canary_inputs.values() if d.is_dir() for p in d.rglob("*")}
    assert_clean(_files_written(tmp_path, started, inputs), "a file")
    for folder in isolated_user_folders.values():
        assert_clean(_files_written(folder, started, set()), "the user folders")
    assert os.listdir(isolated_user_folders["cache"]) == []
