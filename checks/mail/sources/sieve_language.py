"""What a mail server would refuse in a parsed Sieve script: the places cybercheck cannot trust its reading.

A script the server runs was accepted by it, so a name the server knows and cybercheck does not
means cybercheck cannot follow that part, and a script no server accepts (an extension asked for
by a damaged name, a test or option that does not exist, an extension used without `require`,
`require` after other commands) has been damaged or is read differently here. Either way the
place is a gap, never silently read past. The language is data (data/sieve-language.yaml).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from checks.mail.sources.sieve_parse import Command, Test, Token, strings
from cybercheck.yamldata import load_yaml


@dataclass(frozen=True, slots=True)
class Refusal:
    """One place in a script: what is wrong (a words key) and the name it is about."""

    key: str
    name: str
    offset: int


@dataclass(frozen=True, slots=True)
class _Language:
    commands: frozenset[str]
    tests: frozenset[str]
    tags: frozenset[str]
    extensions: frozenset[str]
    adders: Mapping[str, Mapping[str, frozenset[str]]]  # kind -> name -> the extensions that add it
    comparator_prefix: str

    def needs(self, kind: str, name: str) -> frozenset[str]:
        """The extensions that add `name` (empty for the base language or a name nobody adds)."""
        return self.adders[kind].get(name, frozenset())

    def known(self, kind: str, name: str) -> bool:
        base = {"commands": self.commands, "tests": self.tests, "tags": self.tags}[kind]
        return name in base or bool(self.needs(kind, name))


@lru_cache(maxsize=1)
def _language() -> _Language:
    raw = resources.files("checks.mail").joinpath("data", "sieve-language.yaml").read_text(encoding="utf-8")
    data: Mapping[str, Any] = load_yaml(raw)
    base = data["base"]
    adders: dict[str, dict[str, set[str]]] = {"commands": {}, "tests": {}, "tags": {}}
    for extension, adds in data["extensions"].items():
        for kind, names in (adds or {}).items():
            for name in names:
                adders[kind].setdefault(name, set()).add(extension)
    return _Language(
        frozenset(base["commands"]),
        frozenset(base["tests"]),
        frozenset(base["tags"]),
        frozenset(data["extensions"]),
        {kind: {name: frozenset(e) for name, e in names.items()} for kind, names in adders.items()},
        data["comparator_prefix"],
    )


MAX_REFUSALS = 200  # enough to name every kind of place; damage can make hundreds of thousands


def refusals(commands: list[Command]) -> list[Refusal]:
    """The places in the script a server would refuse or cybercheck does not know (up to MAX_REFUSALS), in script order."""
    language = _language()
    found: list[Refusal] = []
    required: set[str] = set()
    others_seen = False
    for command in commands:
        if command.name == "require":
            if others_seen:
                found.append(Refusal("mail.sieve-late-require", "require", command.start))
            for name in strings(command.args):
                required.add(name.lower())
                if not _known_extension(language, name.lower()):
                    found.append(Refusal("mail.sieve-unknown-extension", name, command.start))
        else:
            others_seen = True
    if "ihave" in required:  # names may be used under an ihave test without being required up front
        return sorted(found, key=lambda r: r.offset)
    for command, nested in _walk(commands, nested=False):
        if len(found) >= MAX_REFUSALS:
            break
        if command.name == "require":
            if nested:
                found.append(Refusal("mail.sieve-late-require", "require", command.start))
            continue
        found += _unrequired(language, "commands", command.name, required, command.start)
        found += _arguments(language, command.args, required, command.start)
    return sorted(found, key=lambda r: r.offset)


def _known_extension(language: _Language, name: str) -> bool:
    return name in language.extensions or name.startswith(language.comparator_prefix)


def _walk(commands: list[Command], *, nested: bool) -> Iterator[tuple[Command, bool]]:
    for command in commands:
        yield command, nested
        if command.block:
            yield from _walk(command.block, nested=True)


def _arguments(language: _Language, args: list[object], required: set[str], at: int) -> list[Refusal]:
    found: list[Refusal] = []
    for arg in args:
        if len(found) >= MAX_REFUSALS:
            break
        if isinstance(arg, Token) and arg.kind == "tag":
            found += _named(language, "tags", arg.value[1:].lower(), required, arg.start, arg.value)
        elif isinstance(arg, Test):
            found += _test(language, arg, required, at)
    return found


def _test(language: _Language, test: Test, required: set[str], at: int) -> list[Refusal]:
    found = _named(language, "tests", test.name, required, at, test.name)
    found += _arguments(language, test.args, required, at)
    for child in test.children[:MAX_REFUSALS]:
        found += _test(language, child, required, at)
    return found


def _named(
    language: _Language, kind: str, name: str, required: set[str], at: int, shown: str
) -> list[Refusal]:
    if not language.known(kind, name):
        return [Refusal(f"mail.sieve-unknown-{kind[:-1]}", shown, at)]
    return _unrequired(language, kind, name, required, at, shown)


def _unrequired(
    language: _Language, kind: str, name: str, required: set[str], at: int, shown: str | None = None
) -> list[Refusal]:
    """`name` comes from extensions none of which the script requires (unknown commands are judged elsewhere)."""
    base = {"commands": language.commands, "tests": language.tests, "tags": language.tags}[kind]
    adding = language.needs(kind, name)
    if name in base or not adding or adding & required:
        return []
    return [Refusal("mail.sieve-not-required", shown or name, at)]
