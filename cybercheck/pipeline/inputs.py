"""Which input names the installed checks read, so that a misspelt `--input` is an error, not a check quietly not run."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches

from cybercheck.errors import ConfigError
from cybercheck.pipeline import plugins
from cybercheck.pipeline.check import Input
from cybercheck.pipeline.plugins import CheckEntry, LoadFailure, load_check


def declared_inputs(entries: list[CheckEntry] | None = None) -> dict[str, Input]:
    """Every input an installed check declares, needs or takes in the demo, by name."""
    found: dict[str, Input] = {}
    for entry in plugins.installed_checks() if entries is None else entries:
        loaded = load_check(entry)
        if isinstance(loaded, LoadFailure):
            continue
        for declared in loaded.inputs:
            if found.get(declared.name, declared).kind != "secret":  # one check calling it secret makes it one
                found[declared.name] = declared
        for name in [n for need in loaded.needs if need.kind == "input" for n in need.names] + list(loaded.example_inputs):
            found.setdefault(name, Input(name))
    return found


def known_inputs(entries: list[CheckEntry] | None = None) -> set[str]:
    """Every input name an installed check reads."""
    return set(declared_inputs(entries))


def check_input_names(given: Iterable[str], known: set[str], *, where: str = "--input") -> None:
    """Raise a ConfigError naming the closest real input for every name no check reads."""
    unknown = sorted(set(given) - known)
    if not unknown:
        return
    name = unknown[0]
    close = get_close_matches(name, sorted(known), n=1)
    hint = f" Did you mean {close[0]}?" if close else ""
    raise ConfigError(
        f"No check reads an input called {name} ({where} {name}=…).{hint} "
        "`cybercheck checks show ID` lists what each check reads."
    )
