"""A tolerant Sieve parser (RFC 5228 grammar): commands, tests and arguments, and where it stumbled.

It does not validate. Unknown commands and tests are kept by name; unbalanced brackets, stray
tokens, missing semicolons and cut-off scripts are read as far as they go, and each place where
the text did not follow the grammar is recorded, so a partial parse is never taken for a whole one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

MAX_DEPTH = 40
# Words, strings and signs read from one script. Real filters have a few thousand (a long block list
# tens of thousands); past this the rest is left unread and said, so damage cannot cost gigabytes.
MAX_TOKENS = 200_000
MAX_STRING = 1024 * 1024  # Pigeonhole's limit on one string; no real filter comes near it
# Strings are matched in the unrolled form ("[^"\\]*(?:\\.[^"\\]*)*"): the form with an alternation
# inside a repeat keeps regex state per character, 570 MB for a 1.3 MB unterminated string.
_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\n]+)
  | (?P<comment>\#[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<multiline>text:[ \t]*(?:\#[^\n]*)?\r?\n.*?(?:^\.\r?\n|^\.\Z|\Z))
  | (?P<string>"[^"\\]*(?:\\.[^"\\]*)*(?:"|\Z))
  | (?P<number>\d+[KkMmGg]?)
  | (?P<tag>:[A-Za-z_][A-Za-z0-9_]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[\[\](){};,])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)
_WHOLE_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


@dataclass(frozen=True, slots=True)
class Token:
    """One lexical item: its kind, its value (strings unquoted) and where it starts."""

    kind: str
    value: str
    start: int
    end: int
    cut_off: bool = False  # a string, comment or text: block that the script ends inside


def _cut_off(kind: str, raw: str) -> bool:
    if kind == "comment":
        return raw.startswith("/*") and not raw.endswith("*/")
    if kind == "string":
        return _WHOLE_STRING.fullmatch(raw) is None
    if kind == "multiline":
        return re.search(r"^\.\r?\n?\Z", raw, re.MULTILINE) is None
    return False


_LONE_CR = re.compile(r"\r(?!\n)")


def _refused_string(kind: str, raw: str) -> bool:
    """A string servers refuse: past 1 MiB (as UTF-8), or with a carriage return not before a line feed."""
    if kind not in ("string", "multiline"):
        return False
    too_long = len(raw) > MAX_STRING // 4 and len(raw.encode("utf-8", "surrogatepass")) > MAX_STRING
    return too_long or _LONE_CR.search(raw) is not None


def tokenize(text: str) -> list[Token]:
    """The tokens of a script, white space left out (a cut-off comment is kept to be reported)."""
    out = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        raw = match.group()
        if kind == "space" or (kind == "comment" and not _cut_off(kind, raw)):
            continue
        cut = _cut_off(kind, raw) or _refused_string(kind, raw)
        if kind == "string":
            value = re.sub(r"\\(.)", r"\1", raw[1:-1] if raw.endswith('"') and len(raw) > 1 else raw[1:])
        elif kind == "multiline":
            body = raw.split("\n", 1)[1] if "\n" in raw else ""
            body = re.sub(r"\r?\n\.\r?\n?\Z", "\n", body)
            value = re.sub(r"^\.\.", ".", body, flags=re.MULTILINE)
            kind = "string"
        else:
            value = raw
        out.append(Token(kind, value, match.start(), match.end(), cut))
        if len(out) >= MAX_TOKENS:
            break
    return out


@dataclass
class Command:
    """A command with its arguments (Token, list[Token] for string lists, or Test) and its block."""

    name: str
    args: list[object]
    block: list[Command] | None
    start: int
    end: int


@dataclass
class Test:
    """A test with its arguments and the tests inside it (allof, anyof, not)."""

    name: str
    args: list[object]
    children: list[Test]


@dataclass
class Parsed:
    """The commands of a script, and the offsets where the text did not follow the grammar."""

    commands: list[Command]
    problems: list[int] = field(default_factory=list)
    cut_at: int | None = None  # where reading stopped, past MAX_TOKENS


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.problems: list[int] = [t.start for t in tokens if t.cut_off]

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> Token | None:
        token = self.peek()
        self.at += token is not None
        return token

    def stray(self, token: Token) -> None:
        if not token.cut_off:  # already counted
            self.problems.append(token.start)

    def commands(self, depth: int, opened_at: int | None) -> list[Command]:
        out: list[Command] = []
        while (token := self.peek()) is not None:
            if token.value == "}":
                self.take()
                if opened_at is None:
                    self.stray(token)  # a "}" that closes nothing
                    continue
                return out
            if token.kind != "word":
                self.take()
                self.stray(token)
                continue
            out.append(self.command(depth))
        if opened_at is not None:
            self.problems.append(opened_at)  # the block is never closed
        return out

    def command(self, depth: int) -> Command:
        name = self.take()
        assert name is not None
        args: list[object] = []
        block = None
        ended = False
        while (token := self.peek()) is not None:
            if token.value == ";":
                self.take()
                ended = True
                break
            if token.value == "{":
                self.take()
                if depth >= MAX_DEPTH:
                    self.problems.append(token.start)
                    self._skip_block()
                    block = []
                else:
                    block = self.commands(depth + 1, token.start)
                ended = True
                break
            if token.value == "}":
                break
            args.append(self.argument(depth))
        if not ended:
            self.problems.append(name.start)  # no ";" and no block: cut off or mistyped
        end = self.tokens[self.at - 1].end if self.at else name.end
        return Command(name.value.lower(), args, block, name.start, end)

    def _skip_block(self) -> None:
        level = 1
        while level and (token := self.take()) is not None:
            level += {"{": 1, "}": -1}.get(token.value, 0)

    def argument(self, depth: int) -> object:
        token = self.take()
        assert token is not None
        if token.value == "[":
            items = []
            wanted = "string"  # a list is strings with a comma between each two, and at least one
            while (item := self.peek()) is not None and item.value not in ("]", ";", "{", "}"):
                self.take()
                if item.kind == "string":
                    items.append(item)
                if not ((item.kind == "string") if wanted == "string" else (item.value == ",")):
                    self.stray(item)
                wanted = "," if item.kind == "string" else "string"
            if item is not None and item.value == "]" and wanted == ",":
                self.take()
            else:
                self.stray(item if item is not None and item.value == "]" else token)
                if item is not None and item.value == "]":
                    self.take()
            return items
        if token.kind == "word":
            return self.test_after(token, depth)
        if token.kind in ("other", "punct"):
            self.stray(token)
        return token

    def test_after(self, name: Token, depth: int) -> Test:
        test = Test(name.value.lower(), [], [])
        if test.name == "not" and (nxt := self.peek()) is not None and nxt.kind == "word":
            self.take()
            test.children.append(self.test_after(nxt, depth + 1))
            return test
        while (token := self.peek()) is not None and token.value not in ("{", ";", "}", ")", ","):
            if token.value == "(":
                self.take()
                self._test_list(test, token, depth)
                break
            if token.kind == "word":
                self.stray(token)
                break
            test.args.append(self.argument(depth))
        return test

    def _test_list(self, test: Test, opened: Token, depth: int) -> None:
        while (inner := self.peek()) is not None and inner.value not in ("{", ";", "}"):
            self.take()
            if inner.value == ")":
                return
            if inner.value == ",":
                continue
            if inner.kind == "word" and depth < MAX_DEPTH:
                test.children.append(self.test_after(inner, depth + 1))
            else:
                self.stray(inner)
        self.stray(opened)  # the list is never closed


def parse(text: str) -> Parsed:
    """The commands of a script, read as far as they go, and where the text broke the grammar."""
    tokens = tokenize(text)
    cut_at = tokens[-1].end if len(tokens) >= MAX_TOKENS and text[tokens[-1].end :].strip() else None
    parser = _Parser(tokens)
    commands = parser.commands(0, None)
    return Parsed(commands, sorted(set(parser.problems)), cut_at)


def strings(args: Sequence[object]) -> list[str]:
    """Every string argument, string lists flattened, in order."""
    out: list[str] = []
    for arg in args:
        if isinstance(arg, Token) and arg.kind == "string":
            out.append(arg.value)
        elif isinstance(arg, list):
            out += [t.value for t in arg if isinstance(t, Token)]
    return out


def tags(args: Sequence[object]) -> set[str]:
    """The tagged arguments (":copy", ":days"...), lower case."""
    return {a.value.lower() for a in args if isinstance(a, Token) and a.kind == "tag"}


def tagged_string(args: Sequence[object], tag: str) -> str | None:
    """The string that follows a tag (":from" "x@example.org"), or None."""
    for here, after in pairwise(args):
        named = isinstance(here, Token) and here.kind == "tag" and here.value.lower() == tag
        if named and isinstance(after, Token) and after.kind == "string":
            return after.value
    return None
