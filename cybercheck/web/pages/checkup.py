"""The check-up itself: choosing checks and their inputs, running them with progress, the results."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, Response, jsonify, redirect, render_template, request, url_for

from cybercheck.check import Check
from cybercheck.errors import CybercheckError
from cybercheck.plugins import LoadFailure
from cybercheck.runner import unmet_needs
from cybercheck.web import files
from cybercheck.web.visit import SAVE_FOLDER, Visit

STATES = {"waiting": "Waiting", "running": "Running", "done": "Finished"}


@dataclass(frozen=True, slots=True)
class InputField:
    """One input the checks need, shown once however many checks use it."""

    name: str
    label: str
    how: str
    value: str
    users: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CheckOption:
    """One check as the checks page shows it."""

    id: str
    title: str
    looks_at: str
    chosen: bool
    missing: tuple[str, ...] = ()
    broken: str | None = None
    why: str | None = None


def _label(name: str) -> str:
    return name.replace("-", " ").replace("_", " ").capitalize()


def check_page_data(visit: Visit) -> tuple[list[InputField], list[CheckOption]]:
    """The inputs the installed checks need and each check with what it still lacks."""
    env = visit.run_env()
    fields: dict[str, InputField] = {}
    options = []
    for entry, loaded in visit.checks():
        if isinstance(loaded, LoadFailure):
            options.append(CheckOption(entry.id, entry.id, "", False, broken=loaded.problem.plain))
            continue
        check: type[Check] = loaded
        for need in check.needs:
            if need.kind != "input":
                continue
            for name in need.names:
                known = fields.get(name)
                users = (known.users if known else ()) + (check.title,)
                fields[name] = InputField(name, _label(name), known.how if known else need.how, visit.inputs.get(name, ""), users)
        missing = unmet_needs(check, env, explicit=True)
        options.append(CheckOption(check.id, check.title, check.looks_at, check.id in visit.chosen, missing))
    return sorted(fields.values(), key=lambda f: f.name), options


def register(app: Flask, visit: Visit) -> None:
    """Add the pages of the check-up."""
    app.jinja_env.globals["size_text"] = files.size_text

    def checks_page(problem: str | None = None, status: int = 200) -> tuple[str, int]:
        inputs, options = check_page_data(visit)
        return render_template("checks.html.j2", inputs=inputs, checks=options, problem=problem), status

    @app.get("/checks")
    def checks() -> tuple[str, int] | Response:
        return checks_page()

    @app.post("/checks")
    def checks_post() -> tuple[str, int] | Response:
        for key, value in request.form.items():
            if key.startswith("input:"):
                visit.inputs[key[len("input:"):]] = value.strip()
        visit.chosen = tuple(request.form.getlist("check"))
        browse_for = request.form.get("browse")
        if browse_for:
            return redirect(url_for("browse", name=browse_for, at=visit.inputs.get(browse_for) or None), code=303)
        if not request.form.get("run"):
            return redirect(url_for("checks"), code=303)
        if not visit.chosen:
            return checks_page("Tick at least one check to run.", 400)
        try:
            visit.start(visit.chosen)
        except CybercheckError as error:
            return checks_page(error.plain, 400)
        return redirect(url_for("running"), code=303)

    @app.get("/browse")
    def browse() -> str:
        name = request.args.get("name", "")
        places = files.start_folders(visit.settings.browse_home)
        at = request.args.get("at") or (places[0].path if places else "/")
        return render_template(
            "browse.html.j2", name=name, label=_label(name), listing=files.list_folder(at), places=places
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
        return redirect(url_for("checks") + f"#input-{name}", code=303)

    @app.get("/running")
    def running() -> str | Response:
        job = visit.job
        if job is None:
            return redirect(url_for("checks"), code=303)
        if job.finished:
            return redirect(url_for("results"), code=303)
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
        visit.stop()
        return redirect(url_for("running"), code=303)

    @app.get("/results")
    def results() -> str | Response:
        if visit.job is not None and not visit.job.finished:
            return redirect(url_for("running"), code=303)
        from cybercheck.report import view

        report = visit.finished_report()
        groups = view.grouped_findings(report) if report else ()
        return render_template("results.html.j2", report=report, groups=groups, comparison=visit.comparison())

    @app.get("/report")
    def printable() -> Response:
        from cybercheck.report.html import render_html

        report = visit.finished_report()
        if report is None:
            return redirect(url_for("results"), code=303)
        return Response(render_html(report), mimetype="text/html")

    @app.get("/helplines")
    def helplines_page() -> str:
        from cybercheck.advice.helplines import helplines_for

        return render_template("helplines.html.j2", lines=helplines_for(visit.country))
