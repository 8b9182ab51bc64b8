"""Getting in and out: the one-time link, the start page, quick exit, the lock and unlocking."""

from __future__ import annotations

from flask import Flask, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from cybercheck.web.guarding import current_session
from cybercheck.web.security import Guard, Session
from cybercheck.web.visit import Visit


def country_name(code: str | None) -> str:
    """A country's name, or nothing when no country was given."""
    from cybercheck.advice import countries

    return countries.name(code) if code else ""


def _with_cookie(response: Response, guard: Guard, session: Session) -> Response:
    # NOTE: no Max-Age: the cookie ends with the browser. Not Secure: the app is plain http on loopback.
    response.set_cookie(guard.cookie_name, session.id, httponly=True, samesite="Strict", path="/")
    return response


def register(app: Flask, guard: Guard, visit: Visit) -> None:
    """Add the pages for getting in and out."""
    app.jinja_env.globals["country_name"] = country_name

    @app.get("/start")
    def start() -> Response:
        session = guard.redeem_launch(request.args.get("token"))
        if session is None:
            text = (
                "This link has been used already, or it is not right. If the page was locked, open "
                "cybercheck's address again and type the unlock code shown where it was started.\n"
            )
            return Response(text, status=403, mimetype="text/plain")
        return _with_cookie(make_response(redirect(url_for("index"), code=303)), guard, session)

    @app.get("/")
    def index() -> str:
        return render_template("start.html.j2")

    @app.get("/away")
    def away() -> str:
        session = current_session()
        if session is not None:
            guard.lock(session)
        return render_template("away.html.j2")

    @app.get("/locked")
    def locked() -> str:
        session = current_session()
        if session is not None:
            guard.lock(session)
        return render_template("locked.html.j2", idle=bool(request.args.get("idle")), refused=guard.unlock_refused, wrong=False)

    @app.post("/unlock")
    def unlock() -> Response | tuple[str, int]:
        current = current_session()
        if current is not None and not guard.csrf_valid(current, request.form.get("csrf")):
            current = None  # an old form: treat as a new window, the code still decides
        session = guard.redeem_unlock(request.form.get("code"), current)
        if session is None:
            page = render_template("locked.html.j2", idle=False, refused=guard.unlock_refused, wrong=True)
            return page, 403
        return _with_cookie(make_response(redirect(url_for("index"), code=303)), guard, session)

    @app.post("/alive")
    def alive() -> Response:
        return Response(status=204)
