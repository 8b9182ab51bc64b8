"""Ctrl-C through a real terminal: `scan` stops within 2 s saying so, a second press ends it at once,
and `serve` says it stopped and exits 130. The network waits on loopback servers that never answer."""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")


@pytest.fixture
def silent_servers() -> Iterator[tuple[int, int]]:
    """A DNS server (UDP) and a DNS-over-TLS/HTTPS server (TCP) that never answer."""
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(64)
    yield udp.getsockname()[1], tcp.getsockname()[1]
    udp.close()
    tcp.close()


def spawn(args: list[str], cwd: Path, folders: dict[str, Path]):  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CYBERCHECK_")}
    env.update({f"CYBERCHECK_{name.upper()}_DIR": str(path) for name, path in folders.items()})
    env.update({"TERM": "dumb", "COLUMNS": "120", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    return pexpect.spawn(
        sys.executable,
        ["-m", "cybercheck", *args],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(50, 120),
        preexec_fn=_ctrl_c_not_ignored,
    )


def _ctrl_c_not_ignored() -> None:
    """As a terminal would start it, even when these tests run in the background of a shell without
    job control (which starts its commands with Ctrl-C ignored, and a program inherits that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def waiting_scan(ports: tuple[int, int], cwd: Path, folders: dict[str, Path]):  # type: ignore[no-untyped-def]
    udp, tcp = ports
    child = spawn(
        [
            "scan",
            "--check",
            "network.dns",
            "--nameserver",
            f"127.0.0.1:{udp}",
            "--timeout",
            "60",
            "--endpoint",
            f"dot=127.0.0.1:{tcp}#dns.example",
            "--endpoint",
            f"doh=https://127.0.0.1:{tcp}/dns-query",
        ],
        cwd,
        folders,
    )
    time.sleep(2.5)  # the check is waiting on the network by now
    assert child.isalive()
    return child


def test_ctrl_c_during_scan_stops_within_two_seconds_and_shows_what_was_found(
    tmp_path: Path, isolated_user_folders: dict[str, Path], silent_servers: tuple[int, int]
) -> None:
    child = waiting_scan(silent_servers, tmp_path, isolated_user_folders)
    pressed = time.monotonic()
    child.sendintr()
    child.expect_exact("Stopping")
    child.expect_exact("Press Ctrl-C again to stop at once.")
    child.expect(pexpect.EOF)
    assert time.monotonic() - pressed < 2
    child.close()
    assert child.exitstatus == 130
    assert "stopped before it finished" in child.before
    assert "Traceback" not in child.before


def test_a_second_ctrl_c_ends_the_scan_at_once_without_a_traceback(
    tmp_path: Path, isolated_user_folders: dict[str, Path], silent_servers: tuple[int, int]
) -> None:
    child = waiting_scan(silent_servers, tmp_path, isolated_user_folders)
    child.sendintr()
    child.expect_exact("Stopping")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before


def test_ctrl_c_stops_serve_with_its_message_and_status_130(
    tmp_path: Path, isolated_user_folders: dict[str, Path]
) -> None:
    child = spawn(["serve", "--no-browser", "--offline"], tmp_path, isolated_user_folders)
    child.expect_exact("Press Ctrl-C here to stop.")
    child.sendintr()
    child.expect_exact("Stopped. Nothing was kept that you did not save.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in child.before
