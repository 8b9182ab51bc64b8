"""ios.sysdiagnose: shutdown.log in a sysdiagnose, in the layouts Kaspersky, MVT and others document.

No public sysdiagnose or shutdown.log with a licence was found, so these are built to the documented
layout (tests/realworld/ios/SOURCES.md says so): the classic and the iOS 26 shape of the log.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.ios.checks import IphoneSysdiagnose
from checks.ios.sources.shutdown_log import parse_shutdown_log
from cybercheck.pipeline.model import Severity, Status
from cybercheck.testing import run

TOP = "sysdiagnose_2026.11.30_10-00-00+0000_iPhone-OS_iPhone_22B83"
STAGING = "/private/var/db/com.apple.xpc.roleaccountd.staging"
UUID = "EBFB3E7F-4CA4-3656-8E9C-8CCF5995C34A"


def shutdown(stamp: int, *clients: str, waits: int = 1) -> str:
    lines = []
    for wait in range(waits):
        lines.append(f"After {0.25 + wait:.2f}s, these clients are still here:")
        lines += [f"\t\tremaining client pid: {100 + i} ({path})" for i, path in enumerate(clients)]
    lines.append(f"SIGTERM: [{stamp}]")
    return "\n".join(lines) + "\n"


ORDINARY = shutdown(
    1764400000, f"/usr/libexec/nfcd/{UUID}", "/System/Library/PrivateFrameworks/X.framework/xd"
)
DUMPSTATE = (
    "\tProperties: {\n\t\tProductType => iPhone17,1\n\t\tOSVersion => 26.1\n\t\tBuildVersion => 23B85\n\t}\n"
)


def archive(tmp_path: Path, *logs: tuple[str, str], dumpstate: str | None = DUMPSTATE) -> Path:
    path = tmp_path / f"{TOP}.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        members = [(f"{TOP}/system_logs.logarchive/Extra/{name}", text) for name, text in logs]
        if dumpstate is not None:
            members.append((f"{TOP}/remotectl_dumpstate.txt", dumpstate))
        members.append((f"{TOP}/logs/other.txt", "x" * 1000))
        for name, text in members:
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def codes(result):
    return sorted(f.code for f in result.findings)


def test_ordinary_restarts_are_clean_and_say_what_was_read(tmp_path):
    path = archive(tmp_path, ("shutdown.log", ORDINARY * 2))
    result = run(IphoneSysdiagnose, inputs={"sysdiagnose": path}, offline=True)
    assert result.status is Status.CLEAN
    said = " ".join(result.looked_at)
    assert "2 shutdowns or restarts" in said and "iPhone17,1" in said


def test_a_program_from_an_unusual_place_is_found_and_the_uuid_is_dropped(tmp_path):
    log = ORDINARY + shutdown(1764500000, f"{STAGING}/rolexd/{UUID}", "/usr/libexec/nfcd", waits=4)
    path = archive(tmp_path, ("shutdown.log", log), dumpstate=DUMPSTATE.replace("26.1", "14.3"))
    result = run(IphoneSysdiagnose, inputs={"sysdiagnose": path}, offline=True)
    assert codes(result) == ["ios.shutdown.many-waits", "ios.shutdown.unusual-place", "ios.version.old"]
    unusual = next(f for f in result.findings if f.code == "ios.shutdown.unusual-place")
    assert unusual.severity is Severity.HIGH
    assert unusual.evidence[0].fields["program"] == f"{STAGING}/rolexd"
    waits = next(f for f in result.findings if f.code == "ios.shutdown.many-waits")
    assert waits.severity is Severity.LOW


def test_rotated_logs_a_folder_and_a_bare_log_are_read(tmp_path):
    folder = tmp_path / TOP / "system_logs.logarchive" / "Extra"
    folder.mkdir(parents=True)
    (folder / "shutdown.log").write_text(ORDINARY)
    (folder / "shutdown.0.log").write_text(shutdown(1764300000, "/private/var/tmp/helper"))
    result = run(IphoneSysdiagnose, inputs={"sysdiagnose": tmp_path / TOP}, offline=True)
    assert codes(result) == ["ios.shutdown.unusual-place"]
    assert any("2 shutdown logs" in line for line in result.looked_at)
    bare = run(IphoneSysdiagnose, inputs={"sysdiagnose": folder / "shutdown.log"}, offline=True)
    assert bare.status is Status.CLEAN


def test_no_shutdown_log_is_a_gap_and_a_non_archive_fails(tmp_path):
    result = run(IphoneSysdiagnose, inputs={"sysdiagnose": archive(tmp_path)}, offline=True)
    assert result.status is not Status.CLEAN and any("no shutdown log" in g for g in result.gaps)
    junk = tmp_path / "photo.jpg"
    junk.write_bytes(b"\xff\xd8\xff not an archive")
    assert run(IphoneSysdiagnose, inputs={"sysdiagnose": junk}, offline=True).status is Status.FAILED


def test_a_truncated_archive_is_a_gap(tmp_path):
    path = archive(tmp_path, ("shutdown.log", ORDINARY))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    result = run(IphoneSysdiagnose, inputs={"sysdiagnose": path}, offline=True)
    assert result.status in (Status.INCOMPLETE, Status.FAILED)


def test_damaged_lines_are_counted():
    log = "remaining client pid: abc (/x)\nSIGTERM: [notanumber]\n" + ORDINARY
    shutdowns, damaged = parse_shutdown_log(log)
    assert damaged == 2 and len(shutdowns) == 2
    assert shutdowns[-1].when is not None and len(shutdowns[-1].clients) == 2


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_without_error(content):
    shutdowns, damaged = parse_shutdown_log(content)
    assert damaged >= 0 and all(s.delay_notices >= 0 for s in shutdowns)
