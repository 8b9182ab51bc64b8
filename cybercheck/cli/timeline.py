"""`cybercheck timeline`: one dated record of contact from the person's own exports, signed; or check one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cybercheck.errors import ConfigError
from cybercheck.exit_codes import ExitCode

if TYPE_CHECKING:
    from checks.timeline.output.make import Made
    from cybercheck.casework.cases import Case
    from cybercheck.pipeline.model import Report

REFERENCES_SHOWN = 10
DEMO_RECORD = "cybercheck-demo-timeline.html"


@click.command()
@click.option(
    "--input",
    "inputs",
    multiple=True,
    metavar="KIND=FILE",
    help="An export to read, such as whatsapp=chat.zip, sms=backup.xml or mbox=mail.mbox (repeatable).",
)
@click.option(
    "--about", metavar="LIST", help="The other person's numbers, addresses and handles, separated by commas."
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the record here (.html); a .csv, .json and .manifest.json are saved beside it.",
)
@click.option(
    "--asked-to-stop",
    "asked_to_stop",
    metavar="DATE",
    help="When you asked them to stop (2026-10-03), if you did.",
)
@click.option("--blocked", metavar="DATE", help="When you blocked them (2026-10-10), if you did.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A cybercheck report (JSON) whose account and device findings join the record.",
)
@click.option("--case", help="A case reference: its latest scan's findings join the record.")
@click.option(
    "--tsa",
    metavar="URL",
    help="Ask this RFC 3161 time-stamping service for a trusted timestamp (only a hash is sent).",
)
@click.option(
    "--seal", is_flag=True, help="Save the record and its files sealed with a passphrase, as an AES-256 zip."
)
@click.option("--country", metavar="XX", help="Two-letter country code for helplines, e.g. GB, US, AU.")
@click.option("--operator", help="The support worker preparing the record.")
@click.option("--offline", is_flag=True, help="Use no network (a --tsa timestamp needs it).")
@click.option(
    "--verify",
    "verify_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Check a saved record's signature, timestamp and files instead of making one.",
)
@click.option(
    "--demo",
    is_flag=True,
    help="Make a record from the made-up example (a chat, texts and mail from 'Jordan'), offline.",
)
def timeline(
    inputs: tuple[str, ...],
    about: str | None,
    output: Path | None,
    asked_to_stop: str | None,
    blocked: str | None,
    report_path: Path | None,
    case: str | None,
    tsa: str | None,
    seal: bool,
    country: str | None,
    operator: str | None,
    offline: bool,
    verify_path: Path | None,
    demo: bool,
) -> int:
    """Put contact from messages, calls and mail on one dated record, for the police or a helpline.

    Everything is read on this computer. Message texts go only into the saved record, never on
    this screen: the screen shows counts and where things are.
    """
    from checks.timeline.output.words import say

    if verify_path is not None:
        return _verify(verify_path)
    if demo:
        inputs, about, asked_to_stop = _demo_inputs()
        output = output or Path(DEMO_RECORD)
        operator, offline, country = operator or "cybercheck demo", True, country or "GB"
    if not inputs:
        raise ConfigError(say("errors.no_inputs"))
    if not about:
        raise ConfigError(say("errors.no_about"))
    if output is None:
        raise ConfigError(say("errors.no_output"))
    from checks.timeline.output.make import Request, make, parse_about, parse_day
    from cybercheck.casework.diary import DiaryEntry

    chosen = _inputs(inputs)
    history = _open_case(case)
    account, account_name = _account_report(report_path, case, history)
    if report_path is not None:
        chosen["report"] = (*chosen.get("report", ()), report_path)
    request = Request(
        inputs=chosen,
        about=parse_about(about),
        output=output,
        country=country,
        operator=operator,
        case=case,
        account_report=account,
        account_report_name=account_name,
        tsa=tsa,
        offline=offline,
        asked_to_stop=parse_day(asked_to_stop, "asked-to-stop"),
        blocked=parse_day(blocked, "blocked"),
        diary=tuple(DiaryEntry.from_mapping(e) for e in history.diary()) if history else (),
        evidence_log=history.evidence() if history else (),
    )
    made = make(request, seal_with=_sealer(output) if seal else None)
    return _show(made, sealed=seal)


def _demo_inputs() -> tuple[tuple[str, ...], str, str]:
    """The timeline check's own made-up example: its files as --input values, who it is about, when they were asked to stop."""
    from checks.timeline.checks import TimelineContact
    from cybercheck.demo import example_paths

    files = tuple(
        f"{kind}={path}" for kind, paths in example_paths(TimelineContact).items() for path in paths
    )
    values = TimelineContact.example_values
    return files, ", ".join(values["about"]), values["asked-to-stop"][0]


def _inputs(values: tuple[str, ...]) -> dict[str, tuple[Path, ...]]:
    from checks.timeline.output.words import say

    chosen: dict[str, list[Path]] = {}
    for value in values:
        kind, sep, rest = value.partition("=")
        if not sep or not kind.strip() or not rest.strip():
            raise ConfigError(say("errors.bad_input", given=value))
        path = Path(rest.strip()).expanduser()
        if not path.exists():
            raise ConfigError(say("errors.missing_file", path=path))
        chosen.setdefault(kind.strip().lower(), []).append(path)
    return {kind: tuple(paths) for kind, paths in chosen.items()}


def _open_case(case: str | None) -> Case | None:
    """The case, opened with its passphrase, when --case was given."""
    if not case:
        return None
    from cybercheck.cli.case import open_case

    opened: Case = open_case(case)
    return opened


def _account_report(path: Path | None, case: str | None, history: Case | None) -> tuple[Report | None, str]:
    """The account and device report whose findings join the record, and its name.

    From --report, else the case's latest scan.
    """
    from checks.timeline.output.words import say
    from cybercheck.errors import DamagedInput
    from cybercheck.report.json_report import read_report

    if path is not None:
        try:
            return read_report(path.read_text(encoding="utf-8", errors="replace")), path.name
        except DamagedInput as error:
            raise ConfigError(say("errors.unreadable_report", name=path.name), detail=error.detail) from None
    if history is not None:
        latest = history.latest() if history.scans() else None
        return latest, f"case-{case}-latest-scan.json"
    return None, ""


def _sealer(output: Path) -> Callable[[dict[str, bytes]], Path]:
    """Seal the record's files into one AES-256 zip at OUTPUT.zip, asking for the passphrase."""

    def seal(members: dict[str, bytes]) -> Path:
        from checks.timeline.output.words import say
        from cybercheck.casework.sealing import seal_archive
        from cybercheck.cli.case import SEAL_SECRET, passphrase, sealed_path
        from cybercheck.report.save import save_atomically

        target = sealed_path(output)
        save_atomically(
            target, seal_archive(members, passphrase(SEAL_SECRET, say("terminal.seal_prompt"), new=True))
        )
        return target

    return seal


def _show(made: Made, *, sealed: bool) -> int:
    """Counts and references only: never a message's text."""
    from checks.timeline.output.page import senders_text
    from checks.timeline.output.words import number, say
    from cybercheck.cli.case import OPENS_WITH_TOOLS

    written = made.written
    tally = written.tally
    if tally.contacts:
        click.echo(
            say(
                "terminal.read",
                count=number(tally.contacts),
                days=number(tally.span_days),
                senders=senders_text(len(tally.senders)),
                sources=number(made.source_count),
            )
        )
    else:
        click.echo(say("terminal.nothing"))
    if written.threats:
        if len(written.threats) == 1:
            click.echo(say("terminal.threats-one"))
        else:
            click.echo(say("terminal.threats", count=number(len(written.threats))))
        for ref in written.threats[:REFERENCES_SHOWN]:
            click.echo(
                say(
                    "terminal.reference",
                    when=f"{ref.when:%Y-%m-%d %H:%M}" if ref.when else "",
                    how="",
                    file=ref.file,
                    place=ref.place,
                )
            )
        if len(written.threats) > REFERENCES_SHOWN:
            click.echo(say("terminal.more_references", count=number(len(written.threats) - REFERENCES_SHOWN)))
    for title, count in written.patterns:
        click.echo(say("terminal.pattern", title=title, count=number(count)))
    if written.gaps:
        click.echo(say("terminal.gaps", count=number(written.gaps)))
    click.echo(say("terminal.texts_hidden"))
    if sealed:
        click.echo(say("terminal.sealed", path=made.files[0].resolve()) + " " + OPENS_WITH_TOOLS, err=True)
    else:
        click.echo(say("terminal.saved", path=made.files[0].resolve()), err=True)
        click.echo(say("terminal.saved_also", list=", ".join(p.name for p in made.files[1:])), err=True)
    if made.public_key is not None:
        click.echo(
            say("terminal.signed", fingerprint=made.public_key.fingerprint, manifest=made.manifest.name),
            err=True,
        )
    else:
        click.echo(say("terminal.unsigned", reason=made.unsigned_reason or ""), err=True)
    if made.timestamp is not None:
        click.echo(
            say(
                "terminal.stamped",
                tsa=made.timestamp.tsa,
                time=f"{made.timestamp.time:%Y-%m-%d %H:%M:%S} UTC",
            ),
            err=True,
        )
    return _exit(made)


def _exit(made: Made) -> int:
    from cybercheck.pipeline.model import Severity

    if any(f.severity >= Severity.MEDIUM for r in made.results for f in r.findings):
        return ExitCode.FOUND
    if made.public_key is None or made.written.gaps:
        return ExitCode.INCOMPLETE
    return ExitCode.CLEAN


def _verify(path: Path) -> int:
    from checks.timeline.output.manifest import FileState, check
    from checks.timeline.output.words import say

    checked = check(path)
    name = checked.manifest.name
    if checked.public_key is not None:
        click.echo(
            say(
                "terminal.verify_key", key=checked.public_key.text, fingerprint=checked.public_key.fingerprint
            )
        )
    if not checked.signature_ok:
        click.echo(say("terminal.verify_bad_signature", manifest=name))
    words = {
        FileState.UNCHANGED: "terminal.verify_file_ok",
        FileState.CHANGED: "terminal.verify_file_changed",
        FileState.MISSING: "terminal.verify_file_missing",
    }
    for file, state in checked.outputs + checked.sources:
        click.echo(say(words[state], name=file))
    if checked.timestamp is not None:
        click.echo(
            say(
                "terminal.verify_timestamp",
                tsa=checked.timestamp.tsa,
                time=f"{checked.timestamp.time:%Y-%m-%d %H:%M:%S} UTC",
                certificate=checked.timestamp.certificate_sha256,
            )
        )
    if checked.timestamp_problem:
        click.echo(say("terminal.verify_timestamp_bad", reason=checked.timestamp_problem))
    if checked.good:
        click.echo(
            say(
                "terminal.verify_ok",
                manifest=name,
                fingerprint=checked.public_key.fingerprint if checked.public_key else "",
            )
        )
        return ExitCode.CLEAN
    if checked.signature_ok:
        click.echo(say("terminal.verify_changed"))
    return ExitCode.FOUND


GUIDE_KINDS = ("whatsapp", "sms-backup", "mail", "telegram", "iphone", "facebook", "instagram", "x")
DEFAULT_NAME = "contact-record.html"


def offer_in_guide(
    report: Report | None,
    *,
    country: str | None,
    operator: str | None,
    case: str | None,
    read: Callable[[str], str] | None = None,
) -> int | None:
    """The guided session's last step: offer a record of contact, ask what it needs, and make it.

    `report` (the session's) joins the record with its dated findings. `read` asks one question
    and returns the typed answer (a terminal prompt unless a test gives another). Returns the exit
    status of the record, or None when none was made.
    """
    from checks.timeline.output.make import Request, make, parse_about, parse_day
    from checks.timeline.output.words import say
    from cybercheck.pipeline.words import input_words

    ask = read or (lambda prompt: click.prompt(prompt, default="", show_default=False, err=True).strip())
    click.echo("\n" + say("guide.offer"), err=True)
    if ask(say("guide.offer_prompt")).lower() not in ("y", "yes"):
        click.echo(say("guide.none"), err=True)
        return None
    about = parse_about(ask(say("guide.about")))
    asked_to_stop = parse_day(ask(say("guide.asked_to_stop")), "asked-to-stop")
    blocked = parse_day(ask(say("guide.blocked")), "blocked")
    chosen: dict[str, tuple[Path, ...]] = {}
    while typed := ask(say("guide.export")):
        path = Path(typed).expanduser()
        if not path.exists():
            click.echo(say("errors.missing_file", path=path), err=True)
            continue
        click.echo(say("guide.kinds", name=path.name), err=True)
        for number, kind in enumerate(GUIDE_KINDS, start=1):
            words = input_words("timeline", kind)
            click.echo(f"  {number}. {words.label if words else kind}", err=True)
        picked = ask(say("guide.kind_prompt"))
        if not (picked.isdigit() and 1 <= int(picked) <= len(GUIDE_KINDS)):
            click.echo(say("guide.kind_again"), err=True)
            continue
        kind = GUIDE_KINDS[int(picked) - 1]
        chosen[kind] = (*chosen.get(kind, ()), path)
    if not chosen:
        click.echo(say("guide.no_exports"), err=True)
        return None
    output = Path(ask(say("guide.output", default=DEFAULT_NAME)) or DEFAULT_NAME).expanduser()
    if output.suffix.lower() not in (".html", ".htm"):
        output = output.with_name(output.name + ".html")
    seal = ask(say("guide.seal")).lower() not in ("n", "no")
    request = Request(
        inputs=chosen,
        about=about,
        output=output,
        country=country,
        operator=operator,
        case=case,
        account_report=report,
        account_report_name="guided-session.json",
        asked_to_stop=asked_to_stop,
        blocked=blocked,
    )
    made = make(request, seal_with=_sealer(output) if seal else None)
    return _show(made, sealed=seal)
