"""The check-up: the guided session's questions, its proposed checks with their inputs, progress, results.

Every step comes from `GuideSession.current()`; every action is one of its methods. The
pages only show them and pass on what the worker chose.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from flask import Flask, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret
from cybercheck.web import files
from cybercheck.web.inputs import SECRET_HINT, input_fields, label, secret_fields
from cybercheck.web.visit import SAVE_FOLDER, Visit

if TYPE_CHECKING:
    from cybercheck.guide.session import GuideSession

NOT_AFTER_NOT_SAFE = frozenset({"results", "printable", "save", "save_post", "guide"})
# The words keys of a check's state on the progress page, and of the stages of the questions.
STATES = {
    "waiting": "cybercheck.web-state-waiting",
    "running": "cybercheck.web-state-running",
    "done": "cybercheck.web-state-done",
}
STAGES = {
    "safety": "cybercheck.web-stage-safety",
    "concerns": "cybercheck.web-stage-concerns",
    "context": "cybercheck.web-stage-context",
}


def _looks_like_path(value: str) -> bool:
    return (
        any(mark in value for mark in ("/", "\\"))
        or value.startswith(("~", "."))
        or (len(value) > 1 and value[1] == ":")
    )


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One proposed check in the list of the session's plan."""

    title: str
    state: str  # "now", "done", "skipped", "to come"
    status: str  # the result in plain words, once run


def plan_rows(session: GuideSession, current: str) -> tuple[PlanRow, ...]:
    """Every proposed check in order, with where the session has got to."""
    rows = []
    for proposed in session.proposal():
        done = session.results.get(proposed.check_id)
        state = (
            "now"
            if proposed.check_id == current
            else "done"
            if done
            else "skipped"
            if proposed.check_id in session.skipped
            else "to come"
        )
        rows.append(PlanRow(session.title(proposed), state, done.status.plain if done else ""))
    return tuple(rows)


def answer_label(choice: str) -> str:
    """A check's answer as the page shows it ("yes" -> "Yes")."""
    return choice[:1].upper() + choice[1:]


def register(app: Flask, visit: Visit) -> None:
    """Add the pages of the check-up."""
    from cybercheck.advice import countries
    from cybercheck.advice.helplines import helplines_for, say
    from cybercheck.guide.session import AskQuestion, Finished, GuideError, OfferCheck

    app.jinja_env.globals.update(
        size_text=files.size_text,
        stages={stage: text(key) for stage, key in STAGES.items()},
        answer_label=answer_label,
        secret_hint=text(SECRET_HINT),
        say=say,
    )

    def not_safe_page(problem: str | None = None, ask: bool | None = None) -> tuple[str, int] | Response:
        session = visit.session
        if session is None or session.stopped != "not-safe":
            return redirect(url_for("guide"), code=303)
        ask_country = (
            session.env.settings.country is None and not visit.country_left_out if ask is None else ask
        )
        return render_template(
            "not_safe.html.j2",
            ask_country=ask_country,
            problem=problem,
            lines=helplines_for(session.env.settings.country),
        ), 200 if problem is None else 400

    @app.before_request
    def nothing_else_after_not_safe() -> Response | None:
        # NOTE: after "not safe to talk" there is no summary and no saving, whichever address is typed.
        session = visit.session
        if session is not None and session.stopped == "not-safe" and request.endpoint in NOT_AFTER_NOT_SAFE:
            return redirect(url_for("not_safe"), code=303)
        return None

    @app.get("/not-safe")
    def not_safe() -> tuple[str, int] | Response:
        return not_safe_page()

    @app.post("/not-safe")
    def not_safe_post() -> tuple[str, int] | Response:
        session = visit.session
        if session is None or session.stopped != "not-safe":
            return redirect(url_for("guide"), code=303)
        if request.form.get("action") == "leave-out":
            visit.country_left_out = True
        else:
            try:
                session.env.settings = replace(
                    session.env.settings, country=countries.parse(request.form.get("country", ""))
                )
            except countries.UnknownCountry as error:
                return not_safe_page(countries.explain(error), ask=True)
        return redirect(url_for("not_safe"), code=303)

    def guide_page(problem: str | None = None, status: int = 200) -> tuple[str, int] | Response:
        session = visit.session
        if session is None:
            return redirect(url_for("index"), code=303)
        if visit.running:
            return redirect(url_for("running"), code=303)
        prompt = session.current()
        if isinstance(prompt, Finished):
            return redirect(url_for("not_safe" if session.stopped == "not-safe" else "results"), code=303)
        last = visit.last
        visit.last = None
        if isinstance(prompt, AskQuestion):
            return render_template(
                "question.html.j2", prompt=prompt, q=prompt.question, problem=problem, last=last
            ), status
        assert isinstance(prompt, OfferCheck)
        return render_template(
            "offer.html.j2",
            prompt=prompt,
            check=prompt.check,
            problem=problem,
            last=last,
            fields=input_fields(prompt.check, session, visit.inputs),
            secrets=secret_fields(prompt.check, prompt.missing_secrets),
            plan=plan_rows(session, prompt.proposed.check_id),
            first=not session.results,
        ), status

    @app.get("/guide")
    def guide() -> tuple[str, int] | Response:
        return guide_page()

    @app.post("/guide")
    def guide_post() -> tuple[str, int] | Response:
        action = request.form.get("action", "")
        if action == "begin":
            if visit.running:
                return redirect(url_for("running"), code=303)
            visit.begin()
            return redirect(url_for("guide"), code=303)
        session = visit.session
        if visit.running:
            return redirect(url_for("running"), code=303)
        if session is None:
            return redirect(url_for("guide"), code=303)
        try:
            if action == "answer":
                prompt = session.current()
                if isinstance(prompt, AskQuestion) and prompt.question.kind == "multi":
                    session.answer(tuple(request.form.getlist("answer")))
                else:
                    session.answer(request.form.get("answer"))
            elif action == "skip":
                session.skip()
            elif action == "back":
                session.back()
            elif action == "stop":
                session.stop()
            elif action == "revisit":
                session.revisit_skipped()
            elif action.startswith("browse:"):
                name = action[len("browse:") :]
                _keep_typed()
                visit.browse_at = visit.inputs.get(name) or None
                return redirect(url_for("browse", name=name), code=303)
            elif action == "run":
                prompt = session.current()
                if not isinstance(prompt, OfferCheck):
                    raise GuideError(text("cybercheck.session-no-check"))
                _keep_typed()
                _give_inputs(prompt)
                for need in prompt.missing_secrets:
                    typed = request.form.get(f"secret:{need.names[0]}", "")
                    if typed:
                        session.give_secret(need.names[0], Secret(typed))
                visit.run_current(prompt.title, prompt.proposed.check_id)
                return redirect(url_for("running"), code=303)
        except GuideError as error:
            return guide_page(error.plain, 400)
        return redirect(url_for("guide"), code=303)

    def _keep_typed() -> None:
        for key, value in request.form.items():
            if key.startswith("input:") and value.strip():
                visit.inputs[key[len("input:") :]] = value.strip()

    def _give_inputs(prompt: OfferCheck) -> None:
        """Give the session each input typed or chosen for this check; GuideError for a path that is not there."""
        session = visit.session
        assert session is not None
        fields = input_fields(prompt.check, session, {})
        for field in fields:
            value = visit.inputs.get(field.name)
            if value and field.path and _looks_like_path(value):
                path, problem = files.checked_path(value)
                if problem:
                    raise GuideError(f"{field.label}: {problem}")
                visit.inputs[field.name] = path or value
        for field in fields:
            value = visit.inputs.pop(field.name, None)
            if value and session.given(field.name, prompt.proposed.check_id) != (value,):
                session.give_input(field.name, value)

    @app.post("/browse")
    def browse_post() -> Response:
        # Paths come in forms, not in the address, so the browser's history never holds them.
        visit.browse_at = (request.form.get("open") or request.form.get("at", "")).strip() or None
        return redirect(url_for("browse", name=request.form.get("name", "")), code=303)

    @app.get("/browse")
    def browse() -> str:
        name = request.args.get("name", "")
        places = files.start_folders(visit.settings.browse_home)
        at = visit.browse_at or (places[0].path if places else "/")
        current = visit.session.current() if visit.session is not None else None
        area = current.proposed.check_id.partition(".")[0] if isinstance(current, OfferCheck) else ""
        named = label(area, name)
        label_text = (
            text("cybercheck.web-browse-saved-report")
            if name == SAVE_FOLDER
            else named[:1].lower() + named[1:]
        )
        back = url_for("save") if name == SAVE_FOLDER else url_for("guide")
        return render_template(
            "browse.html.j2",
            name=name,
            label=label_text,
            listing=files.list_folder(at),
            places=places,
            back=back,
        )

    @app.post("/choose")
    def choose() -> Response:
        name = request.form.get("name", "")
        path, _problem = files.checked_path(request.form.get("path", ""))
        if name == SAVE_FOLDER:
            visit.save_folder = path or visit.save_folder
            return redirect(url_for("save"), code=303)
        if name and path:
            visit.inputs[name] = path
        return redirect(url_for("guide") + f"#input-{name}", code=303)

    @app.get("/running")
    def running() -> str | Response:
        job = visit.job
        if job is None or job.finished:
            return redirect(url_for("guide"), code=303)
        snapshot = job.progress.snapshot()
        pending = visit.asker.pending if visit.asker else None
        done = sum(c.state == "done" for c in snapshot)
        return render_template(
            "running.html.j2",
            checks=snapshot,
            pending=pending,
            done=done,
            states={state: text(key) for state, key in STATES.items()},
            title=visit.running_title,
        )

    @app.get("/progress.json")
    def progress_json() -> Response:
        job = visit.job
        if job is None:
            return jsonify(finished=True, checks=[], question=None)
        pending = visit.asker.pending if visit.asker else None
        checks = [
            {
                "id": c.check_id,
                "title": c.title,
                "state": c.state,
                "state_text": text(STATES[c.state]),
                "status": c.status,
                "done": c.done,
                "total": c.total,
            }
            for c in job.progress.snapshot()
        ]
        return jsonify(finished=job.finished, checks=checks, question=pending.number if pending else None)

    @app.post("/answer")
    def answer() -> Response:
        if visit.asker is not None and request.form.get("number", "").isdigit():
            value = None if request.form.get("skip") else request.form.get("answer")
            visit.asker.answer(int(request.form["number"]), value)
        return redirect(url_for("running"), code=303)

    @app.post("/stop")
    def stop() -> Response:
        visit.stop_asking()
        return redirect(url_for("running"), code=303)
