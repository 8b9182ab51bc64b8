"""A real Dovecot with Pigeonhole (IMAP and ManageSieve) on loopback, for the mail tests and the fuzzing harness.

`running_dovecot()` starts one as a foreground process in a fresh folder with its own certificate and
one test user, and stops it when the block ends; the process is also told to stop if the one that
started it dies (Linux), so that a harness killed mid-run leaves no server behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DOVECOT_USER = "sam"
DOVECOT_PASSWORD = "correct-horse-battery-42"


@dataclass
class Dovecot:
    """A running Dovecot on loopback: its ports, its certificate and its test user."""

    folder: Path
    cert: Path
    key: Path
    imap_port: int
    sieve_port: int
    sieves_port: int
    user: str = DOVECOT_USER
    password: str = DOVECOT_PASSWORD

    def upload(self, scripts: dict[str, str], active: str | None) -> None:
        """Replace the user's scripts (PUTSCRIPT, SETACTIVE: test set-up only)."""
        from tests.servers.mail_sieve import upload

        upload("127.0.0.1", self.sieve_port, self.user, self.password, scripts, active)


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for sock in sockets:
        sock.close()
    return ports


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def _config(folder: Path, cert: Path, key: Path, ports: list[int], uid: int, gid: int, internal: str) -> str:
    return f"""
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
protocols = imap sieve
listen = 127.0.0.1
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
auth_mechanisms = plain
auth_failure_delay = 0
disable_plaintext_auth = yes
first_valid_uid = 1
default_internal_user = {internal}
default_login_user = {internal if os.getuid() else "dovenull"}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {folder}/users
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  mailbox Trash {{
    special_use = \\Trash
    auto = create
  }}
  mailbox "Old Stuff" {{
    special_use = \\Trash
    auto = create
  }}
  mailbox Junk {{
    special_use = \\Junk
    auto = create
  }}
  mailbox Archive {{
    special_use = \\Archive
    auto = create
  }}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {ports[0]}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service managesieve-login {{
  inet_listener sieve {{
    address = 127.0.0.1
    port = {ports[1]}
  }}
  inet_listener sieves {{
    address = 127.0.0.1
    port = {ports[2]}
    ssl = yes
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
protocol sieve {{
}}
plugin {{
  sieve = file:~/sieve;active=~/.dovecot.sieve
}}
"""


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot stopped: {log.read_text() if log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("dovecot did not start listening")


def _first_handshake(port: int, cert: Path) -> None:
    """One TLS handshake on the implicit-TLS port, so that the login process and its keys are ready
    before a test times a check against it (on a loaded machine the first one can take many seconds)."""
    import ssl

    context = ssl.create_default_context(cafile=str(cert))
    deadline = time.monotonic() + 60
    while True:
        try:
            with (
                socket.create_connection(("127.0.0.1", port), timeout=30) as raw,
                context.wrap_socket(raw, server_hostname="127.0.0.1"),
            ):
                return
        except (OSError, ssl.SSLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _die_with_parent() -> Callable[[], None] | None:
    """What the child runs before exec to get SIGTERM when the starting process goes (prctl
    PR_SET_PDEATHSIG), or None where there is no prctl (the block's end still stops it).

    Looked up here, in the parent: between fork and exec the child may take no lock (an import
    would take the import lock, which another thread may have held at the fork)."""
    import ctypes

    try:
        prctl = ctypes.CDLL(None).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(1, signal.SIGTERM)


@contextmanager
def running_dovecot() -> Iterator[Dovecot]:
    """A Dovecot with IMAP and ManageSieve on loopback for as long as the block lasts."""
    import pwd

    folder = Path(tempfile.mkdtemp(prefix="cc-dovecot-"))
    folder.chmod(0o755)
    for name in ("run", "state", "home"):
        (folder / name).mkdir()
    if os.getuid() == 0:  # dovecot will not deliver as root: the mailbox belongs to "nobody"
        mail_user = pwd.getpwnam("nobody")
        uid, gid, internal = mail_user.pw_uid, mail_user.pw_gid, "dovecot"
    else:
        uid, gid, internal = os.getuid(), os.getgid(), pwd.getpwuid(os.getuid()).pw_name
    os.chown(folder / "home", uid, gid)
    cert, key = _certificate(folder)
    ports = _free_ports(3)
    (folder / "users").write_text(f"{DOVECOT_USER}:{{PLAIN}}{DOVECOT_PASSWORD}:{uid}:{gid}::{folder}/home\n")
    (folder / "dovecot.conf").write_text(_config(folder, cert, key, ports, uid, gid, internal))
    output = (folder / "output.txt").open("wb")
    process = subprocess.Popen(
        ["dovecot", "-F", "-c", str(folder / "dovecot.conf")],
        stdout=output,
        stderr=output,
        preexec_fn=_die_with_parent(),
    )
    try:
        for port in ports:
            _wait_for(port, process, folder / "dovecot.log")
        _first_handshake(ports[2], cert)
        yield Dovecot(folder, cert, key, ports[0], ports[1], ports[2])
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        output.close()
        shutil.rmtree(folder, ignore_errors=True)
