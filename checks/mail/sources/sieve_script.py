"""What a Sieve script does to mail, as MailRules: its actions and the tests that lead to them.

Semantics from the RFCs: 5228 (base: keep, discard, redirect, fileinto, stop), 5229
(variables: `set`, `${name}`), 5230 (vacation), 5232 (imap4flags), 5260 (currentdate), 5429
(reject, ereject), 5703 (foreverypart), 6609 (include, return). Each block of actions becomes one
MailRule whose conditions are the tests of every `if` around it. Code that never runs (after an
unconditional `stop`, inside `if false`) is not judged; an explicit `keep` keeps the message in
the inbox whatever else is done with it; a currentdate window gives the rule its end. What the
reader cannot follow is a gap that names the place: text that is not Sieve, an included script it
could not read, a command it reads but does not judge.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from checks.mail.folders import role_from_name
from checks.mail.owner import addr_spec
from checks.mail.records import ActionKind, Condition, FolderRole, MailRule, RuleAction
from checks.mail.sources.sieve_language import Refusal, refusals
from checks.mail.sources.sieve_parse import Command, Test, Token, parse, strings, tagged_string, tags
from checks.mail.sources.values import any_of
from cybercheck.pipeline.words import text

MAX_INCLUDE_DEPTH = 10  # Pigeonhole's default sieve_include_max_nesting_depth
MAX_VALUES = 8  # different values one variable may hold across branches
MAX_GAPS = 12
MAX_CONDITIONS = 1000  # tests in one branch; real filters have a handful, block lists a few hundred
# Commands whose effect on where mail goes is judged; the rest are read but not judged.
_JUDGED = frozenset(
    {
        "require", "if", "elsif", "else", "stop", "keep", "discard", "redirect", "fileinto", "reject",
        "ereject", "vacation", "notify", "set", "include", "return", "global", "addflag", "setflag",
        "removeflag", "foreverypart", "break",
    }
)  # fmt: skip
_VARIABLE = re.compile(r"\$\{([A-Za-z0-9_.]+)\}")

Roles = Callable[[str], FolderRole]
Fetch = Callable[[str, bool], str | None]  # (name, global) -> the included script's text, None if unreadable


@dataclass(frozen=True, slots=True)
class ScriptRead:
    """The rules of a script (with those of the scripts it includes) and what could not be followed."""

    rules: tuple[MailRule, ...]
    gaps: tuple[str, ...]  # sentences (words Text)
    unreached: int = 0  # commands after an unconditional stop: read, never run


@dataclass(frozen=True, slots=True)
class _Where:
    """What a message has passed to reach a block: the tests, how they join, and a date window's end."""

    conditions: tuple[Condition, ...] = ()
    any_condition: bool = False
    until: datetime | None = None
    certain: bool = True  # every message reaches here (no test in the way)


# How a run of commands ends for every message that reaches its end: it does not, or it leaves
# the loop (break), the included script (return) or all scripts (stop).
_GOES_ON, _BREAK, _RETURN, _STOP = 0, 1, 2, 3


@dataclass
class _Script:
    name: str
    text: str
    source: str
    raw: str = ""  # the top-level statement being read, for evidence


class _Reader:
    def __init__(self, source: str, roles: Roles, fetch: Fetch | None, has: Callable[[str], bool]) -> None:
        self.source = source
        self.roles = roles
        self.fetch = fetch
        self.has = has
        self.variables: dict[str, list[str]] = {}
        self.gaps: list[str] = []
        self.unreached = 0
        self.stack: list[str] = []
        self.included_once: set[str] = set()
        self.unjudged: dict[tuple[str, str], list[int]] = {}

    # --- scripts ------------------------------------------------------------------------
    def script(self, script: _Script, where: _Where) -> tuple[list[MailRule], int]:
        parsed = parse(script.text)
        if parsed.cut_at is not None:
            line = _line(script.text, parsed.cut_at)
            self.gaps.append(text("mail.sieve-too-long", script=script.name, line=line))
        if parsed.problems:
            self._unparsed(script, parsed.problems)
        self._refused(script, refusals(parsed.commands))
        self.stack.append(script.name)
        rules, ends = self.block(parsed.commands, where, script, top=True)
        self.stack.pop()
        return rules, ends

    def _unparsed(self, script: _Script, offsets: list[int]) -> None:
        from bisect import bisect_left

        breaks = [
            found.start() for found in re.finditer("\n", script.text)
        ]  # once: damage can leave 100,000 offsets
        lines = sorted({bisect_left(breaks, at) + 1 for at in offsets})
        text_lines = script.text.splitlines() if lines else []
        for line in lines[:MAX_GAPS]:
            snippet = text_lines[line - 1].strip()[:60] if line <= len(text_lines) else ""
            self.gaps.append(text("mail.sieve-unparsed", script=script.name, line=line, snippet=snippet))
        if len(lines) > MAX_GAPS:
            self.gaps.append(
                text("mail.sieve-unparsed-more", script=script.name, count=len(lines) - MAX_GAPS)
            )

    def _refused(self, script: _Script, found: list[Refusal]) -> None:
        """Each kind of place a server would refuse, once, with the lines it is on."""
        lines: dict[tuple[str, str], list[int]] = {}
        for refusal in found:
            lines.setdefault((refusal.key, refusal.name), []).append(_line(script.text, refusal.offset))
        for (key, name), where in list(lines.items())[:MAX_GAPS]:
            numbers = sorted(set(where))
            listed = ", ".join(str(n) for n in numbers[:MAX_GAPS])
            at = text("mail.sieve-at-line" if len(numbers) == 1 else "mail.sieve-at-lines", lines=listed)
            self.gaps.append(text(key, script=script.name, name=name[:60], where=at))

    def include(self, command: Command, where: _Where, script: _Script) -> tuple[list[MailRule], int]:
        names = strings(command.args)
        flags = tags(command.args)
        if not names:
            return [], _GOES_ON
        name = self.expand(names[-1])[0]
        is_global = ":global" in flags
        line = _line(script.text, command.start)
        key = f"{'global' if is_global else 'personal'}:{name}"
        if ":once" in flags and key in self.included_once:
            return [], _GOES_ON
        self.included_once.add(key)
        if name in self.stack or len(self.stack) >= MAX_INCLUDE_DEPTH:
            self.gaps.append(text("mail.sieve-include-loop", script=script.name, line=line, name=name))
            return [], _GOES_ON
        body = self.fetch(name, is_global) if self.fetch is not None else None
        if body is None:
            if ":optional" in flags and not is_global and self.fetch is not None and not self.has(name):
                return [], _GOES_ON  # RFC 6609: a missing optional script is skipped
            why = "mail.sieve-include-global" if is_global else "mail.sieve-include-missing"
            self.gaps.append(text(why, script=script.name, line=line, name=name))
            return [], _GOES_ON
        inner = _Script(name, body, self.source)
        rules, ends = self.script(inner, where)
        return rules, _STOP if ends == _STOP else _GOES_ON

    # --- blocks -------------------------------------------------------------------------
    def block(
        self, commands: list[Command], where: _Where, script: _Script, top: bool = False
    ) -> tuple[list[MailRule], int]:
        """The rules of a run of commands, and how the run ends for every message that reaches it."""
        rules: list[MailRule] = []
        actions: list[RuleAction] = []
        first: Command | None = None
        kept_at: int | None = None  # index in `rules` when an explicit keep ran here
        at = 0
        ends = _GOES_ON
        run_start: int | None = None  # where the current run of top-level plain commands began
        while at < len(commands):
            command = commands[at]
            if top and _opens(commands, at):
                script.raw = script.text[command.start : _last_end(_chain(commands, at)[-1])]
            elif top and run_start is None:
                run_start = command.start
            if command.name == "if" and command.block is not None:
                chain = _chain(commands, at)
                found, ends = self.chain(chain, where, script)
                rules += found
                at += len(chain)
            elif command.name in ("elsif", "else"):
                self._unparsed(script, [command.start])  # a branch with no "if" before it
                at += 1
            elif command.name == "include":
                found, ends = self.include(command, where, script)
                rules += found
                at += 1
            elif command.name == "foreverypart" and command.block is not None:
                found, inner = self.block(command.block, where, script)
                rules += found
                ends = _GOES_ON if inner == _BREAK else inner
                at += 1
            else:
                at += 1
                ends = self.simple(command, where, script, actions)
                if command.name == "keep":
                    kept_at = len(rules) if kept_at is None else kept_at
                elif actions and first is None:
                    first = command
            if top and (ends != _GOES_ON or at >= len(commands) or _opens(commands, at)):
                if actions and first is not None and run_start is not None:
                    script.raw = script.text[run_start : commands[at - 1].end]
                    rules.append(self.rule(actions, first, where, script))
                actions, first, run_start = [], None, None
            if ends != _GOES_ON:
                self.unreached += sum(_count(c) for c in commands[at:])
                break
        if actions and first is not None:
            rules.append(self.rule(actions, first, where, script))
        if kept_at is not None:
            changed = [_kept(r) if i >= kept_at or not _stops(r) else r for i, r in enumerate(rules)]
            rules = [r for r in changed if r is not None]
        return rules, ends

    def chain(self, chain: list[Command], where: _Where, script: _Script) -> tuple[list[MailRule], int]:
        """An if with its elsif and else branches: the rules of each branch that can run."""
        rules: list[MailRule] = []
        previous: list[Condition] = []
        ends: list[int] = []
        covered = False  # a branch that every message reaching it takes
        for command in chain:
            if command.block is None:
                continue
            tests = [a for a in command.args if isinstance(a, Test)]
            truth = True if command.name == "else" else _truth(tests[0]) if tests else None
            if truth is False:
                continue
            own: list[Condition] = []
            any_condition = where.any_condition
            for test in tests:
                found, any_condition = _conditions(test)
                own += found
            if (
                len(own) > MAX_CONDITIONS
            ):  # each later branch carries them all again: damage would take minutes
                self.gaps.append(text("mail.sieve-too-many-conditions", script=script.name, count=len(own)))
                own = own[:MAX_CONDITIONS]
            negated = [dataclasses.replace(c, negated=not c.negated) for c in previous]
            inner = _Where(
                conditions=(*where.conditions, *negated, *own),
                any_condition=any_condition,
                until=_earliest(where.until, _until(tests[0]) if tests else None),
                certain=where.certain and truth is True and not previous,
            )
            found_rules, branch_ends = self.block(command.block, inner, script)
            rules += found_rules
            ends.append(branch_ends)
            previous += own
            if truth is True:
                covered = True
                break
        return rules, (min(ends) if ends and covered else _GOES_ON)

    def simple(self, command: Command, where: _Where, script: _Script, actions: list[RuleAction]) -> int:
        """One command that is not a block: its actions added, and whether it ends the run."""
        name = command.name
        if name == "stop":
            actions.append(RuleAction(ActionKind.STOP))
            return _STOP
        if name == "return":
            return _RETURN
        if name == "break":
            return _BREAK
        if name == "set":
            self.set(command, where)
        elif name not in _JUDGED:
            line = _line(script.text, command.start)
            self.unjudged.setdefault((script.name, name), []).append(line)
        else:
            actions += self.actions(command)
        return _GOES_ON

    def set(self, command: Command, where: _Where) -> None:
        """RFC 5229 `set`: the variable's value, or one more value it may have when set under a test."""
        given = strings(command.args)
        if len(given) < 2:
            return
        name = given[-2].lower().removeprefix("global.")
        values = [_modified(v, tags(command.args)) for v in self.expand(given[-1])]
        if where.certain:
            self.variables[name] = values
        else:
            known = self.variables.get(name, [])
            self.variables[name] = list(dict.fromkeys([*known, *values]))[:MAX_VALUES]

    def expand(self, value: str) -> list[str]:
        """A string with its variables replaced: every value it may have (unknown ones kept as written)."""
        out = [value]
        for match in _VARIABLE.finditer(value):
            name = match.group(1).lower().removeprefix("global.")
            if name not in self.variables:
                continue  # a match variable (${1}) or one set where we cannot see: shown as written
            out = [o.replace(match.group(0), v) for o in out for v in self.variables[name]][:MAX_VALUES]
        return out

    def actions(self, command: Command) -> list[RuleAction]:
        given = [v for s in strings(command.args) for v in self.expand(s)]
        flags = tags(command.args)
        name = command.name
        if name == "redirect":
            targets = [self.expand(s) for s in strings(command.args)[-1:]]
            return [
                RuleAction(ActionKind.REDIRECT, addr_spec(t), keeps_copy=":copy" in flags)
                for t in (targets[0] if targets else [""])
            ]
        if name == "discard":
            return [RuleAction(ActionKind.PERMANENT_DELETE)]
        if name == "fileinto":
            folder = given[-1] if given else ""
            out = [] if ":copy" in flags else [RuleAction(ActionKind.MOVE, folder, self.roles(folder))]
            named = [f.lower() for s in given[:-1] for f in s.split()]
            if ":flags" in flags and "\\seen" in named:
                out.append(RuleAction(ActionKind.MARK_READ, folder))  # only the filed copy is read
            return out
        if name in ("addflag", "setflag"):
            marks = [f.lower() for s in given for f in s.split()]
            return [RuleAction(ActionKind.MARK_READ)] if "\\seen" in marks else []
        if name == "vacation":
            return [RuleAction(ActionKind.AUTO_REPLY)]
        if name == "notify":
            return [_notify(given)]
        if name in ("reject", "ereject"):
            return [RuleAction(ActionKind.REFUSE)]
        return []  # keep (applied to the block), require, global, removeflag

    def rule(self, actions: list[RuleAction], first: Command, where: _Where, script: _Script) -> MailRule:
        line = _line(script.text, first.start)
        return MailRule(
            source=script.source
            if len(self.stack) == 1
            else text("mail.sieve-included", script=script.name, source=self.source),
            name=text("mail.rule-name-sieve", script=script.name, line=line),
            enabled=True,
            conditions=where.conditions,
            actions=tuple(actions),
            raw=script.raw,
            any_condition=where.any_condition,
            until=where.until,
        )


def read_script(
    script_text: str,
    *,
    script: str,
    source: str,
    roles: Roles = role_from_name,
    fetch: Fetch | None = None,
    has: Callable[[str], bool] = lambda name: False,
) -> ScriptRead:
    """The rules of a Sieve script, following its includes through `fetch`, and what it could not follow.

    Without `fetch`, every include is a gap. `has` says whether a personal script of that name
    exists at all, so that a missing `:optional` one is skipped as RFC 6609 says.
    """
    reader = _Reader(source, roles, fetch, has)
    rules, _ = reader.script(_Script(script, script_text, source), _Where())
    for (name, command), lines in reader.unjudged.items():
        listed = ", ".join(str(n) for n in lines[:MAX_GAPS])
        key = "mail.sieve-not-judged" if len(lines) == 1 else "mail.sieve-not-judged-lines"
        reader.gaps.append(text(key, script=name, command=command, lines=listed))
    return ScriptRead(tuple(rules), tuple(reader.gaps), reader.unreached)


def included_names(script_text: str) -> list[tuple[str, bool]]:
    """The scripts a script includes, by name and whether they are global, as written."""
    found: list[tuple[str, bool]] = []

    def visit(commands: list[Command]) -> None:
        for command in commands:
            if command.name == "include" and (names := strings(command.args)):
                found.append((names[-1], ":global" in tags(command.args)))
            if command.block:
                visit(command.block)

    visit(parse(script_text).commands)
    return list(dict.fromkeys(found))


# --- helpers -------------------------------------------------------------------------------
def _line(script_text: str, offset: int) -> int:
    return script_text.count("\n", 0, offset) + 1


def _chain(commands: list[Command], at: int) -> list[Command]:
    """The command at `at` with the elsif and else branches that follow an if."""
    if commands[at].name != "if":
        return [commands[at]]
    end = at + 1
    while end < len(commands) and commands[end].name in ("elsif", "else"):
        end += 1
    return commands[at:end]


def _opens(commands: list[Command], at: int) -> bool:
    return at < len(commands) and commands[at].name in ("if", "include", "foreverypart")


def _last_end(command: Command) -> int:
    if command.block:
        return max(command.end, _last_end(command.block[-1]))
    return command.end


def _count(command: Command) -> int:
    return 1 + sum(_count(c) for c in command.block or [])


def _stops(rule: MailRule) -> bool:
    return any(a.kind is ActionKind.STOP for a in rule.actions)


def _kept(rule: MailRule) -> MailRule | None:
    """A rule whose message an explicit keep also leaves in the inbox: filing copies, discarding does nothing."""
    actions = []
    for action in rule.actions:
        if action.kind is ActionKind.MOVE:
            action = RuleAction(
                ActionKind.OTHER, text("mail.action-copy-to-named-folder", folder=action.target)
            )
        elif action.kind is ActionKind.PERMANENT_DELETE or (
            action.kind is ActionKind.MARK_READ and action.target
        ):
            continue  # discard only cancels the implicit keep; the read flag was on the filed copy
        elif action.kind is ActionKind.REDIRECT:
            action = dataclasses.replace(action, keeps_copy=True)
        actions.append(action)
    return dataclasses.replace(rule, actions=tuple(actions)) if actions else None


def _notify(given: list[str]) -> RuleAction:
    method = next((s for s in given if s.lower().startswith(("mailto:", "xmpp:", "tel:", "sms:"))), "")
    if method.lower().startswith("mailto:"):
        return RuleAction(ActionKind.NOTIFY, addr_spec(method.split(":", 1)[1].split("?", 1)[0]))
    return RuleAction(ActionKind.NOTIFY, method)


def _modified(value: str, modifiers: set[str]) -> str:
    if ":lower" in modifiers:
        value = value.lower()
    if ":upper" in modifiers:
        value = value.upper()
    if ":length" in modifiers:
        value = str(len(value))
    return value


def _truth(test: Test) -> bool | None:
    """Whether a test holds for every message (True), none (False), or depends on the message (None)."""
    if test.name == "true":
        return True
    if test.name == "false":
        return False
    if test.name == "not" and test.children:
        inner = _truth(test.children[0])
        return None if inner is None else not inner
    if test.name in ("allof", "anyof") and test.children:
        values = [_truth(c) for c in test.children]
        if test.name == "allof":
            return False if False in values else True if all(v is True for v in values) else None
        return True if True in values else False if all(v is False for v in values) else None
    return None


def _until(test: Test) -> datetime | None:
    """The end of a currentdate window (RFC 5260) that a test requires, or None."""
    if test.name == "allof":
        return _earliest(*(_until(c) for c in test.children))
    if test.name == "anyof" and test.children:
        ends = [_until(c) for c in test.children]
        return None if None in ends else max(e for e in ends if e is not None)
    if test.name != "currentdate":
        return None
    relation = (tagged_string(test.args, ":value") or "").lower()
    given = strings(test.args)
    if relation not in ("le", "lt") or len(given) < 3:
        return None
    return _moment(given[-2].lower(), strings(test.args[-1:]))


def _moment(part: str, keys: list[str]) -> datetime | None:
    moments = []
    for key in keys:
        try:
            if part == "iso8601":
                moment = datetime.fromisoformat(key)
                moments.append(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
            elif part == "date":  # a day in the server's zone: its end, a day late to be sure
                moments.append(datetime.fromisoformat(key).replace(tzinfo=UTC) + timedelta(days=2))
        except ValueError:
            return None
    return max(moments) if moments else None


def _earliest(*moments: datetime | None) -> datetime | None:
    given = [m for m in moments if m is not None]
    return min(given) if given else None


def _field(header: str) -> tuple[str, str]:
    """The condition field a header stands for, and the header's name when it is not one of them."""
    header = header.lower()
    if header in ("from", "sender", "reply-to", "return-path"):
        return "from", ""
    if header in ("to", "cc", "bcc", "delivered-to", "x-original-to"):
        return "to", ""
    return ("subject", "") if header == "subject" else ("header", header)


def _conditions(test: Test, negated: bool = False) -> tuple[list[Condition], bool]:
    """Conditions of a test, and whether any one of them is enough (anyof)."""
    if test.name in ("allof", "anyof"):
        out: list[Condition] = []
        for child in test.children:
            out += _conditions(child, negated)[0]
        return out, (test.name == "anyof") != negated
    if test.name == "not" and test.children:
        return _conditions(test.children[0], not negated)
    values = strings(test.args)
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
        return [], strings(string_args)
    return strings(string_args[-2:-1]), strings(string_args[-1:])
