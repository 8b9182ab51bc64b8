"""Getting in and out: the one-time link, the start page, quick exit, the lock and unlocking."""

from __future__ import annotations

import secrets

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


def _locked_page(guard: Guard, session: Session | None, visitor: str, *, idle: bool, wrong: bool) -> Response:
    wait = guard.unlock_wait(session, visitor)
    page = render_template("locked.html.j2", idle=idle, wrong=wrong and not wait, wait=wait_text(wait) if wait else "")
    response = make_response(page)
    if session is None:
        response.set_cookie(guard.visitor_cookie_name, visitor, httponly=True, samesite="Strict", path="/")
    return response


def wait_text(seconds: float) -> str:
    """A wait as people say it: "30 seconds", "1 minute", "4 minutes"."""
    if seconds <= 60:
        return f"{max(1, round(seconds))} seconds"
    minutes = round(seconds / 60)
    return f"{minutes} minute" + ("" if minutes == 1 else "s")


def register(app: Flask, guard: Guard, visit: Visit) -> None:
    """Add the pages for getting in and out."""
    app.jinja_env.globals["country_name"] = country_name

    @app.get("/start")
    def start() -> Response:
        session = guard.redeem_launch(request.args.get("token"))
        if session is None:
            # The link works once: a used one (a reopened browser, history) leads to the unlock page.
            return redirect(url_for("locked"), code=303)
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
    def locked() -> Response:
        session = current_session()
        if session is not None:
            guard.lock(session)
        visitor = request.cookies.get(guard.visitor_cookie_name) or secrets.token_urlsafe(16)
        return _locked_page(guard, session, visitor, idle=bool(request.args.get("idle")), wrong=False)

    @app.post("/unlock")
    def unlock() -> Response:
        current = current_session()
        if current is not None and not guard.csrf_valid(current, request.form.get("csrf")):
            current = None  # an old form: treat as a new window, the code still decides
        visitor = request.cookies.get(guard.visitor_cookie_name)
        session = guard.redeem_unlock(request.form.get("code"), current, visitor)
        if session is None:
            page = _locked_page(guard, current, visitor or secrets.token_urlsafe(16), idle=False, wrong=True)
            page.status_code = 403
            return page
        return _with_cookie(make_response(redirect(url_for("index"), code=303)), guard, session)

    @app.post("/alive")
    def alive() -> Response:
        return Response(status=204)
