"""The shared HTTP session and DNS resolver: time-outs, retries that honour Retry-After, --offline."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cybercheck.errors import DamagedInput, Offline, Refused, Unreachable
from cybercheck.scrub import hold
from cybercheck.version import __version__

if TYPE_CHECKING:
    import dns.resolver
    import requests
    from urllib3 import BaseHTTPResponse

USER_AGENT = f"cybercheck/{__version__} (+https://github.com/cybercheck/cybercheck)"
DEFAULT_TIMEOUT = 15.0
MAX_RETRY_AFTER = 20.0  # a server asking us to wait longer is treated as unreachable
MAX_BODY = 64 * 1024 * 1024  # no answer any check reads is near this; a bigger one is refused, not held in memory


def make_session(*, offline: bool = False, timeout: float = DEFAULT_TIMEOUT, retries: int = 3) -> requests.Session:
    """One requests.Session for a run: default time-out, retries with backoff, a clear user agent."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    class CappedRetry(Retry):
        def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
            wait = super().get_retry_after(response)
            if wait is not None and wait > MAX_RETRY_AFTER:
                return MAX_RETRY_AFTER
            return wait

    class GuardedSession(requests.Session):
        def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
            if offline:
                raise Offline(
                    "This needs the internet, but cybercheck was asked to stay offline (--offline), "
                    "so nothing was sent."
                )
            kwargs.setdefault("timeout", timeout)
            hold_credentials(kwargs)
            if kwargs.get("stream"):
                return super().request(method, url, *args, **kwargs)
            response = super().request(method, url, *args, **{**kwargs, "stream": True})
            _read_bounded(response, deadline=time.monotonic() + 4 * timeout)
            return response

    session = GuardedSession()
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
                    f"{_host(response.url)} sent a far larger answer than expected, so it was not read.",
                    detail=f"more than {MAX_BODY} bytes",
                )
            if time.monotonic() > deadline:
                raise Unreachable(
                    f"{_host(response.url)} answered too slowly to finish, so what it sent was not used.",
                    detail=f"{len(body)} bytes before the time limit",
                )
    except (urllib3.exceptions.HTTPError, OSError) as error:
        raise Unreachable(
            f"The connection to {_host(response.url)} broke while it was answering, so what it sent was not used.",
            detail=_detail(error),
        ) from None
    finally:
        response.close()
    response._content = bytes(body)  # NOTE: requests keeps a read body here; setting it keeps .json() and .text working


def request(session: requests.Session, method: str, url: str, *, service: str, **kwargs: Any) -> requests.Response:
    """Send one request and turn every failure into a plain-language SourceError naming `service`.

    401 and 403 raise Refused; 429 and 5xx left after the retries raise Unreachable; other
    statuses (404 among them) are returned for the caller to interpret.
    """
    import requests

    try:
        response = session.request(method, url, **kwargs)
    except requests.exceptions.SSLError as error:
        raise Unreachable(
            f"We could not make a secure connection to {service}: its certificate could not be "
            "verified. Nothing was sent. Check the address, or try from another network.",
            detail=_detail(error),
        ) from None
    except requests.exceptions.RequestException as error:
        if not _timed_out(error):
            raise Unreachable(
                f"We could not reach {service}. Check your internet connection and try again.",
                detail=_detail(error),
            ) from None
        raise Unreachable(
            _capitalised(f"{service} did not answer in time. Check your internet connection and try again."),
            detail=_detail(error),
        ) from None
    if response.status_code in (401, 403):
        raise Refused(
            _capitalised(
                f"{service} refused the request: the key or sign-in may be wrong, expired or missing a permission."
            ),
            detail=f"HTTP {response.status_code} from {_host(url)}",
        )
    if response.status_code == 429 or response.status_code >= 500:
        raise Unreachable(
            _capitalised(f"{service} is busy or having problems and kept refusing our requests. Try again later."),
            detail=f"HTTP {response.status_code} from {_host(url)}",
        )
    return response


def json_of(response: requests.Response, *, service: str) -> Any:
    """The JSON body of a response, or DamagedInput when the server answered something else."""
    try:
        return json.loads(response.content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nested past any real answer
        raise DamagedInput(
            _capitalised(f"{service} sent an answer we could not understand, so this part was not checked."),
            detail=f"not JSON: HTTP {response.status_code}, {len(response.content)} bytes",
        ) from None


def make_resolver(nameservers: tuple[str, ...] = (), *, timeout: float = 5.0) -> dns.resolver.Resolver:
    """A DNS resolver; with `nameservers` ("IP" or "IP:PORT") it asks only those."""
    import dns.resolver

    if not nameservers:
        resolver = dns.resolver.Resolver()
    else:
        resolver = dns.resolver.Resolver(configure=False)
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


def _capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


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
