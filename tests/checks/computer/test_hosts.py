"""computer.hosts on sample hosts files."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.computer.checks import HostsFile
from checks.computer.sources.hosts_file import read_hosts
from cybercheck.pipeline.model import Severity, Status
from cybercheck.testing import run


def _check(tmp_path: Path, content: bytes | str):  # type: ignore[no-untyped-def]
    path = tmp_path / "hosts"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return run(HostsFile, inputs={"hosts": path})


def test_a_clean_hosts_file_is_clean_and_says_what_it_read(tmp_path: Path) -> None:
    result = _check(tmp_path, "127.0.0.1 localhost\n::1 localhost ip6-localhost\n192.168.1.5 nas.home\n")
    assert result.status is Status.CLEAN
    assert result.looked_at == (f"4 entries on 3 lines of {tmp_path / 'hosts'}",)
    assert result.blind_spots


def test_redirected_sign_in_domains_are_serious_with_the_exact_line(tmp_path: Path) -> None:
    result = _check(tmp_path, "127.0.0.1 localhost\n203.0.113.9 accounts.google.com www.facebook.com\n")
    assert result.status is Status.FOUND
    assert [(f.code, f.severity) for f in result.findings] == [("computer.hosts.redirected-signin", Severity.HIGH)] * 2
    assert result.findings[0].evidence[0].fields["text"] == "203.0.113.9 accounts.google.com www.facebook.com"
    assert result.findings[0].evidence[0].fields["line"] == "2"


def test_comments_odd_spacing_and_blocking_entries(tmp_path: Path) -> None:
    content = "# 203.0.113.9 accounts.google.com\n\t 0.0.0.0\t\tlogin.live.com   # blocked\n  10.0.0.1 Mail.Google.Com. \r\n"
    result = _check(tmp_path, content)
    codes = sorted((f.code, f.subject) for f in result.findings)
    assert codes == [
        ("computer.hosts.blocked-signin", "Microsoft (login.live.com) is sent to 0.0.0.0"),
        ("computer.hosts.redirected-signin", "Google (mail.google.com) is sent to 10.0.0.1"),
    ]


def test_a_lookalike_name_is_not_the_real_site(tmp_path: Path) -> None:
    result = _check(tmp_path, "203.0.113.9 notgoogle.com google.com.evil.example\n")
    assert result.status is Status.CLEAN


def test_an_unreadable_hosts_file_is_incomplete_with_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / "hosts"
    folder.mkdir()
    result = run(HostsFile, inputs={"hosts": folder})
    assert result.status is Status.INCOMPLETE
    assert "could not be read" in result.gaps[0]


def test_binary_junk_is_skipped_and_reported(tmp_path: Path) -> None:
    result = _check(tmp_path, b"\x00\xff\xfe garbage\n\x89PNG\r\n203.0.113.9 accounts.google.com\n\xc3\x28 bad utf8\n")
    assert result.status is Status.FOUND
    assert any("not readable text" in gap for gap in result.gaps)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_read_without_error(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("h") / "hosts"
    path.write_bytes(data)
    read = read_hosts(path)
    assert read.lines >= 0
