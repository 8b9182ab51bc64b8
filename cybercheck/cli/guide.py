"""`cybercheck guide`: the terminal front end of a guided session (the logic is in cybercheck/guide/)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cybercheck.cli.asker import TerminalAsker
from cybercheck.cli.options import build_env, run_options
from cybercheck.errors import ConfigError
from cybercheck.guide.session import AskQuestion, Finished, GuideError, GuideSession, OfferCheck
from cybercheck.pipeline.context import Question
from cybercheck.pipeline.model import CheckResult
from cybercheck.pipeline.words import text
from cybercheck.secrets import Secret

if TYPE_CHECKING:
    from cybercheck.casework.cases import Case
    from cybercheck.guide.summary import Summary
    from cybercheck.pipeline.model import Report

_SAVED_NAME = "cybercheck-guided-session.html"
# How to answer, by kind of question and whether it may be skipped.
_TYPE_PROMPTS = {
    ("choice", False): "cybercheck.guide-type-choice",
    ("choice", True): "cybercheck.guide-type-choice-optional",
    ("multi", False): "cybercheck.guide-type-multi",
    ("multi", True): "cybercheck.guide-type-multi-optional",
    ("text", False): "cybercheck.guide-type-text",
    ("text", True): "cybercheck.guide-type-text-optional",
}


class GuideAsker(TerminalAsker):
    """The terminal asker, with Ctrl-C during a check's question stopping the session, not the check."""

    def ask(self, question: Question) -> str | None:
        """Ask; Ctrl-C becomes KeyboardInterrupt so the session keeps what was answered."""
        try:
            return super().ask(question)
        except click.exceptions.Abort:
            raise KeyboardInterrupt from None

    def ask_hidden(self, prompt: str) -> Secret | None:
        """Ask without echo; Ctrl-C stops the session."""
        try:
            return super().ask_hidden(prompt)
        except click.exceptions.Abort:
            raise KeyboardInterrupt from None


@click.command()
@click.option(
    "--answers",
    "answers_path",
    metavar="FILE",
    help='Run the session from an answers file (YAML); "example" uses the one shipped.',
)
@run_options
@click.option(
    "--case", "case_ref", help="Keep the session in this case (made if new), sealed with its passphrase."
)
@click.option("--operator", help="The support worker, for the report.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the session's report here at the end.",
)
@click.option(
    "--seal", is_flag=True, help="Seal the saved report with a passphrase (an AES-256 zip that 7-Zip opens)."
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(("terminal", "md", "html", "json")),
    help="Format of the saved report.",
)
def guide(
    answers_path: str | None,
    case_ref: str | None,
    operator: str | None,
    output: Path | None,
    seal: bool,
    format_name: str | None,
    timeout: float,
    **options: object,
) -> int:
    """Go through a guided check-up with a client: safety first, then what is happening, then the checks.

    At a terminal it asks one question at a time. With --answers FILE it runs the same session
    from a file, with the same result (for repeat sessions and tests); `--answers example`
    shows what a session looks like, on a made-up client, offline.
    """
    from cybercheck.exit_codes import ExitCode, exit_code
    from cybercheck.guide.answers import EXAMPLE, AnswersAsker, drive, example_answers, load_answers
    from cybercheck.pipeline.model import Severity

    answers = None
    if answers_path:
        answers = load_answers(example_answers() if answers_path == EXAMPLE else Path(answers_path))
        options["offline"] = bool(options.get("offline")) or answers.offline
        options["country"] = options.get("country") or answers.country
    elif not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise click.UsageError(text("cybercheck.guide-needs-terminal"))
    env, config = build_env(timeout=timeout, interactive=answers is None, **options)  # type: ignore[arg-type]  # click passes the shared options as one untyped mapping
    env.asker = AnswersAsker(answers.checks) if answers else GuideAsker()
    operator = operator or (answers.operator if answers else None) or config.operator
    case_ref = case_ref or (answers.case if answers else None)
    history = None
    if case_ref:
        from cybercheck.cli.case import open_case

        history = open_case(case_ref, create=True)
        if env.settings.baseline is None:
            env.settings = replace(env.settings, baseline=history.latest())
    session = GuideSession(env, time_limit=timeout)
    say = _Say()
    if answers:
        say(text("cybercheck.guide-from-answers", path=answers_path))
        drive(session, answers, on_result=lambda offer, result: say.result(offer, result))
    else:
        say(_first_screen(env.settings.country))
        say(text("cybercheck.guide-opening"))
        _interactive(session, say)
    if session.stopped == "not-safe":
        _not_safe(session, ask=answers is None)
        return 0
    report = session.report(
        operator=operator, case=case_ref, evidence_log=history.evidence() if history else ()
    )
    from cybercheck.guide.summary import build_summary, summary_text

    summary = build_summary(session, report)
    click.echo(summary_text(summary, on_screen=sys.stdout.isatty()), nl=False)
    _compare(history, report, env.settings.baseline)
    if answers:
        _save_as_told(
            session,
            summary,
            history,
            output or _path(answers.save_output),
            seal or answers.save_seal,
            format_name,
        )
    else:
        _offer_to_save(session, summary, history, output, seal, format_name)
        if session.stopped != "interrupted":
            from cybercheck.cli.timeline import offer_in_guide

            offer_in_guide(report, country=env.settings.country, operator=operator, case=case_ref)
    if session.stopped == "interrupted":
        return int(ExitCode.INTERRUPTED)
    # NOTE: stopping on purpose ("q") is not Ctrl-C: the status then says what was found, as for a scan.

    return int(exit_code(replace(report, meta=replace(report.meta, interrupted=False)), Severity.MEDIUM))


def _first_screen(country: str | None) -> str:
    """The emergency number for the country given, before any question."""
    from cybercheck.advice.helplines import emergency_summary, say

    numbers = emergency_summary(country)
    if country and numbers != say("local-emergency"):
        return say("emergency-first-screen", numbers=numbers)
    return say("emergency-first-screen-local")


def _not_safe(session: GuideSession, *, ask: bool) -> None:
    """It is not safe to talk: the emergency number and helplines, then stop. Nothing is saved or summed up."""
    from cybercheck.advice import countries
    from cybercheck.advice.helplines import emergency_summary, helplines_for, say
    from cybercheck.report import view

    country = session.env.settings.country
    while ask and country is None:
        typed = _read(text("cybercheck.prompt-optional", prompt=say("not-safe.country-question")))
        if not typed:
            break
        try:
            country = countries.parse(typed)
        except countries.UnknownCountry as error:
            click.echo(countries.explain(error), err=True)
    chosen = helplines_for(country)
    numbers = emergency_summary(country)
    lines = [say("not-safe.title"), say("not-safe.body"), ""]
    lines.append(
        say("not-safe.emergency", numbers=numbers)
        if country and numbers != say("local-emergency")
        else say("not-safe.emergency-local")
    )
    lines += ["", say("not-safe.helplines")]
    lines += [f"  {h.name}: {view.contact_line(h)}" for h in chosen.helplines if view.contact_line(h)]
    click.echo("\n".join(lines))


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


class _Say:
    """Messages to stderr, so that stdout holds only the summary."""

    def __call__(self, said: str = "") -> None:
        click.echo(said, err=True)

    def result(self, offer: OfferCheck, result: CheckResult) -> None:
        """A check's result as it arrives, in plain words."""
        from cybercheck.guide.summary import result_lines
        from cybercheck.report.build import attach_advice

        explains = tuple((concern.label, why) for concern, why in offer.proposed.reasons)
        self("\n" + "\n".join(result_lines(attach_advice(result), explains)))


def _read(prompt: str) -> str:
    return click.prompt(prompt, default="", show_default=False, err=True).strip()


def _interactive(session: GuideSession, say: _Say) -> None:
    shown_plan = False
    try:
        while True:
            prompt = session.current()
            if isinstance(prompt, Finished):
                if prompt.stopped or not prompt.skipped:
                    return
                names = ", ".join(prompt.skipped)
                skipped = text("cybercheck.guide-skipped-go-back", count=len(prompt.skipped), names=names)
                if _read(skipped).lower() in ("y", "yes"):
                    session.revisit_skipped()
                    continue
                return
            if isinstance(prompt, AskQuestion):
                _ask(session, prompt, say)
                continue
            if not shown_plan:
                _show_plan(session, say)
                shown_plan = True
            _offer(session, prompt, say)
    except (click.exceptions.Abort, KeyboardInterrupt):
        say("\n" + text("cybercheck.guide-stopped"))
        session.stop("interrupted")


def _ask(session: GuideSession, prompt: AskQuestion, say: _Say) -> None:
    q = prompt.question
    say(f"\n({prompt.number}/{prompt.total}) {q.text}")
    if q.help:
        say(q.help)
    for number, choice in enumerate(q.choices, start=1):
        say(f"  {number}. {choice.label}")
    typed = _read(text(_TYPE_PROMPTS[q.kind, q.optional]))
    if typed.lower() == "q":
        session.stop()
        return
    if typed.lower() == "b":
        session.back()
        return
    try:
        if q.kind == "text":
            session.answer(typed or None)
            return
        numbers = [p.strip() for p in typed.replace(" ", ",").split(",") if p.strip()]
        if not all(n.isdigit() and 1 <= int(n) <= len(q.choices) for n in numbers):
            say(text("cybercheck.guide-type-a-choice-number"))
            return
        ids = tuple(q.choices[int(n) - 1].id for n in numbers)
        session.answer((ids[0] if len(ids) == 1 else ids) if q.kind == "choice" else ids)
    except GuideError as error:
        say(error.plain)


def _show_plan(session: GuideSession, say: _Say) -> None:
    plan = session.proposal()
    say("\n" + text("cybercheck.guide-plan"))
    for number, proposed in enumerate(plan, start=1):
        say(f"  {number}. {session.title(proposed)}")
        for concern, why in proposed.reasons:
            say(f'       "{concern.label}": {why}')
    missing = session.not_installed()
    if missing:
        say(text("cybercheck.guide-not-installed", checks=", ".join(s.check_id for s in missing)))


def _offer(session: GuideSession, prompt: OfferCheck, say: _Say) -> None:
    say("\n" + text("cybercheck.guide-offer", number=prompt.number, total=prompt.total, title=prompt.title))
    for concern, why in prompt.proposed.reasons:
        say("  " + text("cybercheck.guide-offer-why", concern=concern.label, why=why))
    if prompt.result is not None:
        say("  " + text("cybercheck.guide-already-done", status=prompt.result.status.plain))
    for need in prompt.missing_inputs:
        say(f"  {prompt.check.how_guided(need) if prompt.check else need.how}")
    typed = _read(text("cybercheck.guide-offer-prompt")).lower()
    if typed == "q":
        session.stop()
        return
    if typed == "b":
        session.back()
        return
    if typed == "s":
        session.skip()
        say("  " + text("cybercheck.guide-skipped"))
        return
    for need in prompt.missing_inputs:
        value = _read("  " + text("cybercheck.guide-input-prompt", name=need.names[0]))
        if value:
            session.give_input(need.names[0], value)
    result = session.run()
    say.result(prompt, result)


def _compare(history: Case | None, report: Report, baseline: Report | None) -> None:
    if history is None or baseline is None:
        return
    from cybercheck.casework.cases import compare
    from cybercheck.cli.case import changes_text

    click.echo(changes_text(compare(baseline, report), since=baseline.meta.generated_at), err=True)


def _save_as_told(
    session: GuideSession,
    summary: Summary,
    history: Case | None,
    output: Path | None,
    seal: bool,
    format_name: str | None,
) -> None:
    if history is not None:
        _keep(session, summary, history)
    if output is not None:
        _save_file(summary, output, seal, format_name)


def _keep(session: GuideSession, summary: Summary, history: Case) -> None:
    session.keep_in_case(history, summary.report)
    click.echo(text("cybercheck.guide-kept-in-case", ref=history.ref), err=True)


def _save_file(summary: Summary, output: Path, seal: bool, format_name: str | None) -> None:
    from cybercheck.cli.output import write_new
    from cybercheck.guide.summary import guide_document
    from cybercheck.report import format_for

    inner = output.name[:-4] if output.suffix.lower() == ".zip" else output.name
    chosen = format_name or format_for(inner) or ("html" if seal else None)
    if chosen is None:
        raise ConfigError(text("cybercheck.guide-format-unknown", name=output.name))
    document = guide_document(summary, chosen)
    if seal:
        from cybercheck.cli.case import save_sealed

        saved = save_sealed(output, summary.report, chosen, document=document)
        said = (
            text("cybercheck.report-saved-sealed", path=saved.resolve()),
            text("cybercheck.sealed-opens-with"),
        )
        click.echo(" ".join(said), err=True)
        return
    try:
        saved = write_new(output, document.encode("utf-8"))
    except OSError as error:
        reason = error.strerror or text("cybercheck.write-failed")
        raise ConfigError(text("cybercheck.report-not-saved", path=output, reason=reason)) from None
    click.echo(text("cybercheck.report-saved-plain", path=saved.resolve()), err=True)


def _offer_to_save(
    session: GuideSession,
    summary: Summary,
    history: Case | None,
    output: Path | None,
    seal: bool,
    format_name: str | None,
) -> None:
    if output is not None:
        _save_as_told(session, summary, history, output, seal, format_name)
        return
    options = []
    if history is not None:
        options.append(("case", text("cybercheck.guide-save-case", ref=history.ref)))
    options += [
        ("sealed", text("cybercheck.guide-save-sealed")),
        ("plain", text("cybercheck.guide-save-plain")),
        ("none", text("cybercheck.guide-save-none")),
    ]
    click.echo("\n" + text("cybercheck.guide-save-question"), err=True)
    for number, (_, label) in enumerate(options, start=1):
        click.echo(f"  {number}. {label}", err=True)
    typed = _read(text("cybercheck.guide-save-prompt"))
    chosen = options[int(typed) - 1][0] if typed.isdigit() and 1 <= int(typed) <= len(options) else "none"
    if chosen == "none":
        click.echo(text("cybercheck.nothing-saved"), err=True)
        return
    if chosen == "case" and history is not None:
        _keep(session, summary, history)
        return
    name = _read(text("cybercheck.guide-file-name", name=_SAVED_NAME)) or _SAVED_NAME
    _save_file(summary, Path(name).expanduser(), chosen == "sealed", format_name)
