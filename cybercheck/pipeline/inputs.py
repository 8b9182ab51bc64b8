"""Which input names the installed checks read, so that a misspelt `--input` is an error, not a check quietly not run."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches

from cybercheck.errors import ConfigError
from cybercheck.pipeline import plugins
from cybercheck.pipeline.plugins import CheckEntry, LoadFailure, load_check


def known_inputs(entries: list[CheckEntry] | None = None) -> set[str]:
    """Every input name an installed check declares, needs or takes in the demo."""
    known: set[str] = set()
    for entry in plugins.installed_checks() if entries is None else entries:
        loaded = load_check(entry)
        if isinstance(loaded, LoadFailure):
            continue
        known.update(i.name for i in loaded.inputs)
        known.update(name for need in loaded.needs if need.kind == "input" for name in need.names)
        known.update(loaded.example_inputs)
    return known


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
