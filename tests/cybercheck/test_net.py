"""The shared HTTP session: --offline fails fast and plainly; failures become plain errors."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cybercheck.errors import DamagedInput, Offline, Refused, Unreachable
from cybercheck.net import json_of, make_session, request


def test_offline_fails_fast_with_a_plain_message() -> None:
    session = make_session(offline=True)
    started = time.monotonic()
    with pytest.raises(Offline) as caught:
        request(session, "GET", "https://api.pwnedpasswords.com/range/ABCDE", service="Have I Been Pwned")
    assert time.monotonic() - started < 0.5
    assert "offline" in caught.value.plain


@pytest.fixture
def server():  # type: ignore[no-untyped-def]
    calls: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            calls.append(self.path)
            if self.path == "/busy" and len(calls) == 1:
                self.send_response(429)
                self.send_header("Retry-After", "1")
                self.end_headers()
                return
            status = {"/denied": 401, "/broken": 503}.get(self.path, 200)
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"<html>garbage</html>" if self.path == "/garbage" else b'{"ok": true}')

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", calls
    httpd.shutdown()


def test_429_is_retried_after_the_time_the_server_asks(server) -> None:  # type: ignore[no-untyped-def]
    url, calls = server
    started = time.monotonic()
    response = request(make_session(), "GET", url + "/busy", service="the test service")
    assert response.status_code == 200 and calls == ["/busy", "/busy"]
    assert time.monotonic() - started >= 0.9


def test_refusals_outages_and_garbage_are_plain_errors(server) -> None:  # type: ignore[no-untyped-def]
    url, _ = server
    session = make_session(retries=1)
    with pytest.raises(Refused):
        request(session, "GET", url + "/denied", service="the test service")
    with pytest.raises(Unreachable):
        request(session, "GET", url + "/broken", service="the test service")
    with pytest.raises(DamagedInput):
        json_of(request(session, "GET", url + "/garbage", service="the test service"), service="the test service")
    with pytest.raises(Unreachable) as caught:
        request(session, "GET", "http://127.0.0.1:9/", service="the test service")
    assert caught.value.plain.startswith("We could not reach the test service")


def test_a_server_that_never_answers_is_a_time_out_not_a_hang() -> None:
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        session = make_session(timeout=0.3, retries=1)
        started = time.monotonic()
        with pytest.raises(Unreachable) as caught:
            request(session, "GET", f"http://127.0.0.1:{listener.getsockname()[1]}/", service="the test service")
        assert time.monotonic() - started < 5
        assert caught.value.plain.startswith("The test service did not answer in time")
    finally:
        listener.close()


class _Endless(BaseHTTPRequestHandler):
    """Answers with a body that is far too big, or that trickles in a byte at a time."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        try:
            if self.path == "/huge":
                chunk = b" " * (1024 * 1024)
                for _ in range(80):
                    self.wfile.write(chunk)
            else:
                for _ in range(200):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endless():  # type: ignore[no-untyped-def]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Endless)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_a_body_far_too_big_is_refused_not_held_in_memory(endless: str) -> None:
    with pytest.raises(DamagedInput) as caught:
        request(make_session(timeout=5, retries=0), "GET", endless + "/huge", service="the test service")
    assert "far larger answer" in caught.value.plain


def test_a_server_that_dribbles_its_answer_is_a_time_out_not_a_hang(endless: str) -> None:
    started = time.monotonic()
    with pytest.raises(Unreachable):
        request(make_session(timeout=0.5, retries=0), "GET", endless + "/slow", service="the test service")
    assert time.monotonic() - started < 5
