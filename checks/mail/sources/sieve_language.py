"""What a mail server would refuse in a parsed Sieve script: the places cybercheck cannot trust its reading.

A script the server runs was accepted by it, so a name the server knows and cybercheck does not
means cybercheck cannot follow that part, and a script no server accepts (an extension asked for
by a damaged name, a test or option that does not exist, an extension used without `require`,
`require` after other commands) has been damaged or is read differently here. Either way the
place is a gap, never silently read past. The language is data (data/sieve-language.yaml).
"""

from __future__ import annotations

import re
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
    signatures: Mapping[str, Mapping[str, tuple[str, ...]]]  # kind -> name -> accepted kinds strings ("sl")
    tag_arguments: Mapping[str, str]
    operators: frozenset[str]
    comparators: frozenset[str]
    date_parts: frozenset[str]
    address_headers: frozenset[str]

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
        {
            kind: {name: _shapes(given) for name, given in named.items()}
            for kind, named in data["signatures"].items()
        },
        dict(data["tag_arguments"]),
        frozenset(data["relational_operators"]),
        frozenset(data["comparators"]),
        frozenset(data["date_parts"]),
        frozenset(data["address_headers"]),
    )


def _shapes(given: list[Any]) -> tuple[str, ...]:
    """One signature ([s, l]) or several ([[l], [s, l]]) as strings of kinds ("sl")."""
    if given and isinstance(given[0], list):
        return tuple("".join(one) for one in given)
    return ("".join(given),)


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
            for name in strings(command.args):  # capability names are case-sensitive (RFC 5228 2.7.3)
                required.add(name)
                if not _known_extension(language, name):
                    found.append(Refusal("mail.sieve-unknown-extension", name, command.start))
        else:
            others_seen = True
    if "ihave" in required:  # names may be used under an ihave test without being required up front
        return sorted(found, key=lambda r: r.offset)
    for command, nested in _walk(commands, nested=False):
        if len(found) >= MAX_REFUSALS:
            break
        if command.name == "require" and nested:
            found.append(Refusal("mail.sieve-late-require", "require", command.start))
        if not language.known("commands", command.name):  # reached or not: a server refuses the script
            found.append(Refusal("mail.sieve-unknown-command", command.name, command.start))
        elif command.name != "require":
            found += _unrequired(language, "commands", command.name, required, command.start)
            found += _arguments(language, command.args, required, command.start)
        tests = sum(isinstance(a, Test) for a in command.args)
        one_test = tests == 1 if command.name in ("if", "elsif") else tests == 0
        has_block = (command.block is not None) == (command.name in _BLOCK_COMMANDS)
        if not (one_test and has_block) or not _well_formed(
            language, "commands", command.name, command.args, required
        ):
            found.append(Refusal("mail.sieve-bad-arguments", command.name, command.start))
    return sorted(found, key=lambda r: r.offset)


# Commands written with a block; any other command followed by one is not Sieve.
_BLOCK_COMMANDS = frozenset({"if", "elsif", "else", "foreverypart"})


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
    joins = {"not": (1, 1), "allof": (1, None), "anyof": (1, None)}.get(test.name)
    if joins is not None:
        low, high = joins
        count = len(test.children) + sum(isinstance(a, Test) for a in test.args)
        if count < low or (high is not None and count > high):
            found.append(Refusal("mail.sieve-bad-arguments", test.name, at))
    elif not _well_formed(language, "tests", test.name, test.args, required):
        found.append(Refusal("mail.sieve-bad-arguments", test.name, at))
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


_VARIABLE_NAME = re.compile(r"\A[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\Z")


def _well_formed(language: _Language, kind: str, name: str, args: list[object], required: set[str]) -> bool:
    """Whether the arguments after the tags fit one of the name's signatures, and the values that
    must be one of a few (operators, comparators, date parts, variable names) are."""
    shapes = language.signatures.get(kind, {}).get(name)
    given_tags = [a.value[1:].lower() for a in args if isinstance(a, Token) and a.kind == "tag"]
    if any(len(set(given_tags) & group) > 1 for group in _ONE_OF) or len(set(given_tags)) < len(given_tags):
        return False  # a tag twice, or two match types or address parts at once
    positional: list[object] = []
    items = iter(args)
    for arg in items:
        if isinstance(arg, Token) and arg.kind == "tag":
            wanted = language.tag_arguments.get(arg.value[1:].lower())
            if wanted is None:
                continue
            value = next(items, None)
            if _kind(value) not in _FITS[wanted] or not _value_allowed(
                language, arg.value[1:].lower(), value, required
            ):
                return False
        elif not isinstance(arg, Test):
            positional.append(arg)
    if shapes is None:
        return True
    given = "".join(_kind(a) for a in positional)
    if not any(
        len(given) == len(shape) and all(g in _FITS[w] for g, w in zip(given, shape, strict=True))
        for shape in shapes
    ):
        return False
    return _positional_allowed(language, name, positional)


# Tagged arguments of which a test takes one at most (RFC 5228 2.7.1, 2.7.4; 5231; 5233; 5229's regex).
_ONE_OF = (
    frozenset({"is", "contains", "matches", "regex", "value", "count", "list"}),
    frozenset({"all", "localpart", "domain", "user", "detail"}),
)
_FITS = {"s": {"s"}, "l": {"s", "l"}, "n": {"n"}}


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "l"
    if isinstance(value, Token) and value.kind in ("string", "number"):
        return value.kind[0]
    return "?"


def _value_allowed(language: _Language, tag: str, value: object, required: set[str]) -> bool:
    if not isinstance(value, Token):
        return True
    if tag in ("value", "count"):
        return value.value.lower() in language.operators
    if tag == "comparator":
        wanted = value.value.lower()
        return wanted in language.comparators or language.comparator_prefix + wanted in required
    return True


def _positional_allowed(language: _Language, name: str, positional: list[object]) -> bool:
    first = positional[0] if positional else None
    if name == "address" and isinstance(first, (Token, list)):
        headers = [first] if isinstance(first, Token) else first
        return all(_address_header(language, h.value) for h in headers if isinstance(h, Token))
    if name == "set" and isinstance(first, Token):
        return _VARIABLE_NAME.match(first.value) is not None
    part = (
        positional[1] if name == "date" and len(positional) > 1 else first if name == "currentdate" else None
    )
    if isinstance(part, Token):
        return "${" in part.value or part.value.lower() in language.date_parts
    return True


def _address_header(language: _Language, name: str) -> bool:
    """A header the address test may read: one that holds addresses (RFC 5228 5.1), an extension
    header ("X-..."), or a name built from a variable."""
    lowered = name.lower()
    return lowered in language.address_headers or lowered.startswith(("x-", "resent-")) or "${" in name
