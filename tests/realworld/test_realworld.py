"""Real third-party artifacts through the CLI, against what a careful expert says of them (issue 14).

Every entry of expected.yaml names an artifact (under tests/realworld/, or under the shared
corpus for data files the repository does not carry), the check, the input it is given as, and
the verdict a careful expert gives after reading the artifact: the status, the finding codes
that must and must not be there. An entry with `known_wrong` is what cybercheck gets wrong
today: the test is a strict xfail, so it turns red the day the check is fixed and the mark can go.

Peers, where the program is installed (and always in CI, CYBERCHECK_REQUIRE_SERVERS=1):
tshark reads each capture and its DNS, TLS and HTTP names are compared with cybercheck's
reader; Pigeonhole compiles each Sieve script and its redirect and notify targets are compared
with the addresses cybercheck reports. MVT's reading is recorded in expected.yaml by
mvt_compare.py (run by hand, MVT is not installed in CI) and compared here.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.checks.mail.conftest import Dovecot, dovecot_server  # noqa: F401  (the session fixture)
from tests.conftest import require_server

HERE = Path(__file__).parent
REPO = HERE.parent.parent
SHARED = Path(os.environ.get("CYBERCHECK_REALWORLD_SHARED", REPO.parent / "shared" / "realworld"))
ENTRIES: list[dict[str, Any]] = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))[
    "artifacts"
]
STATUSES = {"clean", "found", "incomplete", "failed", "not run"}
NOT_LOADABLE = (
    "is not a valid cybercheck check",
    "could not be loaded",
)  # the check itself, not the artifact


def _params(select: str, wrong_key: str | None = None) -> Iterator[Any]:
    """Entries of one kind as test parameters; `wrong_key` names the field that makes one a strict xfail."""
    for entry in ENTRIES:
        kind = (
            "pcap" if entry.get("input") == "pcap" else "sieve" if entry["check"] == "mail.sieve" else "other"
        )
        if select == "mvt" and "mvt" not in entry:
            continue
        if select in ("pcap", "sieve") and kind != select:
            continue
        if select == "checks" and kind == "sieve":
            continue
        if select == "served" and (kind != "sieve" or not entry["sieve"]["compiles"]):
            continue  # Pigeonhole refuses a script it cannot compile, so no server here can hold it
        wrong = entry.get(wrong_key) if wrong_key else None
        marks = [pytest.mark.xfail(strict=True, reason=str(wrong))] if wrong else []
        yield pytest.param(entry, id=entry["id"], marks=marks)


def artifact(entry: dict[str, Any]) -> Path:
    """Where the artifact is: in the repository, or in the shared corpus (skipped when that is absent)."""
    if entry.get("stored") == "shared":
        path: Path = SHARED / str(entry["path"])
        if not path.exists():
            pytest.skip(f"{entry['path']} is kept in the shared corpus ({SHARED}), which is not here")
        return path
    path = HERE / str(entry["path"])
    assert path.exists(), f"{path} is missing"
    return path


def prepared(entry: dict[str, Any], tmp_path: Path) -> Path:
    """The artifact as the check is given it: as it is, zipped, or a real profile inside a built backup."""
    path = artifact(entry)
    how = entry.get("prepare")
    if how is None:
        return path
    if how in ("zip", "zip-root"):  # AndroidQF zips hold their folder; adb bugreport zips hold the files
        target = tmp_path / f"{path.name}.zip"
        top = path.parent if how == "zip" else path
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for member in sorted(path.rglob("*")):
                archive.write(member, member.relative_to(top))
        return target
    if how == "in-zip":  # a single export inside a zip file, which the check says it takes too
        target = tmp_path / f"{path.name}.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(path, path.name)
        return target
    if how == "in-folder":  # the same, in a folder
        folder = tmp_path / "export"
        folder.mkdir()
        (folder / path.name).write_bytes(path.read_bytes())
        return folder
    if how == "ios-profile-backup":  # the profile file byte for byte, where iOS keeps installed profiles
        import hashlib

        from checks.ios.sources.profiles import PROFILES_DOMAIN, PROFILES_FOLDER
        from tests.checks.ios.builder import BackupBuilder

        stub = f"{PROFILES_FOLDER}profile-{hashlib.sha1(path.name.encode()).hexdigest()}.stub"
        return BackupBuilder().add_file(PROFILES_DOMAIN, stub, path.read_bytes()).build(tmp_path / "backup")
    raise AssertionError(f"unknown prepare {how!r} in {entry['id']}")


def scan(
    check: str, inputs: dict[str, str], *, offline: bool = True, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """One check through the CLI, as a person would run it; the check's result from the JSON report."""
    command = [
        sys.executable,
        "-m",
        "cybercheck",
        "scan",
        "--check",
        check,
        "--format",
        "json",
        "--timeout",
        "120",
    ]
    for name, value in inputs.items():
        command += ["--input", f"{name}={value}"]
    if offline:
        command.append("--offline")
    done = subprocess.run(
        command,
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
    assert done.stdout.strip(), f"no report (exit {done.returncode}): {done.stderr[-2000:]}"
    report = json.loads(done.stdout)
    results = [r for r in report["results"] if r.get("selected", True)]
    assert len(results) == 1, [r["check"] for r in results]
    result: dict[str, Any] = results[0]
    error = json.dumps(result.get("error") or "")
    if any(words in error for words in NOT_LOADABLE):
        pytest.skip(f"{check} cannot be loaded in this tree: {error}")
    return result


def codes(result: dict[str, Any]) -> set[str]:
    return {finding["code"] for finding in result["findings"]}


def judge(entry: dict[str, Any], result: dict[str, Any]) -> None:
    """The expert's verdict against cybercheck's: status, then the codes that must and must not be there."""
    status = result["status"].replace("_", " ")
    found = codes(result)
    said = f"cybercheck said {status} {sorted(found)}; gaps {result['gaps']}; error {result.get('error')}"
    assert entry["status"] in STATUSES
    assert status == entry["status"], said
    assert set(entry.get("must", [])) <= found, said
    assert not set(entry.get("must_not", [])) & found, said
    if entry.get("coverage_mentions"):  # what was read must be the artifact, not this computer
        assert any(entry["coverage_mentions"] in line for line in result.get("coverage", [])), result.get(
            "coverage"
        )
    if entry.get("gap_mentions"):  # the gap names what could not be read, not only that something was not
        assert any(entry["gap_mentions"] in gap for gap in result["gaps"]), said


@pytest.mark.parametrize("entry", list(_params("checks", "known_wrong")))
def test_expert_verdict(entry: dict[str, Any], tmp_path: Path) -> None:
    # a value input (a domain, a name) has no file to prepare
    given = entry["value"] if "value" in entry else str(prepared(entry, tmp_path))
    inputs = {entry["input"]: given, **{k: str(v) for k, v in entry.get("extra", {}).items()}}
    judge(entry, scan(entry["check"], inputs))


@pytest.fixture
def sieve_server(dovecot_server: Dovecot, monkeypatch: pytest.MonkeyPatch) -> Dovecot:  # noqa: F811
    """The session's Dovecot (from the mail tests), its certificate trusted for the upload."""
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot_server.cert))
    return dovecot_server


def _sieve_inputs(server: Dovecot) -> dict[str, str]:
    return {
        "imap": f"127.0.0.1:{server.imap_port}",
        "imap-user": server.user,
        "sieve-port": str(server.sieve_port),
    }


@pytest.mark.needs_server("dovecot")
@pytest.mark.parametrize("entry", list(_params("served", "known_wrong")))
def test_expert_verdict_on_a_real_sieve_server(entry: dict[str, Any], sieve_server: Dovecot) -> None:
    """Sieve scripts as the active script of a real Dovecot/Pigeonhole mailbox, read over ManageSieve."""
    script = artifact(entry).read_text(encoding="utf-8")
    sieve_server.upload({"realworld": script}, active="realworld")
    inputs = {**_sieve_inputs(sieve_server), **{k: str(v) for k, v in entry.get("extra", {}).items()}}
    env = {"CYBERCHECK_SECRET_IMAP": sieve_server.password, "SSL_CERT_FILE": str(sieve_server.cert)}
    result = scan("mail.sieve", inputs, offline=False, env=env)
    judge(entry, result)
    reported = json.dumps(result["findings"])
    peer = entry.get("sieve", {})  # Pigeonhole's reading, recorded and checked below
    for address in [*peer.get("redirects", []), *peer.get("notifies", [])]:
        assert address in reported, f"Pigeonhole sends mail to {address}; cybercheck does not report it"


def _sieve_entries_no_server_holds() -> Iterator[Any]:
    for entry in ENTRIES:
        if entry["check"] == "mail.sieve" and not entry["sieve"]["compiles"]:
            marks = (
                [pytest.mark.xfail(strict=True, reason=str(entry["known_wrong"]))]
                if "known_wrong" in entry
                else []
            )
            yield pytest.param(entry, id=entry["id"], marks=marks)


@pytest.mark.parametrize("entry", list(_sieve_entries_no_server_holds()))
def test_expert_verdict_on_scripts_no_server_holds(entry: dict[str, Any]) -> None:
    """Scripts Pigeonhole refuses (a missing include, an old draft extension) read as mail.sieve reads one."""
    from datetime import UTC, datetime

    from checks.mail.judge.rules import judge_rules
    from checks.mail.owner import Owner
    from checks.mail.sources.sieve_script import read_script

    path = artifact(entry)
    read = read_script(path.read_text(encoding="utf-8"), script=path.name, source=path.name)
    found = {f.code for f in judge_rules(read.rules, owner=Owner(), now=datetime.now(UTC))}
    status = "found" if found else "incomplete" if read.gaps else "clean"
    said = f"cybercheck said {status} {sorted(found)}; gaps {[str(g) for g in read.gaps]}"
    assert status == entry["status"], said
    assert set(entry.get("must", [])) <= found, said
    assert not set(entry.get("must_not", [])) & found, said


def _cli_takes_sieve_port() -> bool:
    command = [
        sys.executable,
        "-m",
        "cybercheck",
        "scan",
        "--check",
        "mail.sieve",
        "--input",
        "sieve-port=1",
        "--offline",
    ]
    done = subprocess.run(command, check=False, cwd=REPO, capture_output=True, text=True, timeout=120)
    return "sieve-port" not in done.stderr


def test_cli_takes_the_sieve_port_mail_sieve_documents() -> None:
    """`cybercheck checks show mail.sieve` tells people to give --input sieve-port=N for another port."""
    assert _cli_takes_sieve_port()


def _dump_targets(path: Path, tmp_path: Path) -> tuple[bool, list[str], list[str]]:
    binary = tmp_path / "script.svbin"
    compiled = subprocess.run(
        ["sievec", str(path), str(binary)], check=False, capture_output=True, text=True, timeout=60
    )
    if compiled.returncode != 0:
        return False, [], []
    dump = subprocess.run(
        ["sieve-dump", str(binary)], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    redirects = re.findall(r"REDIRECT\n(?:[^\n]*\n)*?[0-9a-f]+:\s+address: STR\[\d+\] \"([^\"]*)\"", dump)
    notifies = re.findall(r"method: STR\[\d+\] \"mailto:([^\"]*)\"", dump)
    return True, sorted(set(redirects)), sorted(set(notifies))


@pytest.mark.parametrize("entry", list(_params("sieve")))
def test_pigeonhole_reads_the_script_as_recorded(entry: dict[str, Any], tmp_path: Path) -> None:
    """Pigeonhole's compiler is the peer: does the script compile, and where does it send mail."""
    require_server("sievec")
    require_server("sieve-dump")
    compiles, redirects, notifies = _dump_targets(artifact(entry), tmp_path)
    recorded = entry["sieve"]
    assert compiles == recorded["compiles"]
    assert redirects == sorted(recorded.get("redirects", []))
    assert notifies == sorted(recorded.get("notifies", []))


def _not_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return True
    return False  # an address is not a name (SSDP's Host header, an RDP client's SNI)


def _tshark_names(path: Path) -> set[str]:
    done = subprocess.run(
        [
            "tshark",
            "-r",
            str(path),
            "-o",
            "http.tcp.port:80,8080",
            "-T",
            "fields",
            "-e",
            "dns.qry.name",
            "-e",
            "tls.handshake.extensions_server_name",
            "-e",
            "http.host",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    values = {
        v.strip().lower()
        for line in done.stdout.splitlines()
        for field in line.split("\t")
        for v in field.split(",")
    }
    names = {v.rsplit(":", 1)[0] if v.count(":") == 1 else v for v in values if v and v != "<root>"}
    return {n for n in names if _not_address(n)}


@pytest.mark.parametrize("entry", list(_params("pcap")))
def test_tshark_reads_the_names_recorded(entry: dict[str, Any]) -> None:
    """tshark is the peer for captures; first, it still reads what expected.yaml records."""
    require_server("tshark")
    assert _tshark_names(artifact(entry)) == set(entry.get("tshark_names", []))


@pytest.mark.parametrize("entry", list(_params("pcap", "tshark_differs")))
def test_same_names_as_tshark(entry: dict[str, Any]) -> None:
    """The names tshark reads (DNS questions, TLS SNI, HTTP Host) are the names cybercheck's reader reads."""
    require_server("tshark")
    from checks.network.sources.capture import read_capture

    path = artifact(entry)
    assert {n.name for n in read_capture(path).names if _not_address(n.name)} == _tshark_names(path)


# MVT alerts that have a cybercheck counterpart: (MVT module, words in its message, cybercheck code)
MVT_TO_CYBERCHECK = (
    ("root_binaries", "root binary", "android.root"),
    ("aqf_packages", "installed via adb", "android.app.sideloaded"),
    ("aqf_packages", "installed via a browser", "android.app.sideloaded"),
    ("settings", "accessibility_enabled = 1", "android.accessibility.enabled"),
    ("dumpsys_appops", "REQUEST_INSTALL_PACKAGES", "android.setting.unknown-sources"),
)


@pytest.mark.parametrize("entry", list(_params("mvt", "mvt_differs")))
def test_mvt_alerts_have_a_counterpart(entry: dict[str, Any], tmp_path: Path) -> None:
    """What MVT flagged (recorded by mvt_compare.py) that cybercheck has a finding for, cybercheck flags too."""
    recorded = entry["mvt"]
    wanted = {
        code
        for alert in recorded.get("alerts", [])
        for module, words, code in MVT_TO_CYBERCHECK
        if alert["module"] == module
        and words in alert["message"]
        and alert["level"] in ("MEDIUM", "HIGH", "CRITICAL")
    }
    given = prepared(entry, tmp_path)
    found = codes(scan(entry["check"], {entry["input"]: str(given)}))
    assert wanted <= found, (
        f"MVT {recorded['version']} flagged {sorted(wanted - found)} that cybercheck does not"
    )


def test_the_readme_says_which_real_formats_each_area_is_known_to_work_on() -> None:
    """The corpus is how the README's "Known to work" lines are kept true: each area in it has one."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sections = {head.split("\n", 1)[0]: head for head in readme.split("\n### ")[1:]}
    checked = {entry["check"] for entry in ENTRIES}
    for check_id in sorted(checked - {"identity.lookalike", "passwords.pwned"}):
        holding = [name for name, body in sections.items() if f"`{check_id}`" in body]
        assert holding, f"{check_id} is not described in the README"
        assert any("Known to work" in sections[name] for name in holding), f"{check_id}: no 'Known to work' line"
