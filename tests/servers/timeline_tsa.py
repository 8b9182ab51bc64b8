"""A loopback RFC 3161 time-stamping authority: a throwaway CA and TSA made with the openssl command,
and an HTTP server on 127.0.0.1 whose every answer comes from `openssl ts -reply`."""

from __future__ import annotations

import subprocess
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

_CONFIG = """\
[ tsa ]
default_tsa = tsa_config1

[ tsa_config1 ]
dir = {folder}
serial = $dir/tsaserial
crypto_device = builtin
signer_cert = $dir/tsa.crt
certs = $dir/ca.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5.6
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""

_TSA_EXTENSIONS = "extendedKeyUsage = critical,timeStamping\nkeyUsage = critical,digitalSignature\n"


def _openssl(*args: str, cwd: Path) -> bytes:
    return subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True).stdout


def make_tsa(folder: Path) -> Path:
    """A throwaway CA and a TSA certificate it signed, in `folder`; returns the ts config file."""
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
        "-days",
        "2",
        "-subj",
        "/CN=cybercheck test CA",
        cwd=folder,
    )
    _openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "tsa.key",
        "-out",
        "tsa.csr",
        "-subj",
        "/O=cybercheck tests/CN=Loopback TSA",
        cwd=folder,
    )
    (folder / "tsa.ext").write_text(_TSA_EXTENSIONS)
    _openssl(
        "x509",
        "-req",
        "-in",
        "tsa.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "tsa.crt",
        "-days",
        "2",
        "-extfile",
        "tsa.ext",
        cwd=folder,
    )
    (folder / "tsaserial").write_text("01\n")
    config = folder / "tsa.cnf"
    config.write_text(_CONFIG.format(folder=folder))
    return config


class LoopbackTsa:
    """`openssl ts -reply` behind an HTTP server on 127.0.0.1 (port 0); use as a context manager.

    `refuse` makes it answer HTTP 500; `requests` counts what it was sent.
    """

    def __init__(self) -> None:
        self._temporary = tempfile.TemporaryDirectory(prefix="cybercheck-tsa-")
        self.folder = Path(self._temporary.name)
        self.config = make_tsa(self.folder)
        self.requests = 0
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                tsa.requests += 1
                query = tsa.folder / f"query-{tsa.requests}.tsq"
                query.write_bytes(body)
                reply = subprocess.run(
                    ["openssl", "ts", "-reply", "-config", str(tsa.config), "-queryfile", str(query)],
                    cwd=tsa.folder,
                    capture_output=True,
                    check=False,
                )
                status = 200 if reply.returncode == 0 else 500
                self.send_response(status)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(reply.stdout)))
                self.end_headers()
                self.wfile.write(reply.stdout)

            def log_message(self, format: str, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The TSA's address."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/tsa"

    @property
    def ca_certificate(self) -> Path:
        """The throwaway CA's certificate (PEM)."""
        return self.folder / "ca.crt"

    def __enter__(self) -> LoopbackTsa:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._temporary.cleanup()
