"""No secret cybercheck holds reaches anything it shows or keeps, even when a server repeats it back.

A hostile or careless server answers every request with an error that repeats the whole
request: path, headers, form and body. Each secret a check sends (a refresh token, a client
secret, an API key) is a canary; none may appear on stdout, stderr, or in any saved report.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers.mail_http import Reply, Request, StubServer

CANARIES = {
    "refresh": "canary-refresh-7f3a9c2e41",
    "client": "canary-client-secret-b81d0e",
    "outlook": "canary-outlook-refresh-5c2e",
    "hibp": "canary0hibp0key0a6d93f1",
}


def reflect(request: Request) -> Reply:
    echoed = f"{request.method} {request.path} {request.query} {request.headers} {request.body.decode(errors='replace')}"
    return Reply(400, {"error": "invalid_request", "error_description": echoed, "message": echoed})


def run(args: list[str], cwd: Path, folders: dict[str, Path]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CYBERCHECK_")}
    env.update({f"CYBERCHECK_{name.upper()}_DIR": str(path) for name, path in folders.items()})
    env.update(
        {
            "CYBERCHECK_SECRET_GMAIL_TOKEN": CANARIES["refresh"],
            "CYBERCHECK_SECRET_OUTLOOK_TOKEN": CANARIES["outlook"],
            "CYBERCHECK_SECRET_HIBP": CANARIES["hibp"],
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            "PYTHONPATH": str(Path(__file__).parents[2]),
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "cybercheck", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )


@pytest.mark.parametrize("suffix", ["json", "html", "md", "txt"])
def test_a_reflecting_server_never_gets_a_secret_into_what_is_shown_or_saved(
    suffix: str, tmp_path: Path, isolated_user_folders: dict[str, Path]
) -> None:
    with StubServer(reflect) as server:
        report = tmp_path / f"report.{suffix}"
        ran = run(
            [
                "scan", "--verbose", "--check", "mail.gmail", "--check", "mail.outlook",
                "--check", "passwords.breached-accounts",
                "--input", "google-client-id=an-id", "--input", f"google-client-secret={CANARIES['client']}",
                "--input", "outlook-client-id=an-app", "--input", "email=someone@example.net",
                "--endpoint", f"google-oauth={server.url}", "--endpoint", f"gmail={server.url}",
                "--endpoint", f"microsoft-login={server.url}", "--endpoint", f"graph={server.url}",
                "--endpoint", f"hibp={server.url}",
                "--output", str(report),
            ],
            tmp_path,
            isolated_user_folders,
        )
        sent = b" ".join(r.body + str(r.headers).encode() for r in server.requests)
    assert CANARIES["refresh"].encode() in sent and CANARIES["hibp"].encode() in sent  # they really were sent
    assert report.is_file(), ran.stderr
    kept = [ran.stdout, ran.stderr, report.read_text(encoding="utf-8")]
    kept += [p.read_text(encoding="utf-8", errors="replace") for f in isolated_user_folders.values() for p in f.rglob("*") if p.is_file()]
    for name, canary in CANARIES.items():
        for where in kept:
            assert canary not in where, f"the {name} secret leaked"
