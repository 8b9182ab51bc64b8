"""The record of contact (`cybercheck timeline`) in the web app: exports, whom it is about, where to save."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, Response, render_template, request

from cybercheck.errors import CybercheckError
from cybercheck.secrets import Secret
from cybercheck.web.visit import Visit

ROWS = 4  # export rows on the form
KINDS = ("whatsapp", "sms-backup", "mail", "telegram", "iphone", "facebook", "instagram", "x")
MIN_PASSPHRASE = 8


@dataclass
class Made:
    """What this visit's last record was, for the page to show (and to open, when not sealed)."""

    files: list[Path] = field(default_factory=list)
    sealed: bool = False
    summary: list[str] = field(default_factory=list)
    threats: list[str] = field(default_factory=list)


def register(app: Flask, visit: Visit) -> None:
    """Add the record page, and a way to open the record just made."""
    from checks.timeline.output.words import say

    made = Made()

    def page(
        problem: str | None = None, status: int = 200, form: dict[str, str] | None = None
    ) -> tuple[str, int]:
        from cybercheck.pipeline.words import input_words

        kinds = [(k, (w.label if (w := input_words("timeline", k)) else k)) for k in KINDS]
        folder = visit.save_folder or str(visit.settings.browse_home or Path.home())
        return render_template(
            "timeline.html.j2",
            say=say,
            kinds=kinds,
            rows=ROWS,
            folder=folder,
            problem=problem,
            made=made,
            form=form or {},
            has_session=visit.report() is not None,
            min_passphrase=MIN_PASSPHRASE,
        ), status

    @app.get("/record")
    def record() -> tuple[str, int]:
        return page()

    @app.post("/record")
    def record_post() -> tuple[str, int]:
        form = request.form.to_dict()
        try:
            make_from_form(form, visit, made)
        except CybercheckError as error:
            return page(str(error.plain), 400, form)
        return page(form=form)

    @app.get("/record/open")
    def record_open() -> Response | tuple[str, int]:
        # Only the record this visit made, unsealed: never any other file of this computer.
        if made.sealed or not made.files or not made.files[0].is_file():
            return page(say("guide.none"), 404)
        return Response(made.files[0].read_bytes(), mimetype="text/html")


def make_from_form(form: dict[str, str], visit: Visit, made: Made) -> None:
    """Make the record the form asks for; CybercheckError with a plain sentence when something is missing."""
    from checks.timeline.output.make import Request, make, parse_about, parse_day
    from checks.timeline.output.page import senders_text
    from checks.timeline.output.words import number, say
    from cybercheck.report.save import save_atomically

    inputs: dict[str, tuple[Path, ...]] = {}
    for index in range(ROWS):
        kind, typed = form.get(f"kind-{index}", ""), form.get(f"path-{index}", "").strip()
        if not typed:
            continue
        path = Path(typed).expanduser()
        if kind not in KINDS or not path.exists():
            raise CybercheckError(say("errors.missing_file", path=path))
        inputs[kind] = (*inputs.get(kind, ()), path)
    if not inputs:
        raise CybercheckError(say("web.no_exports"))
    about = parse_about(form.get("about", ""))
    asked_to_stop = parse_day(form.get("asked_to_stop"), "asked-to-stop")
    blocked = parse_day(form.get("blocked"), "blocked")
    folder = Path(form.get("folder", "").strip()).expanduser()
    if not folder.is_dir():
        raise CybercheckError(say("web.no_folder", folder=folder))
    visit.save_folder = str(folder)
    name = Path(form.get("name", "").strip() or "contact-record").name
    output = folder / (name if name.lower().endswith((".html", ".htm")) else name + ".html")
    passphrase = _passphrase(form) if form.get("seal") else None

    def seal(members: dict[str, bytes]) -> Path:
        from cybercheck.casework.sealing import seal_archive

        assert passphrase is not None
        target = output.with_name(output.name + ".zip")
        save_atomically(target, seal_archive(members, passphrase))
        return target

    report = visit.report() if form.get("session") else None
    result = make(
        Request(
            inputs=inputs,
            about=about,
            output=output,
            country=visit.country,
            account_report=report,
            account_report_name="check-up.json",
            asked_to_stop=asked_to_stop,
            blocked=blocked,
        ),
        seal_with=seal if passphrase else None,
    )
    tally = result.written.tally
    made.files, made.sealed = list(result.files), passphrase is not None
    made.summary = [
        str(
            say(
                "terminal.read",
                count=number(tally.contacts),
                days=number(tally.span_days),
                senders=senders_text(len(tally.senders)),
                sources=number(result.source_count),
            )
        )
    ]
    made.threats = [
        str(say("log.place", file=Path(t.file).name, place=t.place)) for t in result.written.threats
    ]
    visit.saved.extend(str(p) for p in result.files)


def _passphrase(form: dict[str, str]) -> Secret:
    from checks.timeline.output.words import say

    first, second = form.get("passphrase", ""), form.get("passphrase2", "")
    if len(first) < MIN_PASSPHRASE:
        raise CybercheckError(say("web.short_passphrase", count=MIN_PASSPHRASE))
    if first != second:
        raise CybercheckError(say("web.passphrases_differ"))
    return Secret(first)
