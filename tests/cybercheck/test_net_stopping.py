"""The run's network honours Ctrl-C, and a host that cannot be reached costs one time-out per run."""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import dns.exception
import dns.message
import pytest

from cybercheck.errors import Stopped, Unreachable
from cybercheck.net import HostGate, make_resolver, make_session, request, tls_query
from cybercheck.pipeline.context import RunEnv


@pytest.fixture
def silent_listener() -> Iterator[int]:
    """A TCP port that accepts connections and never says anything."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield listener.getsockname()[1]
    listener.close()


def closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def test_once_stopping_the_session_and_resolver_send_nothing() -> None:
    env = RunEnv(timeout=5)
    env.stop.set()
    started = time.monotonic()
    with pytest.raises(Stopped):
        request(env.http, "GET", f"http://127.0.0.1:{closed_port()}/", service="the test service")
    with pytest.raises(dns.exception.DNSException):
        make_resolver(("127.0.0.1:9",), timeout=5, stop=env.stop).resolve("example.org.", "A")
    assert time.monotonic() - started < 0.5


def test_requests_waiting_for_a_host_end_when_the_run_stops(silent_listener: int) -> None:
    stop = threading.Event()
    session = make_session(timeout=2, retries=0, stop=stop)
    url = f"http://127.0.0.1:{silent_listener}/"
    with ThreadPoolExecutor(4) as pool:
        jobs = [pool.submit(request, session, "GET", url, service="the test service") for _ in range(4)]
        time.sleep(0.3)
        stopped_at = time.monotonic()
        stop.set()
        waiting = jobs[1:]
        for job in waiting:
            with pytest.raises(Stopped):
                job.result(timeout=2)
        assert time.monotonic() - stopped_at < 1


def test_an_unreachable_host_is_tried_once_while_the_others_wait() -> None:
    gate = HostGate()
    tries: list[float] = []

    def attempt() -> str:
        tries.append(time.monotonic())
        time.sleep(0.4)
        raise OSError("no route")

    def ask() -> BaseException | None:
        try:
            gate.call("dns.example:853", attempt, (OSError,))
        except OSError as error:
            return error
        return None

    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        errors = list(pool.map(lambda _: ask(), range(8)))
    assert len(tries) == 1
    assert all(isinstance(e, OSError) for e in errors)
    assert time.monotonic() - started < 1.5


def test_a_refused_host_is_not_asked_again_in_the_same_run() -> None:
    session = make_session(timeout=2, retries=3)
    url = f"http://127.0.0.1:{closed_port()}/"
    with pytest.raises(Unreachable):
        request(session, "GET", url, service="the test service")
    started = time.monotonic()
    with pytest.raises(Unreachable) as again:
        request(session, "GET", url, service="the test service")
    assert time.monotonic() - started < 0.05
    assert again.value.plain.startswith("We could not reach the test service")


def test_dns_over_tls_to_a_silent_server_costs_one_time_out_for_many_questions(silent_listener: int) -> None:
    session = make_session(timeout=5)
    context = ssl.create_default_context()

    def ask(name: str) -> str:
        try:
            tls_query(
                session,
                dns.message.make_query(name, "A"),
                "127.0.0.1",
                port=silent_listener,
                server_hostname="dns.example",
                timeout=0.5,
                ssl_context=context,
            )
        except (OSError, dns.exception.Timeout) as error:
            return type(error).__name__
        return "answered"

    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(ask, [f"n{i}.example." for i in range(16)]))
    assert "answered" not in outcomes
    assert time.monotonic() - started < 1.5


def test_an_unreachable_host_is_tried_again_after_a_while() -> None:
    now = [0.0]
    gate = HostGate(remember_for=60, clock=lambda: now[0])
    tries: list[int] = []

    def fails() -> None:
        tries.append(1)
        raise OSError("no route")

    for _ in range(3):
        with pytest.raises(OSError):
            gate.call("dns.example:853", fails, (OSError,))
    assert len(tries) == 1
    now[0] = 61.0
    assert gate.call("dns.example:853", lambda: "answered", (OSError,)) == "answered"
