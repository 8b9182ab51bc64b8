"""Tokens and passwords reach only their own server: never the output, a saved report, a file or an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cybercheck.cli_helpers import run_cli
from tests.servers.mail_gmail import GOOD_TOKEN, REFRESH_TOKEN
from tests.servers.mail_graph import GOOD_TOKEN as GRAPH_TOKEN


def _files_contain(folder: Path, text: str) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and text.encode() in p.read_bytes()]


@pytest.mark.parametrize(
    "check, secret_env, refresh",
    [
        ("mail.gmail", "CYBERCHECK_SECRET_GMAIL_TOKEN", REFRESH_TOKEN),
        ("mail.outlook", "CYBERCHECK_SECRET_OUTLOOK_TOKEN", None),
    ],
)
def test_a_token_stays_out_of_every_output(
    gmail,
    graph,
    monkeypatch,
    tmp_path: Path,
    isolated_user_folders,
    check: str,
    secret_env: str,
    refresh: str | None,  # type: ignore[no-untyped-def]
) -> None:
    _, gmail_server = gmail
    _, graph_server = graph
    token = GOOD_TOKEN if check == "mail.gmail" else GRAPH_TOKEN
    value = (
        json.dumps({"access_token": "stale", "refresh_token": refresh, "expires_at": 1, "client_id": "c"})
        if refresh
        else token
    )
    monkeypatch.setenv(secret_env, value)
    for name, server in (
        ("GMAIL", gmail_server),
        ("GOOGLE_OAUTH", gmail_server),
        ("GRAPH", graph_server),
        ("MICROSOFT_LOGIN", graph_server),
    ):
        monkeypatch.setenv(f"CYBERCHECK_ENDPOINT_{name}", server.url)
    report = tmp_path / "report.json"
    ran = run_cli("scan", "--check", check, "--output", str(report), "--verbose")
    assert report.exists(), ran.stderr
    for text in (token, refresh or token, "stale"):
        assert text not in ran.stdout and text not in ran.stderr
        assert not _files_contain(tmp_path, text)
        for folder in isolated_user_folders.values():
            assert not _files_contain(folder, text)
    # and it did reach the server that needed it
    server = gmail_server if check == "mail.gmail" else graph_server
    assert any(r.headers.get("authorization") == f"Bearer {token}" for r in server.requests)
