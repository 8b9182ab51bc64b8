"""A secret stored and used through a real keyring backend never shows up anywhere else."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cybercheck.secrets import Secret
from tests.cybercheck.cli_helpers import run_cli

CANARY = "canary-Secret-7f3a9c"


@pytest.fixture
def key_server():  # type: ignore[no-untyped-def]
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append(self.headers.get("x-key", ""))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()


def _every_file_text(*folders: Path) -> str:
    texts = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


def test_a_stored_secret_reaches_the_server_and_nowhere_else(
    fake_plugins, memory_keyring, key_server, isolated_user_folders, tmp_path: Path
) -> None:
    fake_plugins("test.secret")
    url, seen = key_server
    stored = run_cli("login", "testkey", input=CANARY + "\n")
    assert memory_keyring.store[("cybercheck", "testkey")] == CANARY
    outputs = []
    for name in ("r.json", "r.html", "r.md"):
        ran = run_cli("scan", "--check", "test.secret", "--endpoint", f"testservice={url}", "--output", str(tmp_path / name), "--verbose")
        assert ran.code == 0
        outputs += [ran.stdout, ran.stderr]
    assert seen == [CANARY] * 3
    everything = "\n".join([stored.stdout, stored.stderr, *outputs, _every_file_text(tmp_path, *isolated_user_folders.values())])
    assert CANARY not in everything


def test_a_secret_in_a_failing_request_stays_out_of_the_error(fake_plugins, memory_keyring, tmp_path: Path) -> None:
    fake_plugins("test.secret")
    memory_keyring.store[("cybercheck", "testkey")] = CANARY
    ran = run_cli("scan", "--check", "test.secret", "--endpoint", "testservice=http://127.0.0.1:9", "--format", "json", "--verbose")
    assert ran.code == 3
    assert CANARY not in ran.stdout + ran.stderr


def test_secret_objects_never_print_their_value() -> None:
    secret = Secret(CANARY)
    assert CANARY not in repr(secret) + str(secret) + f"{secret}" + "%s" % secret  # noqa: UP031
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(secret)


def test_without_a_keyring_login_says_so_plainly_and_stores_nothing(isolated_user_folders) -> None:
    ran = run_cli("login", "testkey", input=CANARY + "\n")
    assert "no keyring" in ran.stderr and "Nothing was saved" in ran.stderr
    assert "Type the" not in ran.stderr  # it says so before asking for anything
    assert CANARY not in _every_file_text(*isolated_user_folders.values())
    ran = run_cli("logout", "testkey")
    assert ran.code == 0 and "no keyring" in ran.stderr and "nothing stored here to remove" in ran.stderr


def test_logout_removes_what_login_stored(memory_keyring) -> None:
    run_cli("login", "testkey", input=CANARY + "\n")
    assert "Removed testkey" in run_cli("logout", "testkey").stderr
    assert ("cybercheck", "testkey") not in memory_keyring.store
    assert "Nothing was stored as testkey" in run_cli("logout", "testkey").stderr
