"""Who may use the local web app: a one-time link, a session cookie, the right Host, CSRF, the idle lock.

The app runs on the worker's own computer, bound to 127.0.0.1. Other programs on the same
computer, and web pages open in the same browser, are what it guards against:

- the browser is opened at a URL carrying a one-time token; using it sets a session cookie
  (HttpOnly, SameSite=Strict) that every later request must carry;
- a request naming any Host but the app's own address is refused, so a web page cannot
  reach the app through DNS rebinding;
- every form carries a CSRF token, and a form whose Origin is not the app's own is refused;
- after a time without use the session locks; an unlock code, shown only in the terminal
  that started the app, opens it again (and lets a new browser window in);
- wrong unlock codes make the browser (or program) that typed them wait, longer with each one;
  wrong codes from browsers without a session also share one budget, so trying codes from
  many fresh windows is slow too. Nobody is locked out for good: every wait ends.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

COOKIE_PREFIX = "cybercheck-"
UNLOCK_TRIES = 5  # wrong codes in a row from one browser before it must wait
FIRST_WAIT = 30.0  # seconds; doubles with each further wrong code from the same browser
LONGEST_WAIT = 600.0
SHARED_TRIES = 20  # wrong codes from browsers without a session, within SHARED_WINDOW seconds
SHARED_WINDOW = 600.0


def _token() -> str:
    return secrets.token_urlsafe(32)


def _source(current: Session | None, visitor: str | None) -> str:
    """Who typed a code: a browser's locked session, else its visitor cookie, else nobody known."""
    if current is not None:
        return f"session:{current.id}"
    return f"visitor:{visitor}" if visitor else "unknown"


def unlock_code() -> str:
    """Eight digits in two groups, easy to read from a terminal and type."""
    number = f"{secrets.randbelow(10**8):08d}"
    return f"{number[:4]} {number[4:]}"


@dataclass
class Session:
    """One browser's use of the app: its CSRF token and when it was last used."""

    id: str
    csrf: str
    last_used: float
    locked: bool = False


@dataclass
class _Tries:
    """Wrong unlock codes from one browser: how many in a row, and until when it must wait."""

    wrong: int = 0
    until: float = 0.0


@dataclass
class Guard:
    """The app's keys: the one-time link token, the unlock code and the live sessions."""

    port: int
    idle_seconds: float
    launch_token: str = field(default_factory=_token)
    unlock: str = field(default_factory=unlock_code)
    clock: Callable[[], float] = time.monotonic
    _sessions: dict[str, Session] = field(default_factory=dict)
    _launch_used: bool = False
    _tries: dict[str, _Tries] = field(default_factory=dict)
    _shared_wrong: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def origin(self) -> str:
        """The app's own origin; the only one whose forms are accepted."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def host(self) -> str:
        """The only Host header accepted."""
        return f"127.0.0.1:{self.port}"

    @property
    def cookie_name(self) -> str:
        """The session cookie's name; it names the port, as cookies do not tell ports apart."""
        return f"{COOKIE_PREFIX}{self.port}"

    @property
    def visitor_cookie_name(self) -> str:
        """The cookie that tells apart browsers typing unlock codes without a session."""
        return f"{COOKIE_PREFIX}{self.port}-visitor"

    @property
    def launch_url(self) -> str:
        """The URL the browser is opened at; it works once."""
        return f"{self.origin}/start?token={self.launch_token}"

    # sessions -----------------------------------------------------------------------------
    def _new_session(self) -> Session:
        session = Session(id=_token(), csrf=_token(), last_used=self.clock())
        self._sessions[session.id] = session
        return session

    def redeem_launch(self, token: str | None) -> Session | None:
        """A new session for the one-time token, or None when it is wrong or already used."""
        with self._lock:
            if self._launch_used or not token or not hmac.compare_digest(token, self.launch_token):
                return None
            self._launch_used = True
            return self._new_session()

    def redeem_unlock(self, code: str | None, current: Session | None, visitor: str | None = None) -> Session | None:
        """The session opened again (or a new one) for the right unlock code; None when wrong or waiting.

        Wrong codes are counted per browser: its locked session, else its `visitor` cookie. After
        UNLOCK_TRIES in a row it waits FIRST_WAIT seconds, twice as long after each further one,
        at most LONGEST_WAIT. Browsers without a session also share SHARED_TRIES per SHARED_WINDOW.
        """
        typed = "".join((code or "").split())
        with self._lock:
            now = self.clock()
            if self._wait(current, visitor, now) > 0:
                return None
            if not typed or not hmac.compare_digest(typed, self.unlock.replace(" ", "")):
                tries = self._tries.setdefault(_source(current, visitor), _Tries())
                tries.wrong += 1
                if tries.wrong >= UNLOCK_TRIES:
                    tries.until = now + min(FIRST_WAIT * 2 ** (tries.wrong - UNLOCK_TRIES), LONGEST_WAIT)
                if current is None:
                    self._shared_wrong.append(now)
                return None
            self._tries.pop(_source(current, visitor), None)
            if current is not None:
                current.locked = False
                current.last_used = self.clock()
                return current
            return self._new_session()

    def unlock_wait(self, current: Session | None, visitor: str | None = None) -> float:
        """How many seconds this browser must wait before it may type a code again (0: it may now)."""
        with self._lock:
            return self._wait(current, visitor, self.clock())

    def _wait(self, current: Session | None, visitor: str | None, now: float) -> float:
        tries = self._tries.get(_source(current, visitor))
        wait = tries.until - now if tries else 0.0
        if current is None:
            self._shared_wrong = [t for t in self._shared_wrong if now - t < SHARED_WINDOW]
            if len(self._shared_wrong) >= SHARED_TRIES:
                wait = max(wait, self._shared_wrong[-SHARED_TRIES] + SHARED_WINDOW - now)
        return max(wait, 0.0)

    def session(self, cookie: str | None) -> Session | None:
        """The session a cookie names, locking it first if it has been idle too long."""
        if not cookie:
            return None
        with self._lock:
            session = self._sessions.get(cookie)
            if session is not None and not session.locked and self.clock() - session.last_used > self.idle_seconds:
                session.locked = True
            return session

    def touch(self, session: Session) -> None:
        """Record use (a page or form; progress polling does not count)."""
        with self._lock:
            if not session.locked:
                session.last_used = self.clock()

    def lock(self, session: Session) -> None:
        """Lock a session now (quick exit, the idle timer in the page)."""
        with self._lock:
            session.locked = True

    # requests -----------------------------------------------------------------------------
    def host_allowed(self, host: str | None) -> bool:
        """Whether a request's Host header names this app."""
        return host == self.host

    def origin_allowed(self, origin: str | None, fetch_site: str | None) -> bool:
        """Whether a form may be taken: no foreign Origin, and not marked cross-site by the browser."""
        if origin is not None and origin != self.origin:
            return False
        return fetch_site in (None, "same-origin", "none")

    @staticmethod
    def csrf_valid(session: Session, token: str | None) -> bool:
        """Whether a form's CSRF token is the session's."""
        return bool(token) and hmac.compare_digest(token or "", session.csrf)
