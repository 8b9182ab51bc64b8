"""The reader's names beside Debian's tshark on the same capture (CI installs tshark)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import netcapture_writer as w
import pytest
from test_capture import mixed

from checks.network.sources.capture import read_capture


@pytest.mark.needs_server("tshark")
@pytest.mark.parametrize("pcapng", [False, True])
def test_same_names_as_tshark(tmp_path: Path, pcapng: bool) -> None:
    path = tmp_path / ("c.pcapng" if pcapng else "c.pcap")
    with path.open("wb") as handle:
        mixed((w.PcapngWriter if pcapng else w.PcapWriter)(handle, order=">"))
    result = subprocess.run(
        ["tshark", "-r", str(path), "-o", "http.tcp.port:80,8080", "-T", "fields", "-e", "dns.qry.name",
         "-e", "tls.handshake.extensions_server_name", "-e", "http.host"],
        capture_output=True, text=True, check=True, timeout=120,
    )
    theirs = {
        value.strip().lower().rsplit(":", 1)[0]
        for line in result.stdout.splitlines() for field in line.split("\t") for value in field.split(",") if value.strip()
    }
    assert {n.name for n in read_capture(path).names} == theirs
