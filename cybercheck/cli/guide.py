"""`cybercheck guide`: the terminal front end of a guided session (the logic is in cybercheck/guide/)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cybercheck.cli.asker import TerminalAsker
from cybercheck.cli.options import build_env, run_options
from cybercheck.errors import ConfigError
from cybercheck.guide.session import AskQuestion, Finished, GuideError, GuideSession, OfferCheck
from cybercheck.pipeline.context import Question
from cybercheck.pipeline.model import CheckResult
from cybercheck.secrets import Secret

if TYPE_CHECKING:
    from cybercheck.casework.cases import Case
    from cybercheck.guide.summary import Summary
    from cybercheck.pipeline.model import Report

OPENING = (
    "This is a guided check-up. It asks what is happening, suggests the checks that could explain "
    "it, and goes through them one at a time. At any question: Enter skips (where that is allowed), "
    "b goes back, q stops. Stopping keeps what was done. Nothing is saved unless you choose to at the end."
)


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
@click.option("--answers", "answers_path", metavar="FILE", help='Run the session from an answers file (YAML); "example" uses the one shipped.')
@run_options
@click.option("--case", "case_ref", help="Keep the session in this case (made if new), sealed with its passphrase.")
@click.option("--operator", help="The support worker, for the report.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Save the session's report here at the end.")
@click.option("--seal", is_flag=True, help="Seal the saved report with a passphrase (an AES-256 zip that 7-Zip opens).")
@click.option("--format", "format_name", type=click.Choice(("terminal", "md", "html", "json")), help="Format of the saved report.")
def guide(answers_path: str | None, case_ref: str | None, operator: str | None, output: Path | None, seal: bool,
          format_name: str | None, timeout: float, **options: object) -> int:
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
        raise click.UsageError("cybercheck guide asks its questions at a terminal. Without one, give --answers FILE.")
    env, config = build_env(timeout=timeout, interactive=answers is None, **options)  # type: ignore[arg-type]  # click passes the shared options as one untyped mapping
    env.asker = AnswersAsker(answers.checks) if answers else GuideAsker()
    operator = operator or (answers.operator if answers else None) or config.operator
    case_ref = case_ref or (answers.case if answers else None)
    history = None
    if case_ref:
        from cybercheck.cli.case import open_case

        history = open_case(case_ref, create=True)
        if env.baseline is None:
            env.baseline = history.latest()
    session = GuideSession(env, time_limit=timeout)
    say = _Say()
    if answers:
        say(f"Guided session from {answers_path}.")
        drive(session, answers, on_result=lambda offer, result: say.result(offer, result))
    else:
        say(_first_screen(env.country))
        say(OPENING)
        _interactive(session, say)
    if session.stopped == "not-safe":
        _not_safe(session, ask=answers is None)
        return 0
    report = session.report(operator=operator, case=case_ref, evidence_log=history.evidence() if history else ())
    from cybercheck.guide.summary import build_summary, summary_text

    summary = build_summary(session, report)
    click.echo(summary_text(summary, on_screen=sys.stdout.isatty()), nl=False)
    _compare(history, report, env.baseline)
    if answers:
        _save_as_told(session, summary, history, output or _path(answers.save_output), seal or answers.save_seal, format_name)
    else:
        _offer_to_save(session, summary, history, output, seal, format_name)
        if session.stopped != "interrupted":
            from cybercheck.cli.timeline import offer_in_guide

            offer_in_guide(report, country=env.country, operator=operator, case=case_ref)
    if session.stopped == "interrupted":
        return int(ExitCode.INTERRUPTED)
    # NOTE: stopping on purpose ("q") is not Ctrl-C: the status then says what was found, as for a scan.
    from dataclasses import replace

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

    country = session.env.country
    while ask and country is None:
        typed = _read(say("not-safe.country-question") + " (Enter to leave out)")
        if not typed:
            break
        try:
            country = countries.parse(typed)
        except countries.UnknownCountry as error:
            click.echo(countries.explain(error), err=True)
    chosen = helplines_for(country)
    numbers = emergency_summary(country)
    lines = [say("not-safe.title"), say("not-safe.body"), ""]
    lines.append(say("not-safe.emergency", numbers=numbers) if country and numbers != say("local-emergency")
                 else say("not-safe.emergency-local"))
    lines += ["", say("not-safe.helplines")]
    lines += [f"  {h.name}: {view.contact_line(h)}" for h in chosen.helplines if view.contact_line(h)]
    click.echo("\n".join(lines))


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


class _Say:
    """Messages to stderr, so that stdout holds only the summary."""

    def __call__(self, text: str = "") -> None:
        click.echo(text, err=True)

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
                if _read(f"You skipped {len(prompt.skipped)} check(s): {names}. Go back to them now? [y/N]").lower() in ("y", "yes"):
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
        say("\nStopped. What was done is kept for the summary.")
        session.stop("interrupted")


def _ask(session: GuideSession, prompt: AskQuestion, say: _Say) -> None:
    q = prompt.question
    say(f"\n({prompt.number}/{prompt.total}) {q.text}")
    if q.help:
        say(q.help)
    for number, choice in enumerate(q.choices, start=1):
        say(f"  {number}. {choice.label}")
    hint = {"choice": "a number", "multi": "numbers separated by commas", "text": "your answer"}[q.kind]
    extra = ", Enter to skip" if q.optional else ""
    typed = _read(f"Type {hint}{extra} (b back, q stop)")
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
            say("Please type the number of a choice.")
            return
        ids = tuple(q.choices[int(n) - 1].id for n in numbers)
        session.answer((ids[0] if len(ids) == 1 else ids) if q.kind == "choice" else ids)
    except GuideError as error:
        say(error.plain)


def _show_plan(session: GuideSession, say: _Say) -> None:
    plan = session.proposal()
    say("\nThese checks could explain what is happening. Account access and sharing come first, because "
        "they are the commonest ways in; monitoring apps come later.")
    for number, proposed in enumerate(plan, start=1):
        say(f"  {number}. {session.title(proposed)}")
        for concern, why in proposed.reasons:
            say(f"       \"{concern.label}\": {why}")
    missing = session.not_installed()
    if missing:
        say("Not installed here, so left out: " + ", ".join(s.check_id for s in missing) + ".")


def _offer(session: GuideSession, prompt: OfferCheck, say: _Say) -> None:
    say(f"\nCheck {prompt.number} of {prompt.total}: {prompt.title}")
    for concern, why in prompt.proposed.reasons:
        say(f"  Why: \"{concern.label}\": {why}")
    if prompt.result is not None:
        say(f"  Already done: {prompt.result.status.plain}.")
    for need in prompt.missing_inputs:
        say(f"  {prompt.check.how_guided(need) if prompt.check else need.how}")
    typed = _read("Enter to start, s to skip, b to go back, q to stop").lower()
    if typed == "q":
        session.stop()
        return
    if typed == "b":
        session.back()
        return
    if typed == "s":
        session.skip()
        say("  Skipped. You can come back to it at the end.")
        return
    for need in prompt.missing_inputs:
        value = _read(f"  {need.names[0]}: type the path or value (Enter to leave it out)")
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
    session: GuideSession, summary: Summary, history: Case | None, output: Path | None, seal: bool, format_name: str | None
) -> None:
    if history is not None:
        _keep(session, summary, history)
    if output is not None:
        _save_file(summary, output, seal, format_name)


def _keep(session: GuideSession, summary: Summary, history: Case) -> None:
    session.keep_in_case(history, summary.report)
    click.echo(f"Kept this session in case {history.ref} (sealed).", err=True)


def _save_file(summary: Summary, output: Path, seal: bool, format_name: str | None) -> None:
    from cybercheck.cli.output import write_new
    from cybercheck.guide.summary import guide_document
    from cybercheck.report import format_for

    inner = output.name[:-4] if output.suffix.lower() == ".zip" else output.name
    chosen = format_name or format_for(inner) or ("html" if seal else None)
    if chosen is None:
        raise ConfigError(f"cybercheck cannot tell which format to save {output.name} in. End it in .html, .md or .json.")
    document = guide_document(summary, chosen)
    if seal:
        from cybercheck.cli.case import OPENS_WITH, save_sealed

        saved = save_sealed(output, summary.report, chosen, document=document)
        click.echo(f"Saved the sealed report to {saved.resolve()}. {OPENS_WITH}", err=True)
        return
    try:
        saved = write_new(output, document.encode("utf-8"))
    except OSError as error:
        raise ConfigError(f"The report could not be saved to {output} ({error.strerror}). Nothing was left there.") from None
    click.echo(f"Saved the report to {saved.resolve()}. It is not sealed: anyone who can open this computer's files can read it.", err=True)


def _offer_to_save(
    session: GuideSession, summary: Summary, history: Case | None, output: Path | None, seal: bool, format_name: str | None
) -> None:
    if output is not None:
        _save_as_told(session, summary, history, output, seal, format_name)
        return
    options = []
    if history is not None:
        options.append(("case", f"Keep it in case {history.ref} (sealed with the case's passphrase)"))
    options += [("sealed", "Save it as a sealed file (a passphrase opens it; 7-Zip opens it too)"),
                ("plain", "Save it as a plain file (anyone who can open this computer's files can read it)"),
                ("none", "Do not save it")]
    click.echo("\nWould you like to save this?", err=True)
    for number, (_, label) in enumerate(options, start=1):
        click.echo(f"  {number}. {label}", err=True)
    typed = _read("Type a number (Enter: do not save)")
    chosen = options[int(typed) - 1][0] if typed.isdigit() and 1 <= int(typed) <= len(options) else "none"
    if chosen == "none":
        click.echo("Nothing was saved.", err=True)
        return
    if chosen == "case" and history is not None:
        _keep(session, summary, history)
        return
    name = _read("File name (Enter: cybercheck-guided-session.html)") or "cybercheck-guided-session.html"
    _save_file(summary, Path(name).expanduser(), chosen == "sealed", format_name)
