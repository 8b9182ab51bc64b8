"""Which input names the installed checks read, so that a misspelt `--input` is an error, not a check quietly not run."""

from __future__ import annotations

from collections.abc import Iterable

from cybercheck.errors import ConfigError
from cybercheck.pipeline import plugins
from cybercheck.pipeline.check import Input
from cybercheck.pipeline.plugins import CheckEntry, LoadFailure, load_check
from cybercheck.pipeline.words import text

LOGIN_GROUP = "cybercheck.logins"  # sign-in flows, as in cybercheck.cli.login


def declared_inputs(entries: list[CheckEntry] | None = None) -> dict[str, Input]:
    """Every input an installed check declares, needs or takes in the demo, or a sign-in flow reads, by name."""
    found: dict[str, Input] = {i.name: i for i in sign_in_inputs()} if entries is None else {}
    return _checks_inputs(plugins.installed_checks() if entries is None else entries, found)


def inputs_for(names: Iterable[str]) -> dict[str, Input]:
    """The inputs installed checks read, and those of the sign-in flows when a name in `names` is none of them
    or a sign-in flow comes from another package.

    No sign-in flow of cybercheck's own reads an input a check reads (a test holds them apart), so its
    flows, which load a web server for signing in, are loaded only for a name no check reads. Another
    package's flow is always loaded: it may call secret an input a check reads, and a secret's value is
    held out of every output only if that is known.
    """
    found = _checks_inputs(plugins.installed_checks(), {})
    if set(names) <= set(found) and _only_own_sign_in_flows():
        return found
    return declared_inputs()


def _only_own_sign_in_flows() -> bool:
    """Whether every installed sign-in flow is cybercheck's own (read from the entry points, loading none)."""
    return all(
        entry.dist is not None and entry.dist.name == plugins.BUILTIN_DISTRIBUTION
        for entry in plugins.registered(LOGIN_GROUP)
    )


def _checks_inputs(entries: list[CheckEntry], found: dict[str, Input]) -> dict[str, Input]:
    """`found` with every input the checks of `entries` declare, need or take in the demo."""
    for entry in entries:
        loaded = load_check(entry)
        if isinstance(loaded, LoadFailure):
            continue
        for declared in loaded.inputs:
            if (
                found.get(declared.name, declared).kind != "secret"
            ):  # one check calling it secret makes it one
                found[declared.name] = declared
        for name in [n for need in loaded.needs if need.kind == "input" for n in need.names] + list(
            loaded.example_inputs
        ):
            found.setdefault(name, Input(name))
    return found


def known_inputs(entries: list[CheckEntry] | None = None) -> set[str]:
    """Every input name an installed check reads."""
    return set(declared_inputs(entries))


def sign_in_inputs() -> list[Input]:
    """The inputs the sign-in flows of `cybercheck login NAME` read: each flow's `inputs`, if it has any."""
    from importlib.metadata import entry_points

    found: list[Input] = []
    for entry in entry_points(group=LOGIN_GROUP):
        try:
            flow = entry.load()
        except Exception:  # noqa: BLE001 - a broken sign-in plugin fails when it is used, not here
            continue
        found += [i for i in getattr(flow, "inputs", ()) if isinstance(i, Input)]
    return found


def check_input_names(given: Iterable[str], known: set[str], *, where: str = "--input") -> None:
    """Raise a ConfigError naming the closest real input for every name no check reads."""
    unknown = sorted(set(given) - known)
    if not unknown:
        return
    name = unknown[0]
    from difflib import get_close_matches  # only for a name no check reads

    close = get_close_matches(name, sorted(known), n=1)
    if close:
        raise ConfigError(text("cybercheck.input-unknown-close", name=name, where=where, close=close[0]))
    raise ConfigError(text("cybercheck.input-unknown", name=name, where=where))
