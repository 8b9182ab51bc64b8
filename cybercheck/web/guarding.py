"""The Flask hooks that put `security.Guard` in front of every request, and the headers every answer gets."""

from __future__ import annotations

from flask import Flask, abort, g, redirect, request, url_for
from werkzeug.wrappers import Response

from cybercheck.pipeline.words import text
from cybercheck.web.security import Guard, Session

# Paths that work without a session: the one-time link, the lock and unlock pages and the
# neutral quick-exit page (none of them shows anything of the check-up).
OPEN_ENDPOINTS = {"start", "locked", "unlock", "away"}
# What a locked session, or a browser without one, may still fetch: the lock page's stylesheets and script.
LOCKED_ENDPOINTS = {"static", "report_css"}
# Requests a page makes by itself; they do not count as use for the idle lock.
QUIET_ENDPOINTS = {"progress_json"}

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# The printable report is the self-contained HTML report, whose styles are inline; it has no scripts.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def _refused(key: str, status: int) -> Response:
    """A plain-text refusal: the sentence `key` on a line of its own."""
    return Response(text(key) + "\n", status=status, mimetype="text/plain")


def current_session() -> Session | None:
    """The session of the request being answered, if it has one."""
    session: Session | None = g.get("session")
    return session


def install_guard(app: Flask, guard: Guard) -> None:
    """Check Host, session, lock, Origin and CSRF before each request; set headers after."""

    @app.before_request
    def _check() -> Response | None:
        if not guard.host_allowed(request.headers.get("Host")):
            abort(_refused("cybercheck.web-refused-host", 421))
        session = guard.session(request.cookies.get(guard.cookie_name))
        g.session = session
        endpoint = request.endpoint or ""
        if request.method not in ("GET", "HEAD", "POST"):
            abort(_refused("cybercheck.web-refused-method", 405))
        if request.method == "POST" and not guard.origin_allowed(
            request.headers.get("Origin"), request.headers.get("Sec-Fetch-Site")
        ):
            abort(_refused("cybercheck.web-refused-origin", 403))
        if endpoint in OPEN_ENDPOINTS:
            return None
        if session is None:
            if endpoint in LOCKED_ENDPOINTS:
                return None  # the unlock page's stylesheets show nothing of the check-up
            # A closed browser forgets its session: a page asked for again leads to the unlock page.
            if request.method in ("GET", "HEAD") and endpoint not in QUIET_ENDPOINTS:
                return redirect(url_for("locked"), code=303)
            abort(_refused("cybercheck.web-refused-no-session", 403))
        if session.locked and endpoint not in LOCKED_ENDPOINTS:
            if endpoint in QUIET_ENDPOINTS:
                abort(Response('{"locked": true}', status=403, mimetype="application/json"))
            return redirect(url_for("locked"), code=303)
        if request.method == "POST" and not guard.csrf_valid(
            session, request.form.get("csrf") or request.headers.get("X-CSRF-Token")
        ):
            abort(_refused("cybercheck.web-refused-expired", 403))
        if endpoint not in QUIET_ENDPOINTS and not request.args.get(
            "auto"
        ):  # ?auto=1: a page reloading itself
            guard.touch(session)
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        report = request.endpoint == "printable"
        response.headers["Content-Security-Policy"] = REPORT_CSP if report else CSP
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        # NOTE: "no-referrer" would make Chromium send "Origin: null" on the app's own forms.
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        response.headers["X-Robots-Tag"] = "noindex"
        for name in [h for h, _ in response.headers.items() if h.lower().startswith("access-control-")]:
            del response.headers[name]
        return response

    @app.context_processor
    def _csrf() -> dict[str, object]:
        session = current_session()
        return {
            "csrf": session.csrf if session else "",
            "idle_seconds": int(guard.idle_seconds),
            "idle_minutes": minutes_text(guard.idle_seconds),
        }


def minutes_text(seconds: float) -> str:
    """How long the idle lock waits, as people say it ("10 minutes", "1 minute", "30 seconds")."""
    if seconds < 60:
        return f"{int(seconds)} seconds"
    minutes = round(seconds / 60, 1)
    number = f"{minutes:g}"
    return f"{number} minute" + ("" if number == "1" else "s")
