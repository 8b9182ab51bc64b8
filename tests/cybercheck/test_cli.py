"""The commands a newcomer uses first: checks, checks show, demo, helplines."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cybercheck.cli_helpers import run_cli


def test_checks_lists_every_check_with_area_what_it_looks_at_and_needs(fake_plugins) -> None:
    fake_plugins("test.quiet", "test.needs", "test.broken")
    ran = run_cli("checks")
    assert ran.code == 0
    assert "test.quiet  [Phones and computers]  A check that finds nothing" in ran.stdout
    assert "needs: Give the file with --input thing=FILE." in ran.stdout
    assert "test.broken  (could not be loaded" in ran.stdout


def test_checks_show_explains_one_check_and_how_to_give_its_inputs() -> None:
    ran = run_cli("checks", "show", "computer.hosts")
    assert ran.code == 0
    assert "--input hosts=FILE" in ran.stdout and "What it cannot see:" in ran.stdout


def test_checks_show_of_an_unknown_check_is_a_usage_error() -> None:
    assert run_cli("checks", "show", "no.such").code == 2


def test_demo_writes_its_report_here_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ran = run_cli("demo")
    assert ran.code == 0
    report = tmp_path / "cybercheck-demo-report.html"
    assert report.exists() and str(report) in ran.stderr
    html = report.read_text()
    assert "This computer sends a sign-in site to a different server" in html
    assert "made-up example" in ran.stderr


def test_demo_never_uses_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the demo tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.chdir(tmp_path)
    assert run_cli("demo").code == 0


def test_python_dash_m_runs_the_same_cli() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "cybercheck", "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and "cybercheck" in done.stdout


def test_a_nameserver_that_is_not_an_ip_address_is_a_usage_error() -> None:
    ran = run_cli("scan", "--check", "mail.provider", "--input", "owner=sam@example.com", "--nameserver", "my-router")
    assert ran.code == 2 and "--nameserver takes a DNS server's IP address" in ran.stderr
    assert "fault in its own code" not in ran.stdout + ran.stderr


def test_a_dns_over_tls_endpoint_is_written_ip_hash_name(tmp_path: Path) -> None:
    ran = run_cli("scan", "--check", "network.dns", "--offline", "--endpoint", "dot=9.9.9.9#dns.quad9.net")
    assert ran.code == 3 and "should start with https://" not in ran.stderr  # not run offline, but accepted
    assert run_cli("scan", "--check", "network.dns", "--offline", "--endpoint", "doh=dns.example").code == 2


def test_an_iocs_file_that_is_not_a_bundle_stops_the_scan_plainly(tmp_path: Path) -> None:
    bundle = tmp_path / "extra.stix2"
    bundle.write_text('{"type": "bundle"}')
    ran = run_cli("scan", "--check", "computer.hosts", "--offline", "--iocs", str(bundle))
    assert ran.code == 2 and "extra.stix2 is not a STIX2 bundle" in ran.stderr and "Nothing was checked" in ran.stderr
