"""`cybercheck serve`: the guided check-up as a web page on this computer, for support workers."""

from __future__ import annotations

import click

from cybercheck.cli.options import build_env, run_options
from cybercheck.exit_codes import ExitCode


@click.command()
@run_options
@click.option(
    "--idle-minutes",
    type=click.FloatRange(min=0.05),
    default=10.0,
    show_default=True,
    help="Lock the page after this many minutes without use.",
)
@click.option("--operator", help="The support worker running the check-up, for the report.")
@click.option("--case", help="A case reference for the report (no names needed).")
@click.option("--demo", is_flag=True, help="Give every check its made-up example inputs, offline.")
@click.option("--no-browser", is_flag=True, help="Do not open a browser; only print the link.")
def serve(
    idle_minutes: float,
    operator: str | None,
    case: str | None,
    demo: bool,
    no_browser: bool,
    timeout: float,
    **options: object,
) -> int:
    """Open the check-up in a web browser on this computer.

    The page is served to this computer only (127.0.0.1) and opens with a link that works
    once. Files are read where they are; nothing is uploaded anywhere. Nothing is saved
    unless you save it. Press Ctrl-C here to stop.
    """
    from dataclasses import replace

    from cybercheck.pipeline.words import text
    from cybercheck.web.server import start_server
    from cybercheck.web.visit import Settings

    env, config = build_env(timeout=timeout, interactive=False, **options)  # type: ignore[arg-type]  # click passes the shared options as one untyped mapping
    if demo:
        from cybercheck.demo import demo_plan

        _, check_inputs = demo_plan()
        demo_settings = replace(
            env.settings, check_inputs=check_inputs, offline=True, country=env.settings.country or "GB"
        )
        env = replace(env, settings=demo_settings)
    settings = Settings(base_env=env, operator=operator or config.operator, case=case, time_limit=timeout)
    running = start_server(settings, idle_minutes=idle_minutes)
    guard = running.guard
    click.echo(text("cybercheck.serve-running"), err=True)
    click.echo(text("cybercheck.serve-link", url=running.url), err=True)
    click.echo(text("cybercheck.serve-unlock-code", code=guard.unlock), err=True)
    click.echo(text("cybercheck.serve-how-to-stop"), err=True)
    if not no_browser:
        import webbrowser

        webbrowser.open(running.url)
    try:
        # NOTE: werkzeug's serve_forever swallows Ctrl-C and returns; it returns for nothing else here.
        running.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        running.server.server_close()
    env.stop.set()
    click.echo("\n" + text("cybercheck.serve-stopped"), err=True)
    return ExitCode.INTERRUPTED
