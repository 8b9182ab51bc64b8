"""`cybercheck checks`: every check with its area, what it looks at and what it needs; `show ID` explains one."""

from __future__ import annotations

import inspect

import click

from cybercheck.pipeline.check import Check
from cybercheck.pipeline.plugins import LoadFailure, by_alias, installed_checks, load_check


@click.group(invoke_without_command=True)
@click.pass_context
def checks(ctx: click.Context) -> None:
    """List the installed checks (`cybercheck checks show ID` explains one)."""
    if ctx.invoked_subcommand is not None:
        return
    for entry in installed_checks():
        loaded = load_check(entry)
        if isinstance(loaded, LoadFailure):
            click.echo(f"{entry.id}  (could not be loaded: {loaded.problem.plain})")
            continue
        click.echo(f"{loaded.id}  [{loaded.area.plain}]  {loaded.title}")
        click.echo(f"    looks at: {loaded.looks_at}")
        for need in loaded.needs:
            click.echo(f"    needs: {loaded.how(need)}")
        if entry.origin.kind != "builtin":
            click.echo(f"    from: {entry.origin.distribution} {entry.origin.version}")


@checks.command("show")
@click.argument("check_id")
def show(check_id: str) -> None:
    """Explain one check: what it looks at, what it needs and how to give it."""
    installed = installed_checks()
    named = [e for e in installed if e.id == check_id] or by_alias(installed, check_id)
    if len(named) != 1:
        raise click.UsageError(
            f"There is no check called {check_id}. Run `cybercheck checks` to see them all."
        )
    loaded = load_check(named[0])
    if isinstance(loaded, LoadFailure):
        click.echo(f"{check_id} could not be loaded. {loaded.problem.plain}")
        click.echo(loaded.problem.detail)
        return
    click.echo(describe(loaded))


def describe(check: type[Check]) -> str:
    """The long description of a check, as `checks show` prints it."""
    lines = [f"{check.id}: {check.title}", f"Area: {check.area.plain}", f"Looks at: {check.looks_at}", ""]
    if check.about:
        lines += [inspect.cleandoc(check.about), ""]
    if check.needs:
        lines.append("Needs:")
        lines += [f"  - {check.how(need)}" for need in check.needs]
        lines.append("")
    if check.blind_spots:
        lines.append("What it cannot see:")
        lines += [f"  - {text}" for text in check.blind_spots]
    return "\n".join(lines).rstrip()
