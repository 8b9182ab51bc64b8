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
    assert [(f.code, f.severity) for f in result.findings] == [
        ("computer.hosts.redirected-signin", Severity.HIGH)
    ] * 2
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
    result = _check(
        tmp_path, b"\x00\xff\xfe garbage\n\x89PNG\r\n203.0.113.9 accounts.google.com\n\xc3\x28 bad utf8\n"
    )
    assert result.status is Status.FOUND
    assert any("could not be read as hosts-file entries" in gap for gap in result.gaps)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_read_without_error(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("h") / "hosts"
    path.write_bytes(data)
    read = read_hosts(path)
    assert read.lines >= 0


def test_a_block_list_of_hundreds_of_names_gives_one_finding_for_its_sign_in_sites(tmp_path: Path) -> None:
    trackers = [f"0.0.0.0 ads{n}.tracker.example" for n in range(400)]
    telemetry = [
        "0.0.0.0 device-metrics-us.amazon.com",
        "0.0.0.0 gemini.yahoo.com",
        "0.0.0.0 graph.facebook.com",
    ]
    signin = [
        "0.0.0.0 www.facebook.com",
        "0.0.0.0 facebook.com",
        "127.0.0.1 www.instagram.com",
        "0.0.0.0 x.com",
    ]
    result = _check(tmp_path, "\n".join(["127.0.0.1 localhost", *trackers, *telemetry, *signin]) + "\n")
    assert [(f.code, f.severity) for f in result.findings] == [
        ("computer.hosts.blocked-signin", Severity.LOW)
    ]
    finding = result.findings[0]
    assert finding.subject == "4 sign-in sites are blocked on this computer (Meta, X)"
    assert [e.fields["name"] for e in finding.evidence] == [
        "www.facebook.com",
        "facebook.com",
        "www.instagram.com",
        "x.com",
    ]
    assert any("407 of the entries block a name" in line for line in result.looked_at)


def test_an_ordinary_ad_block_list_raises_nothing_about_sign_in_sites(tmp_path: Path) -> None:
    lines = [
        "0.0.0.0 device-metrics-us.amazon.com",
        "0.0.0.0 device-metrics-us-2.amazon.com",
        "0.0.0.0 gemini.yahoo.com",
    ]
    assert _check(tmp_path, "\n".join(lines) + "\n").status is Status.CLEAN


def test_many_names_sent_to_one_server_are_one_finding_per_provider(tmp_path: Path) -> None:
    lines = [f"203.0.113.9 {n}" for n in ("accounts.google.com", "mail.google.com", "www.google.com")]
    result = _check(tmp_path, "\n".join(lines) + "\n")
    assert [f.subject for f in result.findings] == ["3 names of Google are sent to 203.0.113.9"]
    assert len(result.findings[0].evidence) == 3


def test_a_copied_disk_is_read_for_its_own_hosts_file(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "hosts").write_text("203.0.113.9 login.live.com\n")
    result = run(HostsFile, inputs={"root": tmp_path})
    assert [f.code for f in result.findings] == ["computer.hosts.redirected-signin"]
    assert str(tmp_path / "etc" / "hosts") in result.looked_at[0]


def test_a_copied_windows_disk_is_read_for_its_hosts_file_whatever_the_case(tmp_path: Path) -> None:
    folder = tmp_path / "WINDOWS" / "system32" / "drivers" / "etc"
    folder.mkdir(parents=True)
    (folder / "hosts").write_text("127.0.0.1 localhost\n")
    result = run(HostsFile, inputs={"root": tmp_path})
    assert result.status is Status.CLEAN and str(folder / "hosts") in result.looked_at[0]


def test_a_copy_without_a_hosts_file_is_incomplete_not_this_computers(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    result = run(HostsFile, inputs={"root": tmp_path})
    assert result.status is Status.INCOMPLETE
    assert "holds no hosts file" in result.gaps[0] and not result.looked_at
