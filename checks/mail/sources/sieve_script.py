"""A tolerant Sieve reader (RFC 5228): the actions of a script and the tests that guard them.

It does not validate. Commands and tests it does not know (from extensions) are kept by
name and skipped; unbalanced brackets and cut-off scripts are read as far as they go. Each
block of actions becomes one MailRule whose conditions are the tests of every `if` around it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from checks.mail.folders import role_from_name
from checks.mail.records import ActionKind, Condition, FolderRole, MailRule, RuleAction
from checks.mail.sources.values import any_of
from cybercheck.pipeline.words import text

MAX_DEPTH = 40
MAX_TOKENS = 100_000  # far beyond any real filter list; past it the rest is a gap, and memory stays bounded
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<multiline>text:[ \t]*(?:\#[^\n]*)?\r?\n.*?(?:^\.\r?\n|^\.\Z|\Z))
  | (?P<string>"(?:[^"\\]|\\.)*(?:"|\Z))
  | (?P<number>\d+[KkMmGg]?)
  | (?P<tag>:[A-Za-z_][A-Za-z0-9_]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[\[\](){};,])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class Token:
    """One lexical item: its kind, its value (strings unquoted) and where it starts."""

    kind: str
    value: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """The tokens of a script, comments and white space left out; never raises."""
    out = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        raw = match.group()
        if kind in ("space", "comment"):
            continue
        if kind == "string":
            value = re.sub(r"\\(.)", r"\1", raw[1:-1] if raw.endswith('"') and len(raw) > 1 else raw[1:])
        elif kind == "multiline":
            body = raw.split("\n", 1)[1] if "\n" in raw else ""
            body = re.sub(r"\r?\n\.\r?\n?\Z", "\n", body)
            value = re.sub(r"^\.\.", ".", body, flags=re.MULTILINE)
            kind = "string"
        else:
            value = raw
        out.append(Token(kind, value, match.start(), match.end()))
        if len(out) >= MAX_TOKENS:  # script_problems names the rest as unread
            break
    return out


@dataclass
class _Command:
    name: str
    args: list[object]  # Token, list[Token] (string lists) or _Test
    block: list[_Command] | None
    start: int
    end: int


@dataclass
class _Test:
    name: str
    args: list[object]
    children: list[_Test]


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> Token | None:
        token = self.peek()
        self.at += token is not None
        return token

    def commands(self, depth: int) -> list[_Command]:
        out = []
        while (token := self.peek()) is not None:
            if token.value == "}":
                self.take()
                break
            if token.kind != "word":
                self.take()  # stray token: skip it
                continue
            out.append(self.command(depth))
        return out

    def command(self, depth: int) -> _Command:
        name = self.take()
        assert name is not None
        args: list[object] = []
        block = None
        while (token := self.peek()) is not None:
            if token.value == ";":
                self.take()
                break
            if token.value == "{":
                self.take()
                block = self.commands(depth + 1) if depth < MAX_DEPTH else []
                break
            if token.value == "}":
                break
            args.append(self.argument(depth))
        end = self.tokens[self.at - 1].end if self.at else name.end
        return _Command(name.value.lower(), args, block, name.start, end)

    def argument(self, depth: int) -> object:
        token = self.take()
        assert token is not None
        if token.value == "[":
            items = []
            while (item := self.peek()) is not None and item.value not in ("]", ";", "{", "}"):
                self.take()
                if item.kind == "string":
                    items.append(item)
            if item is not None and item.value == "]":
                self.take()
            return items
        if token.kind == "word":
            return self.test_after(token, depth)
        return token

    def test_after(self, name: Token, depth: int) -> _Test:
        test = _Test(name.value.lower(), [], [])
        if test.name == "not" and (nxt := self.peek()) is not None and nxt.kind == "word":
            test.children.append(self.test_after(self.take(), depth + 1))  # type: ignore[arg-type]
            return test
        while (token := self.peek()) is not None and token.value not in ("{", ";", "}", ")", ","):
            if token.value == "(":
                self.take()
                while (inner := self.peek()) is not None and inner.value not in ("{", ";", "}"):
                    if inner.value == ")":
                        self.take()
                        break
                    if inner.value == ",":
                        self.take()
                        continue
                    if inner.kind == "word" and depth < MAX_DEPTH:
                        self.take()
                        test.children.append(self.test_after(inner, depth + 1))
                    else:
                        self.take()
                break
            if token.kind == "word":
                break
            test.args.append(self.argument(depth))
        return test


def _strings(args: Sequence[object]) -> list[str]:
    out: list[str] = []
    for arg in args:
        if isinstance(arg, Token) and arg.kind == "string":
            out.append(arg.value)
        elif isinstance(arg, list):
            out += [t.value for t in arg if isinstance(t, Token)]
    return out


def _tags(args: list[object]) -> set[str]:
    return {a.value.lower() for a in args if isinstance(a, Token) and a.kind == "tag"}


def _field(header: str) -> tuple[str, str]:
    """The condition field a header stands for, and the header's name when it is not one of them."""
    header = header.lower()
    if header in ("from", "sender", "reply-to", "return-path"):
        return "from", ""
    if header in ("to", "cc", "bcc", "delivered-to", "x-original-to"):
        return "to", ""
    return ("subject", "") if header == "subject" else ("header", header)


def _conditions(test: _Test, negated: bool = False) -> tuple[list[Condition], bool]:
    """Conditions of a test, and whether any one of them is enough (anyof)."""
    if test.name in ("allof", "anyof"):
        out: list[Condition] = []
        for child in test.children:
            out += _conditions(child, negated)[0]
        return out, (test.name == "anyof") != negated
    if test.name == "not" and test.children:
        return _conditions(test.children[0], not negated)
    values = _strings(test.args)
    if test.name in ("header", "address", "envelope"):
        headers, keys = _split_header_args(test.args)
        if test.name == "envelope":
            fields = [("envelope", h.lower()) for h in headers]
        else:
            fields = [_field(h) for h in headers]
        value = any_of(keys)
        found = [
            Condition(f, value, negated, name) for f, name in dict.fromkeys(fields or [("any-header", "")])
        ]
        return found, False
    if test.name == "body":
        return [Condition("body", any_of(values), negated)], False
    if test.name == "true":
        return [], False
    named = " ".join(
        [test.name] + [a.value for a in test.args if isinstance(a, Token) and a.kind != "string"]
    )
    return [Condition("test", any_of(values), negated, named)], False


def _split_header_args(args: list[object]) -> tuple[list[str], list[str]]:
    string_args = [a for a in args if (isinstance(a, Token) and a.kind == "string") or isinstance(a, list)]
    if len(string_args) < 2:
        return [], _strings(string_args)
    return _strings(string_args[-2:-1]), _strings(string_args[-1:])


Roles = Callable[[str], FolderRole]


def _action(command: _Command, roles: Roles) -> list[RuleAction]:
    strings = _strings(command.args)
    tags = _tags(command.args)
    name = command.name
    if name == "redirect":
        return [RuleAction(ActionKind.REDIRECT, strings[-1] if strings else "", keeps_copy=":copy" in tags)]
    if name == "discard":
        return [RuleAction(ActionKind.PERMANENT_DELETE)]
    if name == "fileinto":
        folder = strings[-1] if strings else ""
        out = [] if ":copy" in tags else [RuleAction(ActionKind.MOVE, folder, roles(folder))]
        if ":flags" in tags and any(s.lower() == "\\seen" for s in strings[:-1] for s in s.split()):
            out.append(RuleAction(ActionKind.MARK_READ))
        return out
    if name in ("addflag", "setflag"):
        flags = [f.lower() for s in strings for f in s.split()]
        return [RuleAction(ActionKind.MARK_READ)] if "\\seen" in flags else []
    if name == "vacation":
        return [RuleAction(ActionKind.AUTO_REPLY)]
    if name == "notify":
        method = next((s for s in strings if s.lower().startswith(("mailto:", "xmpp:", "tel:", "sms:"))), "")
        return [
            RuleAction(
                ActionKind.NOTIFY,
                method.split(":", 1)[1].split("?", 1)[0] if method.lower().startswith("mailto:") else method,
            )
        ]
    if name == "stop":
        return [RuleAction(ActionKind.STOP)]
    if name in ("reject", "ereject"):
        return [RuleAction(ActionKind.OTHER, text("mail.action-refuse"))]
    return []


def script_rules(
    script_text: str, *, script: str, source: str, roles: Roles = role_from_name
) -> Iterator[MailRule]:
    """One MailRule per block of actions in a Sieve script, with the tests that lead to it."""
    parser = _Parser(tokenize(script_text))
    top = parser.commands(0)
    while parser.peek() is not None:  # a stray "}" ended the top level early: read on
        top += parser.commands(0)
    for group in _statements(top):
        raw = script_text[group[0].start : _last_end(group[-1])]
        yield from _walk(group, [], False, raw, script_text, script, source, roles)


def _statements(commands: list[_Command]) -> Iterator[list[_Command]]:
    """Top-level commands grouped: an if with its elsif/else, or a run of plain commands."""
    group: list[_Command] = []
    for command in commands:
        chained = command.name in ("elsif", "else")
        starts_if = command.name == "if"
        if group and (starts_if or (not chained and group[0].name == "if")):
            yield group
            group = []
        group.append(command)
    if group:
        yield group


def _last_end(command: _Command) -> int:
    if command.block:
        return max(command.end, _last_end(command.block[-1]))
    return command.end


def _walk(
    commands: list[_Command],
    conditions: list[Condition],
    any_condition: bool,
    raw: str,
    script_text: str,
    script: str,
    source: str,
    roles: Roles,
) -> Iterator[MailRule]:
    actions: list[RuleAction] = []
    previous: list[Condition] = []
    first: _Command | None = None
    for command in commands:
        if command.name in ("if", "elsif", "else") and command.block is not None:
            tests = [a for a in command.args if isinstance(a, _Test)]
            if command.name == "if":
                previous = []
            own: list[Condition] = []
            any_of = any_condition
            for test in tests:
                found, any_of = _conditions(test)
                own += found
            negated = [Condition(c.field, c.value, not c.negated, c.name) for c in previous]
            chain = conditions + negated + own
            yield from _walk(command.block, chain, any_of, raw, script_text, script, source, roles)
            previous += own
            continue
        done = _action(command, roles)
        if done:
            first = first or command
            actions += done
    if actions and first is not None:
        line = script_text.count("\n", 0, first.start) + 1
        yield MailRule(
            source=source,
            name=text("mail.rule-name-sieve", script=script, line=line),
            enabled=True,
            conditions=tuple(conditions),
            actions=tuple(actions),
            raw=raw,
            any_condition=any_condition,
        )


# --- what could not be read: RFC 5228's grammar, checked strictly -----------------------------

# RFC 5228 and the registered extensions' commands and tests (IANA Sieve extensions registry)
_COMMANDS = frozenset(
    (
        "require",
        "if",
        "elsif",
        "else",
        "stop",
        "keep",
        "discard",
        "redirect",
        "fileinto",
        "reject",
        "ereject",
        "vacation",
        "setflag",
        "addflag",
        "removeflag",
        "notify",
        "denotify",
        "set",
        "include",
        "return",
        "global",
        "break",
        "foreverypart",
        "extracttext",
        "addheader",
        "deleteheader",
        "replace",
        "enclose",
        "convert",
        "error",
        "snooze",
    )
)
_TESTS = frozenset(
    (
        "address",
        "allof",
        "anyof",
        "envelope",
        "exists",
        "false",
        "header",
        "not",
        "size",
        "true",
        "body",
        "date",
        "currentdate",
        "hasflag",
        "string",
        "valid_notify_method",
        "notify_method_capability",
        "duplicate",
        "ihave",
        "mailboxexists",
        "metadata",
        "metadataexists",
        "servermetadata",
        "servermetadataexists",
        "environment",
        "spamtest",
        "virustest",
        "specialuse_exists",
        "valid_ext_list",
    )
)


# Extensions a script may require (IANA Sieve extensions registry), and the commands that need one.
_EXTENSIONS = frozenset(
    (
        "fileinto",
        "reject",
        "ereject",
        "envelope",
        "encoded-character",
        "imap4flags",
        "imapflags",
        "copy",
        "body",
        "variables",
        "vacation",
        "vacation-seconds",
        "relational",
        "subaddress",
        "date",
        "index",
        "ihave",
        "mailbox",
        "mboxmetadata",
        "servermetadata",
        "enotify",
        "notify",
        "environment",
        "spamtest",
        "spamtestplus",
        "virustest",
        "editheader",
        "include",
        "duplicate",
        "foreverypart",
        "mime",
        "extracttext",
        "convert",
        "enclose",
        "replace",
        "regex",
        "extlists",
        "special-use",
        "fcc",
        "mailboxid",
        "redirect-dsn",
        "redirect-deliverby",
        "snooze",
    )
)
_NEEDS = {
    "fileinto": ("fileinto",),
    "reject": ("reject",),
    "ereject": ("ereject",),
    "vacation": ("vacation",),
    "setflag": ("imap4flags", "imapflags"),
    "addflag": ("imap4flags", "imapflags"),
    "removeflag": ("imap4flags", "imapflags"),
    "notify": ("enotify", "notify"),
    "set": ("variables",),
    "include": ("include",),
}


def _unrequired(tokens: list[Token]) -> list[int]:
    """Where a script requires an extension no server knows, or uses a command whose extension it never required
    (a server refuses such a script, so it is damaged, or was changed after the server checked it)."""
    required: set[str] = set()
    bad = []
    for at, token in enumerate(tokens):
        if token.kind != "word" or (at and tokens[at - 1].value not in (";", "{", "}")):
            continue
        name = token.value.lower()
        if name == "require":
            for item in tokens[at + 1 :]:
                if item.value == ";":
                    break
                if item.kind == "string":
                    extension = item.value[1:-1].lower() if item.value.startswith('"') else item.value.lower()
                    required.add(extension)
                    known = extension in _EXTENSIONS or extension.startswith(("vnd.", "comparator-"))
                    if not known:
                        bad.append(item.start)
        elif name in _NEEDS and not required.intersection(_NEEDS[name]):
            bad.append(token.start)
    return bad


def script_problems(script_text: str) -> list[int]:
    """The lines where a script is not readable Sieve (RFC 5228 grammar, known commands and tests,
    closed strings and blocks, readable text); empty when the whole script was read."""
    bad: list[int] = []
    tokens: list[Token] = []
    for match in _TOKEN.finditer(script_text):
        kind, raw = match.lastgroup or "other", match.group()
        unclosed = (
            (kind == "comment" and raw.startswith("/*") and not raw.endswith("*/"))
            or (kind == "string" and (len(raw) < 2 or not raw.endswith('"')))
            or (kind == "multiline" and not re.search(r"(?:^|\n)\.(?:\r?\n)?\Z", raw))
            or kind == "other"
            or "\ufffd" in raw
            or "\x00" in raw
        )
        if unclosed:
            bad.append(match.start())
        if kind not in ("space", "comment"):
            tokens.append(Token("string" if kind == "multiline" else kind, raw, match.start(), match.end()))
        if len(tokens) >= MAX_TOKENS:
            bad.append(match.end())
            break
    checker = _Strict(tokens, len(script_text))
    checker.commands(0)
    bad += _unrequired(tokens)
    return sorted({script_text.count("\n", 0, at) + 1 for at in bad + checker.bad})


class _Strict:
    """A strict reader of the token stream that notes where the grammar is broken and reads on."""

    def __init__(self, tokens: list[Token], end: int) -> None:
        self.tokens = tokens
        self.at = 0
        self.end = end
        self.bad: list[int] = []

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def here(self) -> int:
        token = self.peek()
        return token.start if token else self.end

    def commands(self, depth: int) -> None:
        while (token := self.peek()) is not None:
            if token.value == "}":
                if depth == 0:
                    self.bad.append(token.start)
                    self.at += 1
                    continue
                return
            self.command(depth)

    def command(self, depth: int) -> None:
        token = self.peek()
        assert token is not None
        if token.kind != "word" or token.value.lower() not in _COMMANDS:
            self.fail()
            return
        self.at += 1
        if not self.arguments(depth):
            self.fail()
            return
        token = self.peek()
        if token is not None and token.value == ";":
            self.at += 1
        elif token is not None and token.value == "{" and depth < MAX_DEPTH:
            self.at += 1
            self.commands(depth + 1)
            if (close := self.peek()) is None or close.value != "}":
                self.bad.append(self.here())
            else:
                self.at += 1
        else:
            self.fail()

    def arguments(self, depth: int) -> bool:
        while (token := self.peek()) is not None:
            if token.kind in ("string", "number", "tag"):
                self.at += 1
            elif token.value == "[":
                if not self.string_list():
                    return False
            else:
                break
        token = self.peek()
        if token is not None and token.kind == "word":
            return self.test(depth + 1)
        if token is not None and token.value == "(":
            return self.test_list(depth + 1)
        return True

    def string_list(self) -> bool:
        self.at += 1
        while True:
            token = self.peek()
            if token is None or token.kind != "string":
                return False
            self.at += 1
            token = self.peek()
            if token is not None and token.value == "]":
                self.at += 1
                return True
            if token is None or token.value != ",":
                return False
            self.at += 1

    def test(self, depth: int) -> bool:
        token = self.peek()
        if token is None or token.kind != "word" or token.value.lower() not in _TESTS or depth > MAX_DEPTH:
            return False
        self.at += 1
        return self.arguments(depth)

    def test_list(self, depth: int) -> bool:
        self.at += 1
        while True:
            if not self.test(depth):
                return False
            token = self.peek()
            if token is not None and token.value == ")":
                self.at += 1
                return True
            if token is None or token.value != ",":
                return False
            self.at += 1

    def fail(self) -> None:
        """Note where the grammar broke, then skip to the end of this command (past a ";" or a whole block)."""
        self.bad.append(self.here())
        nested = 0
        while (token := self.peek()) is not None:
            if token.value == "{":
                nested += 1
            elif token.value == "}":
                if nested == 0:
                    return
                nested -= 1
                if nested == 0:
                    self.at += 1
                    return
            elif token.value == ";" and nested == 0:
                self.at += 1
                return
            self.at += 1
