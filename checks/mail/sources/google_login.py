"""`cybercheck login gmail`: Google's installed-app sign-in (loopback redirect with PKCE).

Google does not allow a shared client for Gmail settings (every Gmail scope is "restricted"),
so the person or their organisation gives their own OAuth client of type "Desktop app":
`--input google-client-id=...` and `--input google-client-secret=...` (or the same keys in
the config). The only scope asked for is gmail.settings.basic, which reads mail settings and
cannot read, send or delete messages.
"""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
import threading
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import parse_qs, urlencode, urlsplit

from checks.mail.sources.oauth_tokens import ServiceNames, access_token, post_token, token_blob
from cybercheck.errors import ConfigError, Refused
from cybercheck.pipeline.check import Input
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

if TYPE_CHECKING:
    import requests

    from cybercheck.pipeline.context import RunEnv

# NOTE: https://developers.google.com/gmail/api/reference/rest/v1/users.settings.filters/list
# lists gmail.settings.basic as one of the scopes that can read filters; it is the only one
# of them that cannot read message bodies.
SCOPE = "https://www.googleapis.com/auth/gmail.settings.basic"
TOKEN_BASE = "https://oauth2.googleapis.com"
AUTHORIZE_URL = "https://accounts.google.com/o/oauth2/v2/auth"
NAMES = ServiceNames("Gmail", "cybercheck login gmail")
WAIT_SECONDS = 300.0


def token_url(env: RunEnv) -> str:
    """Where tokens are exchanged and refreshed (endpoint `google-oauth`)."""
    return env.endpoint("google-oauth", TOKEN_BASE) + "/token"


def gmail_access_token(session: requests.Session, secret: Secret, env: RunEnv, now: datetime) -> Secret:
    """The access token to call Gmail with, refreshed in memory when the stored one has expired."""
    return access_token(session, secret, token_url=token_url(env), now=now, names=NAMES)


def _first(env: RunEnv, name: str) -> str:
    values = env.settings.inputs.get(name) or ()
    return values[0].strip() if values else ""


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(64)[:96]
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()
    )
    return verifier, challenge


class _Callback:
    """The one redirect the browser makes back to us."""

    def __init__(self) -> None:
        self.query: dict[str, str] | None = None
        self.done = threading.Event()


def _handler(callback: _Callback) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            if "code" not in query and "error" not in query:
                self.send_response(404)
                self.end_headers()
                return
            page = (
                f"<!doctype html><title>cybercheck</title><p>{html.escape(text('mail.gmail-login-done'))}</p>"
            )
            body = page.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            if callback.query is None:
                callback.query = query
                callback.done.set()

        def log_message(self, *args: object) -> None:  # the code must not reach any log
            pass

    return Handler


def sign_in(env: RunEnv, say: Callable[[str], None]) -> Secret:
    """Sign in to Google in the browser and return the token to keep as `gmail-token`."""
    client_id = _first(env, "google-client-id")
    if not client_id:
        raise ConfigError(text("mail.gmail-login-no-client"))
    stored_secret = env.find_secret("google-client-secret")
    client_secret = _first(env, "google-client-secret") or (stored_secret.reveal() if stored_secret else "")
    verifier, challenge = _pkce()
    state = secrets.token_urlsafe(24)
    callback = _Callback()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(callback))
    thread = threading.Thread(target=server.serve_forever, name="google-login", daemon=True)
    thread.start()
    try:
        redirect_uri = f"http://127.0.0.1:{server.server_address[1]}/"
        params = {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": SCOPE,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
            "state": state,
            "access_type": "offline",
            "prompt": "consent",
        }
        url = env.endpoint("google-oauth-authorize", AUTHORIZE_URL) + "?" + urlencode(params)
        say(f"{text('mail.gmail-login-open')}\n{url}")
        if env.settings.interactive:
            import webbrowser

            webbrowser.open(url)
        if not callback.done.wait(WAIT_SECONDS):
            raise Refused(text("mail.login-timed-out"))
    finally:
        server.shutdown()
        server.server_close()
    query = callback.query or {}
    if query.get("state") != state:
        raise Refused(text("mail.gmail-login-state-mismatch"))
    if "error" in query:
        raise Refused(
            text("mail.gmail-login-refused", error=query["error"].replace("_", " ")),
            detail=f"authorization error: {query['error']}",
        )
    data = {
        "grant_type": "authorization_code",
        "code": query.get("code", ""),
        "client_id": client_id,
        "code_verifier": verifier,
        "redirect_uri": redirect_uri,
    }
    if client_secret:
        data["client_secret"] = client_secret
    answer = post_token(env.http, token_url(env), data, names=NAMES)
    if not answer.get("access_token"):
        raise Refused(text("mail.gmail-login-no-token"))
    client = {"client_id": client_id, "scope": SCOPE}
    if client_secret:
        client["client_secret"] = client_secret
    return token_blob(answer, now=env.settings.clock(), client=client)


class _Login:
    """The flow `cybercheck login gmail` runs (entry point `gmail`), and the inputs it reads."""

    inputs: ClassVar[tuple[Input, ...]] = (
        Input("google-client-id"),
        Input("google-client-secret", kind="secret"),
    )

    def __call__(self, env: RunEnv, say: Callable[[str], None]) -> Secret:
        return sign_in(env, say)


login = _Login()
