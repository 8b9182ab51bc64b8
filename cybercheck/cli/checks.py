"""`cybercheck checks`: every check with its area, what it looks at and what it needs; `show ID` explains one."""

from __future__ import annotations

import inspect

import click

from cybercheck.pipeline.check import Check
from cybercheck.pipeline.plugins import LoadFailure, by_alias, installed_checks, load_check
from cybercheck.pipeline.words import text


@click.group(invoke_without_command=True)
@click.pass_context
def checks(ctx: click.Context) -> None:
    """List the installed checks (`cybercheck checks show ID` explains one)."""
    if ctx.invoked_subcommand is not None:
        return
    for entry in installed_checks():
        loaded = load_check(entry)
        if isinstance(loaded, LoadFailure):
            click.echo(text("cybercheck.checks-not-loaded-line", id=entry.id, problem=loaded.problem.plain))
            continue
        click.echo(f"{loaded.id}  [{loaded.area.plain}]  {loaded.title}")
        click.echo("    " + text("cybercheck.checks-looks-at-line", looks_at=loaded.looks_at))
        for need in loaded.needs:
            click.echo("    " + text("cybercheck.checks-needs-line", how=loaded.how(need)))
        if entry.origin.kind != "builtin":
            origin = entry.origin
            click.echo(
                "    "
                + text("cybercheck.checks-from", distribution=origin.distribution, version=origin.version)
            )


@checks.command("show")
@click.argument("check_id")
def show(check_id: str) -> None:
    """Explain one check: what it looks at, what it needs and how to give it."""
    installed = installed_checks()
    named = [e for e in installed if e.id == check_id] or by_alias(installed, check_id)
    if len(named) != 1:
        raise click.UsageError(text("cybercheck.checks-unknown", id=check_id))
    loaded = load_check(named[0])
    if isinstance(loaded, LoadFailure):
        click.echo(f"{text('cybercheck.checks-not-loaded', id=check_id)} {loaded.problem.plain}")
        click.echo(loaded.problem.detail)
        return
    click.echo(describe(loaded))


def describe(check: type[Check]) -> str:
    """The long description of a check, as `checks show` prints it."""
    lines: list[str] = [
        f"{check.id}: {check.title}",
        text("cybercheck.checks-area", area=check.area.plain),
        text("cybercheck.checks-looks-at", looks_at=check.looks_at),
        "",
    ]
    if check.about:
        lines += [inspect.cleandoc(check.about), ""]
    if check.needs:
        lines.append(text("cybercheck.checks-needs"))
        lines += [f"  - {check.how(need)}" for need in check.needs]
        lines.append("")
    if check.blind_spots:
        lines.append(text("cybercheck.checks-blind-spots"))
        lines += [f"  - {spot}" for spot in check.blind_spots]
    return "\n".join(lines).rstrip()
