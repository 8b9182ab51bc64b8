"""Options shared by the commands that run checks, and the RunEnv they build."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from cybercheck.cli.country import COUNTRY
from cybercheck.config import Config, load_config
from cybercheck.errors import ConfigError
from cybercheck.pipeline.context import RunEnv, RunSettings
from cybercheck.pipeline.words import text

F = Callable[..., Any]


# Services whose --endpoint is not a web address: DNS-over-TLS servers are IP[:PORT]#NAME.
NOT_URLS = frozenset({"dot"})


def _check_nameserver(server: str) -> None:
    """A --nameserver value is an IP address with an optional port; anything else is a usage error."""
    import ipaddress

    from cybercheck.net import split_host_port

    try:
        host, port = split_host_port(server, 53)
        ipaddress.ip_address(host)
        if not 0 < port < 65536:
            raise ValueError(port)
    except ValueError:
        raise ConfigError(text("cybercheck.nameserver-invalid", server=repr(server))) from None


def _pairs(values: tuple[str, ...], flag: str) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(text("cybercheck.pairs-invalid", flag=flag))
        pairs.append((name.strip(), rest.strip()))
    return pairs


def run_options(function: F) -> F:
    """The options every command that runs checks takes."""
    decorators = [
        click.option(
            "--input",
            "inputs",
            multiple=True,
            metavar="NAME=VALUE",
            help="Give a check what it needs (repeatable).",
        ),
        click.option(
            "--endpoint",
            "endpoints",
            multiple=True,
            metavar="NAME=URL",
            help="Use another address for a service (repeatable).",
        ),
        click.option(
            "--nameserver",
            "nameservers",
            multiple=True,
            metavar="IP[:PORT]",
            help="Ask this DNS server instead of the system's (repeatable).",
        ),
        click.option(
            "--country",
            type=COUNTRY,
            metavar="COUNTRY",
            help="Your country, for the emergency number and helplines: a name or code, e.g. UK, Deutschland, US.",
        ),
        click.option(
            "--offline", is_flag=True, help="Use no network at all; checks that need it are not run."
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=1),
            default=300.0,
            show_default=True,
            help="Seconds each check may take.",
        ),
        click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Config file (TOML).",
        ),
        click.option(
            "--iocs",
            "ioc_files",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Extra STIX2 indicator bundle (repeatable).",
        ),
        click.option(
            "--baseline",
            "baseline_path",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="An earlier JSON report, to say what is new since then.",
        ),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def choose_country(flag: str | None, config: Config) -> str | None:
    """--country, then the config file, then the system locale; an unknown country is an error."""
    from cybercheck.advice import countries
    from cybercheck.advice.helplines import country_from_locale

    try:
        return (
            countries.parse_or_none(flag) or countries.parse_or_none(config.country) or country_from_locale()
        )
    except countries.UnknownCountry as error:
        raise click.UsageError(countries.explain(error)) from None


def build_env(
    *,
    inputs: tuple[str, ...],
    endpoints: tuple[str, ...],
    nameservers: tuple[str, ...],
    country: str | None,
    offline: bool,
    timeout: float,
    config_path: Path | None,
    ioc_files: tuple[Path, ...],
    baseline_path: Path | None,
    interactive: bool | None = None,
) -> tuple[RunEnv, Config]:
    """The RunEnv for a run, from the flags and the config file (flags win)."""
    from cybercheck.cli.asker import TerminalAsker

    config = load_config(config_path)
    given: dict[str, list[str]] = {}
    for name, value in _pairs(inputs, "--input"):
        given.setdefault(name, []).append(value)
    merged = {k: list(v) for k, v in config.inputs.items()} | given  # a flag replaces the config's value
    if merged:
        from cybercheck.pipeline.inputs import check_input_names, inputs_for
        from cybercheck.scrub import hold

        declared = inputs_for([*given, *config.inputs])
        check_input_names(given, set(declared), where="--input")
        config_file = config_path or text("cybercheck.config-file")
        check_input_names(
            config.inputs, set(declared), where=text("cybercheck.config-inputs-where", path=config_file)
        )
        for name, values in merged.items():
            if name in declared and declared[name].kind == "secret":
                for value in values:
                    hold(value)
    endpoint_map = dict(config.endpoints)
    endpoint_map.update(_pairs(endpoints, "--endpoint"))
    for name, url in endpoint_map.items():
        if name not in NOT_URLS and not url.startswith(("http://", "https://")):
            raise ConfigError(text("cybercheck.endpoint-not-url", name=name))
    for server in nameservers:
        _check_nameserver(server)
    baseline = None
    if baseline_path is not None:
        from cybercheck.report.json_report import read_report

        baseline = read_report(baseline_path.read_text(encoding="utf-8", errors="replace"))
    if interactive is None:
        interactive = sys.stdin.isatty() and sys.stderr.isatty()
    settings = RunSettings(
        inputs={k: tuple(v) for k, v in merged.items() if v},
        endpoints=endpoint_map,
        offline=offline,
        nameservers=tuple(nameservers),
        timeout=min(timeout, 30.0),
        interactive=interactive,
        country=choose_country(country, config),
        indicator_files=tuple(ioc_files),
        baseline=baseline,
    )
    env = RunEnv(settings, asker=TerminalAsker()) if interactive else RunEnv(settings)
    if ioc_files:
        from cybercheck.errors import DamagedInput

        try:
            env.indicators  # noqa: B018 -- read the bundles now: a bad one is a wrong flag, not a failed check
        except DamagedInput as error:
            raise ConfigError(f"{error.plain} {text('cybercheck.iocs-nothing-checked')}") from None
    return env, config
