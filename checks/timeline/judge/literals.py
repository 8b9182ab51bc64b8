"""The plain strings a regular expression's every match must contain (one of them), worked out from
its parse tree, so that a long list of patterns can skip the texts that cannot match any of them."""

from __future__ import annotations

import importlib
from typing import Any

# NOTE: the stdlib's own regex parser (re._parser from 3.11, sre_parse before); private but stable,
# and the only way to read a pattern's structure without writing a parser.
try:
    parser: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - Python 3.10
    parser = importlib.import_module("sre_parse")

MIN_LITERAL = 3  # shorter strings are in almost every text, so they filter nothing
MAX_STRINGS = 64  # a run of alternatives is spelled out only while it stays this small


def required_literals(pattern: str) -> tuple[str, ...]:
    """Strings of which every match of `pattern` contains at least one; () when none can be said."""
    found = _sequence(list(parser.parse(pattern)))
    return tuple(sorted(found)) if found else ()


def _better(candidate: frozenset[str] | None, best: frozenset[str] | None) -> bool:
    if not candidate or min(map(len, candidate)) < MIN_LITERAL:
        return False
    if best is None:
        return True
    return (min(map(len, candidate)), -len(candidate)) > (min(map(len, best)), -len(best))


def _exact(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Every string `items` can match, when they are only letters and choices between letters."""
    strings = {""}
    for op, value in items:
        name = str(op)
        if name == "LITERAL":
            options = {chr(value)}
        elif name == "SUBPATTERN":
            options = _exact(list(value[-1]))  # type: ignore[assignment]
        elif name == "BRANCH":
            options = set()
            for alternative in value[1]:
                found = _exact(list(alternative))
                if found is None:
                    return None
                options |= found
        else:
            return None
        if options is None or len(strings) * len(options) > MAX_STRINGS:
            return None
        strings = {s + o for s in strings for o in options}
    return strings


def _sequence(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The best requirement of a sequence: a spelled-out run of letters and choices, or a required group's."""
    best: frozenset[str] | None = None
    run: set[str] = {""}
    for op, value in items:
        piece = _exact([(op, value)])
        if piece is not None and len(run) * len(piece) <= MAX_STRINGS:
            run = {s + p for s in run for p in piece}
            continue
        if _better(frozenset(run), best):
            best = frozenset(run)
        run = {""}
        name = str(op)
        inner: frozenset[str] | None = None
        if name == "SUBPATTERN":
            inner = _sequence(list(value[-1]))
        elif name == "BRANCH":
            inner = _branch(value[1])
        elif name in ("MAX_REPEAT", "MIN_REPEAT") and value[0] >= 1:
            inner = _sequence(list(value[2]))
        if _better(inner, best):
            best = inner
    if _better(frozenset(run), best):
        best = frozenset(run)
    return best


def _branch(alternatives: list[Any]) -> frozenset[str] | None:
    """Every alternative must give a requirement; then any of them will do."""
    union: set[str] = set()
    for alternative in alternatives:
        found = _sequence(list(alternative))
        if not found:
            return None
        union |= found
    return frozenset(union)
