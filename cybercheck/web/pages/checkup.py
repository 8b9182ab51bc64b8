"""The check-up: the guided session's questions, its proposed checks with their inputs, progress, results.

Every step comes from `GuideSession.current()`; every action is one of its methods. The
pages only show them and pass on what the worker chose.
"""

from __future__ import annotations

from flask import Flask, Response, jsonify, redirect, render_template, request, url_for

from cybercheck.check import Check
from cybercheck.context import RunEnv
from cybercheck.web import files
from cybercheck.web.visit import SAVE_FOLDER, Visit

STATES = {"waiting": "Waiting", "running": "Running", "done": "Finished"}
STAGES = {"safety": "Safety first", "concerns": "What is happening", "context": "Devices, accounts and access"}


def _label(name: str) -> str:
    return name.replace("-", " ").replace("_", " ").capitalize()


def optional_inputs(check: type[Check] | None, env: RunEnv) -> tuple[str, ...]:
    """Inputs a check can take without needing them (those its example gives), not yet given."""
    if check is None:
        return ()
    needed = {name for need in check.needs for name in need.names}
    return tuple(n for n in check.example_inputs if n not in needed and not env.has_input(n, check.id))


def register(app: Flask, visit: Visit) -> None:
    """Add the pages of the check-up."""
    from cybercheck.guide.session import AskQuestion, Finished, GuideError, OfferCheck

    app.jinja_env.globals.update(size_text=files.size_text, input_label=_label, stages=STAGES)

    def guide_page(problem: str | None = None, status: int = 200) -> tuple[str, int] | Response:
        session = visit.session
        if session is None:
            return redirect(url_for("index"), code=303)
        if visit.running:
            return redirect(url_for("running"), code=303)
        prompt = session.current()
        if isinstance(prompt, Finished):
            return redirect(url_for("results"), code=303)
        last = visit.last
        visit.last = None
        if isinstance(prompt, AskQuestion):
            return render_template("question.html.j2", prompt=prompt, q=prompt.question, problem=problem, last=last), status
        assert isinstance(prompt, OfferCheck)
        return render_template("offer.html.j2", prompt=prompt, check=prompt.check, problem=problem, last=last,
                               inputs=visit.inputs, optional=optional_inputs(prompt.check, session.env)), status

    @app.get("/guide")
    def guide() -> tuple[str, int] | Response:
        return guide_page()

    @app.post("/guide")
    def guide_post() -> tuple[str, int] | Response:
        action = request.form.get("action", "")
        if action == "begin":
            visit.begin()
            return redirect(url_for("guide"), code=303)
        session = visit.session
        if session is None or visit.running:
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
                name = action[len("browse:"):]
                _keep_typed()
                return redirect(url_for("browse", name=name, at=visit.inputs.get(name) or None), code=303)
            elif action == "run":
                prompt = session.current()
                if not isinstance(prompt, OfferCheck):
                    raise GuideError("There is no check to run now.")
                _keep_typed()
                names = [n for need in prompt.missing_inputs for n in need.names]
                for name in names + list(optional_inputs(prompt.check, session.env)):
                    if visit.inputs.get(name):
                        session.give_input(name, visit.inputs.pop(name))
                visit.run_current(prompt.title, prompt.proposed.check_id)
                return redirect(url_for("running"), code=303)
        except GuideError as error:
            return guide_page(error.plain, 400)
        return redirect(url_for("guide"), code=303)

    def _keep_typed() -> None:
        for key, value in request.form.items():
            if key.startswith("input:") and value.strip():
                visit.inputs[key[len("input:"):]] = value.strip()

    @app.get("/browse")
    def browse() -> str:
        name = request.args.get("name", "")
        places = files.start_folders(visit.settings.browse_home)
        at = request.args.get("at") or (places[0].path if places else "/")
        label = "the saved report" if name == SAVE_FOLDER else _label(name)
        back = url_for("save") if name == SAVE_FOLDER else url_for("guide")
        return render_template("browse.html.j2", name=name, label=label, listing=files.list_folder(at), places=places, back=back)

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
        return render_template("running.html.j2", checks=snapshot, pending=pending, done=done, states=STATES)

    @app.get("/progress.json")
    def progress_json() -> Response:
        job = visit.job
        if job is None:
            return jsonify(finished=True, checks=[], question=None)
        pending = visit.asker.pending if visit.asker else None
        checks = [
            {"id": c.check_id, "title": c.title, "state": c.state, "state_text": STATES[c.state], "status": c.status,
             "done": c.done, "total": c.total}
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
