"""The shared HTTP session and DNS resolver: time-outs, retries that honour Retry-After, --offline.

Both honour the run's stop event (Ctrl-C): once it is set nothing more is sent. A host that
could not be reached is tried once per run: requests that were waiting for it fail at once
instead of each waiting its own time-out, so a network that blocks a service costs one
time-out, not one per question.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from cybercheck.errors import DamagedInput, Offline, Refused, Stopped, Unreachable
from cybercheck.pipeline.words import text
from cybercheck.scrub import hold
from cybercheck.version import __version__

if TYPE_CHECKING:
    import ssl
    from types import TracebackType

    import dns.message
    import dns.resolver
    import requests
    from urllib3 import BaseHTTPResponse
    from urllib3.connectionpool import ConnectionPool

T = TypeVar("T")

USER_AGENT = f"cybercheck/{__version__} (+https://github.com/cybercheck/cybercheck)"
DEFAULT_TIMEOUT = 15.0
MAX_RETRY_AFTER = 20.0  # a server asking us to wait longer is treated as unreachable
MAX_BODY = (
    64 * 1024 * 1024
)  # no answer any check reads is near this; a bigger one is refused, not held in memory


class HostGate:
    """Per run: which hosts could not be reached, and the first contact with each host.

    The first request to a host goes alone; others for the same host wait for it. If it could
    not connect, they fail at once with the same error, and so do later requests to that host
    for `remember_for` seconds (a check-up in the web app can last hours: the network may come
    back). `stop` (Ctrl-C) makes every waiting and later request fail at once.
    """

    def __init__(
        self,
        stop: threading.Event | None = None,
        *,
        remember_for: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stop = stop or threading.Event()
        self.remember_for = remember_for
        self._clock = clock
        self._lock = threading.Lock()
        self._first: dict[str, threading.Event] = {}
        self._down: dict[str, tuple[BaseException, float]] = {}

    def check_stop(self) -> None:
        """Raise Stopped when the run is stopping."""
        if self.stop.is_set():
            raise Stopped(text("cybercheck.net-stopping"))

    def call(self, host: str, attempt: Callable[[], T], unreachable: tuple[type[BaseException], ...]) -> T:
        """Run `attempt` for `host` unless the host was found unreachable a moment ago."""
        self.check_stop()
        with self._lock:
            down = self._down.get(host)
            if down is not None and self._clock() - down[1] > self.remember_for:
                del self._down[host]  # long enough ago: the next request finds out afresh
                self._first.pop(host, None)
            first = self._first.get(host)
            leading = first is None
            if leading:
                first = self._first[host] = threading.Event()
        assert first is not None
        if not leading:
            while not first.wait(0.1):
                self.check_stop()
        self._raise_if_down(host)
        try:
            return attempt()
        except unreachable as error:
            with self._lock:
                self._down.setdefault(host, (error, self._clock()))
            raise
        finally:
            if leading:
                first.set()

    def _raise_if_down(self, host: str) -> None:
        with self._lock:
            down = self._down.get(host)
        if down is not None:
            # A fresh copy: one exception object raised in several threads would share a traceback.
            raise _copy_error(down[0])


def _copy_error(error: BaseException) -> BaseException:
    try:
        return type(error)(*error.args)
    except TypeError:
        return error


def make_session(
    *,
    offline: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    retries: int = 3,
    stop: threading.Event | None = None,
) -> requests.Session:
    """One requests.Session for a run: default time-out, retries with backoff, a clear user agent.

    Its `gate` (a HostGate) remembers unreachable hosts and honours `stop`.
    """
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError
    from urllib3.util.retry import Retry

    class CappedRetry(Retry):
        def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
            wait = super().get_retry_after(response)
            if wait is not None and wait > MAX_RETRY_AFTER:
                return MAX_RETRY_AFTER
            return wait

        def increment(
            self,
            method: str | None = None,
            url: str | None = None,
            response: BaseHTTPResponse | None = None,
            error: Exception | None = None,
            _pool: ConnectionPool | None = None,
            _stacktrace: TracebackType | None = None,
        ) -> CappedRetry:
            # A connection attempt that already waited its whole time-out is not waited for again,
            # and a name that does not exist (or is blocked by this network's DNS) will not appear in a second.
            timed_out = isinstance(error, ConnectTimeoutError) and not isinstance(error, NewConnectionError)
            if timed_out or _no_such_name(error):
                raise MaxRetryError(_pool, url or "", error) from error  # type: ignore[arg-type]  # urllib3 passes None for a pool-less request too
            return super().increment(method, url, response, error, _pool, _stacktrace)

    gate = HostGate(stop)

    class GuardedSession(requests.Session):
        def request(
            self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
        ) -> requests.Response:
            if offline:
                raise Offline(text("cybercheck.net-offline"))
            kwargs.setdefault("timeout", timeout)
            hold_credentials(kwargs)
            host = _host(url.decode() if isinstance(url, bytes) else url)
            send = super().request

            def attempt() -> requests.Response:
                if kwargs.get("stream"):
                    return send(method, url, *args, **kwargs)
                response = send(method, url, *args, **{**kwargs, "stream": True})
                _read_bounded(response, deadline=time.monotonic() + 4 * timeout)
                return response

            return gate.call(host, attempt, (requests.exceptions.ConnectionError,))

    session = GuardedSession()
    session.gate = gate  # type: ignore[attr-defined]  # requests.Session has no slot for it; gate_of() reads it
    retry = CappedRetry(
        total=retries,
        connect=retries,
        read=1,
        status=retries,
        backoff_factor=0.5,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=None,
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry, pool_maxsize=32)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def _no_such_name(error: Exception | None) -> bool:
    import socket

    from urllib3.exceptions import NameResolutionError

    cause = error.__cause__ if isinstance(error, NameResolutionError) else None
    return isinstance(cause, socket.gaierror) and cause.errno == socket.EAI_NONAME


def gate_of(session: requests.Session) -> HostGate:
    """The session's HostGate (a session not made by make_session gets a new, unshared one)."""
    gate = getattr(session, "gate", None)
    return gate if isinstance(gate, HostGate) else HostGate()


def tls_query(
    session: requests.Session,
    query: dns.message.Message,
    where: str,
    *,
    port: int,
    server_hostname: str,
    timeout: float,
    ssl_context: ssl.SSLContext,
) -> dns.message.Message:
    """One DNS-over-TLS question, under the run's stop event and unreachable-host memory."""
    import dns.exception
    import dns.query

    def attempt() -> dns.message.Message:
        return dns.query.tls(
            query, where, timeout=timeout, port=port, ssl_context=ssl_context, server_hostname=server_hostname
        )

    return gate_of(session).call(f"tls://{where}:{port}", attempt, (OSError, dns.exception.Timeout))


_CREDENTIAL_NAMES = ("authorization", "key", "token", "secret", "password", "assertion", "code")


def hold_credentials(kwargs: Mapping[str, Any]) -> None:
    """Hold, for scrubbing, every credential a request is about to send in its headers, form, query or JSON."""
    for part in ("headers", "data", "params", "json"):
        values = kwargs.get(part)
        if not isinstance(values, Mapping):
            continue
        for name, value in values.items():
            if isinstance(value, str) and any(word in str(name).lower() for word in _CREDENTIAL_NAMES):
                hold(value)
                hold(value.split(" ", 1)[-1])  # "Bearer TOKEN": the token alone too


def _read_bounded(response: requests.Response, *, deadline: float) -> None:
    """Read the whole body, but never more than MAX_BODY nor past `deadline` (a server that dribbles)."""
    import urllib3

    body = bytearray()
    try:
        # read1 gives what has arrived, so a trickle is seen as it comes, not after 64 KiB of it
        while chunk := response.raw.read1(64 * 1024, decode_content=True):
            body += chunk
            if len(body) > MAX_BODY:
                raise DamagedInput(
                    text("cybercheck.net-answer-too-large", host=_host(response.url)),
                    detail=f"more than {MAX_BODY} bytes",
                )
            if time.monotonic() > deadline:
                raise Unreachable(
                    text("cybercheck.net-answer-too-slow", host=_host(response.url)),
                    detail=f"{len(body)} bytes before the time limit",
                )
    except (urllib3.exceptions.HTTPError, OSError) as error:
        raise Unreachable(
            text("cybercheck.net-answer-broken", host=_host(response.url)),
            detail=_detail(error),
        ) from None
    finally:
        response.close()
    response._content = bytes(
        body
    )  # NOTE: requests keeps a read body here; setting it keeps .json() and .text working


def request(
    session: requests.Session, method: str, url: str, *, service: str, **kwargs: Any
) -> requests.Response:
    """Send one request and turn every failure into a plain-language SourceError naming `service`.

    401 and 403 raise Refused; 429 and 5xx left after the retries raise Unreachable; other
    statuses (404 among them) are returned for the caller to interpret.
    """
    import requests

    try:
        response = session.request(method, url, **kwargs)
    except requests.exceptions.SSLError as error:
        raise Unreachable(
            text("cybercheck.net-certificate", service=service),
            detail=_detail(error),
        ) from None
    except requests.exceptions.RequestException as error:
        if not _timed_out(error):
            raise Unreachable(
                text("cybercheck.net-unreachable", service=service),
                detail=_detail(error),
            ) from None
        raise Unreachable(
            text("cybercheck.net-timed-out", service=_capitalised(service)),
            detail=_detail(error),
        ) from None
    if response.status_code in (401, 403):
        raise Refused(
            text("cybercheck.net-refused", service=_capitalised(service)),
            detail=f"HTTP {response.status_code} from {_host(url)}",
            status=response.status_code,
        )
    if response.status_code == 429 or response.status_code >= 500:
        raise Unreachable(
            text("cybercheck.net-busy", service=_capitalised(service)),
            detail=f"HTTP {response.status_code} from {_host(url)}",
        )
    return response


def json_of(response: requests.Response, *, service: str) -> Any:
    """The JSON body of a response, or DamagedInput when the server answered something else."""
    try:
        return json.loads(response.content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nested past any real answer
        raise DamagedInput(
            text("cybercheck.net-not-understood", service=_capitalised(service)),
            detail=f"not JSON: HTTP {response.status_code}, {len(response.content)} bytes",
        ) from None


def make_resolver(
    nameservers: tuple[str, ...] = (), *, timeout: float = 5.0, stop: threading.Event | None = None
) -> dns.resolver.Resolver:
    """A DNS resolver; with `nameservers` ("IP" or "IP:PORT") it asks only those.

    Once `stop` is set (Ctrl-C), every question fails at once without being sent.
    """
    import dns.exception
    import dns.resolver

    stopping = stop or threading.Event()

    class StoppableResolver(dns.resolver.Resolver):
        def resolve(self, *args: Any, **kwargs: Any) -> dns.resolver.Answer:
            if stopping.is_set():
                raise dns.exception.DNSException(text("cybercheck.net-stopping"))  # type: ignore[no-untyped-call]  # dnspython's constructor is untyped
            return super().resolve(*args, **kwargs)

    if not nameservers:
        resolver = StoppableResolver()
    else:
        resolver = StoppableResolver(configure=False)
        addresses, port = [], 53
        for server in nameservers:
            host, port = split_host_port(server, 53)
            addresses.append(host)
        resolver.nameservers = addresses
        resolver.port = port
    resolver.lifetime = timeout
    resolver.timeout = timeout
    return resolver


def split_host_port(text: str, default_port: int) -> tuple[str, int]:
    """ "1.2.3.4:53", "[::1]:53", "::1" or "host" -> (host, port)."""
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, int(rest.lstrip(":") or default_port)
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, int(port)
    return text, default_port


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def _timed_out(error: Exception) -> bool:
    """Whether a request failed by waiting too long, also when the retries wrapped the time-out."""
    import requests
    from urllib3.exceptions import MaxRetryError, NewConnectionError, TimeoutError

    if isinstance(error, requests.exceptions.Timeout):
        return True
    cause = error.args[0] if error.args else None
    if not isinstance(cause, MaxRetryError):
        return False
    # NOTE: urllib3's NewConnectionError (refused, no route) subclasses its connect time-out.
    return isinstance(cause.reason, TimeoutError) and not isinstance(cause.reason, NewConnectionError)


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc


def _detail(error: Exception) -> str:
    # NOTE: requests' messages can quote the full URL; keep only the exception type and host-level text.
    return f"{type(error).__name__}: {str(error)[:300]}"
