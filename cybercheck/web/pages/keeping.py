"""Keeping what was found: saving or sealing the report, and the case history."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

from flask import Flask, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from cybercheck.errors import CybercheckError
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret
from cybercheck.web.visit import SAVE_FOLDER, Visit

# Each format a report can be saved in, and the words key of how the page names it.
SAVE_FORMATS = (
    ("html", "cybercheck.web-format-html"),
    ("md", "cybercheck.web-format-md"),
    ("json", "cybercheck.web-format-json"),
)
MIN_PASSPHRASE = 8


def _passphrase(form: dict[str, str]) -> tuple[Secret | None, str | None]:
    first, second = form.get("passphrase", ""), form.get("passphrase2", "")
    if len(first) < MIN_PASSPHRASE:
        return None, text("cybercheck.web-passphrase-short", count=MIN_PASSPHRASE)
    if first != second:
        return None, text("cybercheck.web-passphrases-differ")
    return Secret(first), None


def save_report_file(visit: Visit, folder: str, name: str, fmt: str, passphrase: Secret | None) -> Path:
    """Save the session's report (the guide's summary and the full report) atomically, sealed if asked."""
    from cybercheck.casework.sealing import DEFAULT_REPORT_NAME, sealed_names, sealed_report
    from cybercheck.guide.summary import guide_document
    from cybercheck.report.save import save_atomically

    summary = visit.summary()
    if summary is None:
        raise CybercheckError(text("cybercheck.web-nothing-to-save"))
    if _impossible(name):
        raise CybercheckError(text("cybercheck.web-file-name-impossible"))
    if _impossible(folder, path=True):
        raise CybercheckError(text("cybercheck.web-folder-name-impossible"))
    target_folder = Path(folder).expanduser()
    if not folder or not target_folder.is_dir():
        raise CybercheckError(text("cybercheck.web-folder-not-found", folder=folder))
    document = guide_document(summary, fmt)
    if passphrase is not None:
        filename, data = sealed_report(
            summary.report, fmt, passphrase, name=name or DEFAULT_REPORT_NAME, document=document
        )
    else:
        filename, data = sealed_names(name or DEFAULT_REPORT_NAME, fmt)[1], document.encode("utf-8")
    try:
        # Never over an earlier report: a name already taken becomes "name (2).html".
        return save_atomically(target_folder / filename, data, overwrite=False)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or text("cybercheck.write-failed")
        raise CybercheckError(text("cybercheck.web-report-not-saved", folder=folder, reason=reason)) from None


def _impossible(name: str, *, path: bool = False) -> bool:
    """Whether a typed name holds what no file name can: NUL and other control characters, or (in a name) a slash."""
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in name):
        return True
    return not path and any(c in name for c in "/\\")


def register(app: Flask, visit: Visit) -> None:
    """Add the pages for saving and for cases."""

    def save_page(problem: str | None = None, status: int = 200) -> tuple[str, int]:
        folder = visit.save_folder or str(visit.settings.browse_home or Path.home())
        number = request.args.get("saved", type=int) if problem is None else None
        just_saved = visit.saved[number - 1] if number and 0 < number <= len(visit.saved) else None
        return render_template(
            "save.html.j2",
            report=visit.report(),
            folder=folder,
            formats=[(fmt, text(key)) for fmt, key in SAVE_FORMATS],
            problem=problem,
            picker=SAVE_FOLDER,
            min_passphrase=MIN_PASSPHRASE,
            just_saved=just_saved,
            earlier=[path for path in visit.saved if path != just_saved],
        ), status

    @app.get("/save")
    def save() -> tuple[str, int]:
        return save_page()

    @app.post("/save")
    def save_post() -> tuple[str, int] | Response:
        form = request.form.to_dict()
        visit.save_folder = form.get("folder", "").strip() or visit.save_folder
        if form.get("browse"):
            visit.browse_at = visit.save_folder
            return redirect(url_for("browse", name=SAVE_FOLDER), code=303)
        fmt = form.get("format", "html")
        if fmt not in dict(SAVE_FORMATS):
            return save_page(text("cybercheck.web-format-unknown"), 400)
        passphrase = None
        if form.get("seal"):
            passphrase, problem = _passphrase(form)
            if problem:
                return save_page(problem, 400)
        try:
            saved = save_report_file(visit, visit.save_folder or "", form.get("name", ""), fmt, passphrase)
        except CybercheckError as error:
            return save_page(error.plain, 400)
        visit.saved.append(str(saved))
        return redirect(url_for("save", saved=len(visit.saved)), code=303)

    @app.get("/cases")
    def cases() -> tuple[str, int]:
        return cases_page()

    def cases_page(problem: str | None = None, status: int = 200) -> tuple[str, int]:
        from cybercheck.casework.cases import list_cases

        scans = visit.case.scans() if visit.case else []
        return render_template(
            "cases.html.j2",
            refs=list_cases(),
            case=visit.case,
            scans=scans,
            report=visit.report(),
            problem=problem,
            min_passphrase=MIN_PASSPHRASE,
        ), status

    @app.post("/cases")
    def cases_post() -> tuple[str, int] | Response:
        from cybercheck.casework.cases import Case

        form = request.form.to_dict()
        action = form.get("action")
        try:
            if action == "open":
                visit.case = Case.open(form.get("ref", "").strip(), Secret(form.get("passphrase", "")))
                visit.baseline = visit.case.latest()
                if visit.session is not None:
                    visit.session.env.settings = replace(visit.session.env.settings, baseline=visit.baseline)
            elif action == "new":
                passphrase, problem = _passphrase(form)
                if problem or passphrase is None:
                    return cases_page(problem, 400)
                visit.case = Case.create(form.get("ref", "").strip(), passphrase)
                visit.baseline = None
            elif action == "keep" and visit.case is not None and visit.session is not None:
                report = visit.report()
                if report is None:
                    return cases_page(text("cybercheck.web-nothing-to-keep"), 400)
                visit.session.keep_in_case(visit.case, report)
                visit.saved.append(text("cybercheck.web-kept-in-case", ref=visit.case.ref))
            elif action == "close":
                visit.case, visit.baseline = None, None
        except CybercheckError as error:
            return cases_page(error.plain, 400)
        return redirect(url_for("cases"), code=303)
