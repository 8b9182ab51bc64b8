"""computer.apps on copied Linux, macOS and Windows filesystems, ordinary and hostile."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
import systems

from checks.computer.checks import ComputerApps
from cybercheck.pipeline.model import Status
from cybercheck.testing import run

REPO = Path(__file__).parents[3]


@contextmanager
def no_hang(seconds: int = 60):
    """Fail the test, rather than hang the run, if the check does not finish."""

    def stop(*_):
        raise TimeoutError("the check did not finish")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def check(root: Path, **inputs):
    with no_hang():
        return run(ComputerApps, inputs={"root": root, **inputs})


def by_code(result):
    found: dict[str, list] = {}
    for finding in result.findings:
        found.setdefault(finding.code, []).append(finding)
    return found


def test_linux_copy(tmp_path):
    result = check(systems.linux(tmp_path / "disk"))
    found = by_code(result)
    assert result.status is Status.FOUND and not result.gaps
    assert set(found) == {
        "computer.apps.remote-access",
        "computer.apps.keylogger",
        "computer.apps.autostart-unusual",
        "computer.apps.extension-all-pages",
        "computer.apps.ssh-key",
        "computer.apps.root-account",
        "computer.apps.extra-account",
        "computer.apps.remote-login",
        "computer.apps.proxy",
        "computer.apps.root-certificate",
    }
    rustdesk = found["computer.apps.remote-access"][0]
    assert rustdesk.subject == "RustDesk" and rustdesk.severity.name == "HIGH"
    assert "systemd unit" in rustdesk.evidence[0].fields["starts on its own"]
    unusual = {
        f.evidence[0].fields["command"]: f.evidence[0].fields["why"]
        for f in found["computer.apps.autostart-unusual"]
    }
    assert unusual == {
        "/home/alex/.cache/.sys/updater --quiet": "it runs from a hidden folder",
        "/tmp/.x/run.sh": "it runs from a temporary, downloads or shared folder",
    }
    extensions = sorted(f.evidence[0].fields["extension"] for f in found["computer.apps.extension-all-pages"])
    assert extensions == ["Page Helper", "Reader"]
    assert (
        found["computer.apps.extra-account"][0].evidence[0].fields["accounts"] == "alex (administrator), sam"
    )
    assert found["computer.apps.root-account"][0].evidence[0].fields["account"] == "toor"
    assert found["computer.apps.ssh-key"][0].evidence[0].fields["fingerprint"].startswith("SHA256:")
    assert found["computer.apps.remote-login"][0].evidence[0].fields["setting"] == "Remote login (SSH server)"
    assert any("linux system" in line for line in result.looked_at)


def test_macos_copy(tmp_path):
    result = check(systems.macos(tmp_path / "disk"))
    found = by_code(result)
    assert not result.gaps, result.gaps
    assert set(found) == {
        "computer.apps.remote-access",
        "computer.apps.monitoring",
        "computer.apps.autostart-unusual",
        "computer.apps.extension-all-pages",
        "computer.apps.ssh-key",
        "computer.apps.extra-account",
        "computer.apps.remote-login",
        "computer.apps.proxy",
        "computer.apps.root-certificate",
    }
    teamviewer = found["computer.apps.remote-access"][0]
    assert teamviewer.subject == "TeamViewer" and teamviewer.severity.name == "HIGH"
    assert found["computer.apps.remote-login"][0].evidence[0].fields["setting"] == "Screen Sharing"
    assert found["computer.apps.proxy"][0].evidence[0].fields["proxy"] == "198.51.100.20:8080"
    assert found["computer.apps.extra-account"][0].evidence[0].fields["accounts"] == "jo, sam (administrator)"
    assert "Qustodio" in found["computer.apps.monitoring"][0].subject


def test_windows_copy(tmp_path):
    result = check(systems.windows(tmp_path / "disk"))
    found = by_code(result)
    assert not result.gaps, result.gaps
    assert set(found) == {
        "computer.apps.remote-access",
        "computer.apps.keylogger",
        "computer.apps.autostart-unusual",
        "computer.apps.extension-all-pages",
        "computer.apps.ssh-key",
        "computer.apps.extra-account",
        "computer.apps.remote-login",
        "computer.apps.proxy",
        "computer.apps.root-certificate",
    }
    anydesk = found["computer.apps.remote-access"][0]
    assert anydesk.severity.name == "HIGH" and "service" in anydesk.evidence[0].fields["starts on its own"]
    assert "Spyrix" in found["computer.apps.keylogger"][0].subject
    unusual = sorted(f.evidence[0].fields["name"] for f in found["computer.apps.autostart-unusual"])
    assert unusual == ["Updater", "Updater"]  # the Run key's script and the scheduled task in Temp
    assert found["computer.apps.remote-login"][0].evidence[0].fields["setting"] == "Remote Desktop"
    assert found["computer.apps.proxy"][0].evidence[0].fields["proxy"] == "198.51.100.9:8080"
    assert found["computer.apps.extra-account"][0].evidence[0].fields["accounts"] == "kim, lee"
    assert all(f.evidence[0].fields.get("set in", "C:/").startswith(("C:/", "HK")) for f in result.findings)


@pytest.mark.parametrize("system", ["linux", "macos", "windows"])
def test_hostile_copies_give_plain_partial_results(tmp_path, system, unlock_after):
    base = getattr(systems, system)(tmp_path / "disk", hostile=True)
    unlock_after(base)
    result = check(base)
    assert result.problem is None, result.problem
    assert result.findings and result.status is Status.FOUND
    assert result.gaps
    for gap in result.gaps:
        assert "Traceback" not in gap and len(gap) < 400
    text = " ".join(result.gaps)
    assert "far larger" in text  # the sparse file was refused, not read
    assert "link" in text
    if system == "linux":
        assert "not an ordinary file" in text  # the pipe was never opened
        assert "not readable JSON" in text
    if system == "macos":
        assert "damaged or is not a settings file" in text
    if system == "windows":
        assert "damaged or is not a registry file" in text and "scheduled task" in text


def test_same_codes_with_and_without_hostile_content(tmp_path, unlock_after):
    plain = {f.code for f in check(systems.linux(tmp_path / "a")).findings}
    hostile_base = systems.linux(tmp_path / "b", hostile=True)
    unlock_after(hostile_base)
    assert {f.code for f in check(hostile_base).findings} == plain


def test_unreadable_folder_is_named_not_fatal(tmp_path, unlock_after):
    base = systems.linux(tmp_path / "disk")
    (base / "home/sam/.config/autostart").mkdir(parents=True)
    os.chmod(base / "home/sam/.config", 0)
    unlock_after(base)
    if os.geteuid() != 0:
        result = check(base)
        gaps, problem, codes = list(result.gaps), result.problem, {f.code for f in result.findings}
    else:  # root reads every folder: run the check without root's power to bypass permissions
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("setpriv (util-linux) is needed to drop root's file-permission override")
        script = (
            "import json; from cybercheck.testing import run; from checks.computer.checks import ComputerApps;"
            f"r = run(ComputerApps, inputs={{'root': {str(base)!r}}});"
            "print(json.dumps({'gaps': list(r.gaps), 'problem': r.problem and r.problem.plain,"
            " 'codes': sorted({f.code for f in r.findings})}))"
        )
        done = subprocess.run(
            [setpriv, "--bounding-set=-dac_override,-dac_read_search", sys.executable, "-c", script],
            check=False,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        gaps, problem, codes = out["gaps"], out["problem"], set(out["codes"])
    assert problem is None
    assert "computer.apps.remote-access" in codes
    assert any(
        "could not be opened (permission denied)" in gap and "home/sam/.config" in gap for gap in gaps
    ), gaps


def test_system_can_be_named_and_junk_root_is_a_plain_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = check(tmp_path / "empty")
    assert result.status is Status.FAILED or result.problem is not None
    result = check(tmp_path / "empty", system="linux")
    assert result.problem is None
    assert any("no /etc/passwd" in gap for gap in result.gaps)


def test_live_run_reads_this_computer():
    with no_hang(120):
        result = run(ComputerApps)
    assert result.problem is None
    assert any("running programs" in line for line in result.looked_at)


def test_demo_example_is_a_remote_access_tool_that_starts_itself():
    root = REPO / "checks" / "computer" / ComputerApps.example_inputs["root"]
    result = check(root)
    assert [f.code for f in result.findings] == ["computer.apps.remote-access"]
    assert result.findings[0].severity.name == "HIGH"
    assert (REPO / "checks/computer/examples/hosts").is_file()


def test_every_code_has_advice():
    from cybercheck.advice import all_advice

    codes = {
        "remote-access",
        "keylogger",
        "stalkerware-name",
        "monitoring",
        "autostart-unusual",
        "extension-all-pages",
        "ssh-key",
        "root-account",
        "extra-account",
        "remote-login",
        "proxy",
        "root-certificate",
    }
    assert {f"computer.apps.{c}" for c in codes} <= set(all_advice())


def test_a_copy_holding_only_etc_is_incomplete_naming_the_places_absent(tmp_path):
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "passwd").write_text(
        "root:x:0:0:root:/root:/bin/ash\nnobody:*:65534:65534:nobody:/var:/bin/false\n"
    )
    result = run(ComputerApps, inputs={"root": tmp_path, "system": "linux"})
    assert result.status is Status.INCOMPLETE
    gaps = " ".join(result.gaps)
    assert "/usr" in gaps and "/var/lib" in gaps and "/home" in gaps


def test_an_unknown_copy_is_refused_naming_what_its_top_holds(tmp_path):
    (tmp_path / "etc").mkdir()
    (tmp_path / "notes.txt").write_text("x")
    result = run(ComputerApps, inputs={"root": tmp_path})
    assert result.status is Status.FAILED
    assert "its top holds etc/, notes.txt" in result.problem.plain
