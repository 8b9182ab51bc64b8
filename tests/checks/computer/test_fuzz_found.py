"""Hosts files the fuzzing harness (tests/fuzz) found reported clean although damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.computer.checks import HostsFile
from cybercheck.pipeline.model import Status
from cybercheck.testing import run


@pytest.mark.parametrize(
    "line",
    [
        b"127.0.0.1 loca,host.",
        b"127.0.0.1 " + b"A" * 550_000,
        b"127.0.0.1 local\xffhost",
        b"127.0.0.!  localhost",
        b"127.0.0.1\tacteon.co-.ar",
        b"127.0.0.1 localhost..",
        b"127.0.0.1 -starts.example.com",
        b"127.0.0.1\tmvconf.lato.cl" + b" " * 550_000,
        b"127.0.0.1 localhos" + b" " * 550_000 + b"t.",  # every word still a name
    ],
    ids=[
        "comma",
        "huge-name",
        "not-utf8",
        "bad-address",
        "label-ends-in-hyphen",
        "two-final-dots",
        "label-starts-with-hyphen",
        "huge-line",
        "huge-run-of-spaces-inside",
    ],
)
def test_a_damaged_hosts_line_is_a_gap(tmp_path: Path, line: bytes) -> None:
    hosts = tmp_path / "hosts"
    hosts.write_bytes(b"# a hosts file\n::1 localhost\n" + line + b"\n")
    result = run(HostsFile, inputs={"hosts": hosts})
    assert result.status is Status.INCOMPLETE, (result.status, result.gaps)


def test_an_undamaged_hosts_file_is_clean(tmp_path: Path) -> None:
    hosts = tmp_path / "hosts"
    hosts.write_bytes(b"127.0.0.1 localhost\n::1 localhost ip6-localhost\n10.0.0.2 nas.home_lan printer-1\n")
    assert run(HostsFile, inputs={"hosts": hosts}).status is Status.CLEAN


def test_a_line_of_a_hundred_thousand_names_is_read_in_bounded_memory(tmp_path: Path) -> None:
    import tracemalloc

    hosts = tmp_path / "hosts"
    hosts.write_bytes(b"127.0.0.1 " + b"[ " * 100_000 + b"\n")  # each name once held the whole line
    tracemalloc.start()
    result = run(HostsFile, inputs={"hosts": hosts})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 200 * 1024**2, peak
    assert result.status is Status.INCOMPLETE
