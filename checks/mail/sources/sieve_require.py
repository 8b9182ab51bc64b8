"""Whether a Sieve script asks (`require`) for every extension it uses, and only for ones that exist.

RFC 5228 section 3.2: a script that requires an extension the server does not know, or uses an
extension's command, test or tag without requiring it, is refused as a whole. No mail server runs
such a script as it is written, so a script read that way was damaged, or is not the script that runs.
"""

from __future__ import annotations

from collections.abc import Iterator

from checks.mail.sources.sieve_parse import Command, Test, strings, tags
from cybercheck.pipeline.words import Text, text

# The IANA "Sieve Extensions" registry (www.iana.org/assignments/sieve-extensions), with the drafts
# servers still offer (imapflags, notify); "vnd." names are vendors' own, "comparator-" names name a
# comparator, and any server may have either.
EXTENSIONS = frozenset(
    {
        "body", "convert", "copy", "date", "duplicate", "editheader", "encoded-character", "enclose",
        "enotify", "envelope", "envelope-deliverby", "envelope-dsn", "environment", "ereject", "extlists",
        "extracttext", "fcc", "fileinto", "foreverypart", "ihave", "imap4flags", "imapflags", "imapsieve",
        "include", "index", "mailbox", "mailboxid", "mboxmetadata", "mime", "notify", "processcalendar",
        "redirect-deliverby", "redirect-dsn", "regex", "reject", "relational", "replace", "servermetadata",
        "snooze", "spamtest", "spamtestplus", "special-use", "subaddress", "vacation", "vacation-seconds",
        "variables", "virustest",
    }
)  # fmt: skip
_OPEN_PREFIXES = ("vnd.", "comparator-")
# The tests of RFC 5228 and of the registered extensions (and Dovecot's `execute`, Cyrus's `jmapquery`).
TESTS = frozenset(
    {
        "address", "allof", "anyof", "envelope", "exists", "false", "header", "not", "size", "true", "body",
        "date", "currentdate", "hasflag", "string", "environment", "mailboxexists", "mailboxidexists",
        "metadata", "metadataexists", "servermetadata", "servermetadataexists", "duplicate", "ihave",
        "valid_notify_method", "notify_method_capability", "spamtest", "virustest", "specialuse_exists",
        "valid_ext_list", "convert", "execute", "jmapquery",
    }
)  # fmt: skip
# Commands and tests that belong to an extension, and the extensions that provide them.
_NEEDS: dict[str, tuple[str, ...]] = {
    "fileinto": ("fileinto",),
    "reject": ("reject",),
    "ereject": ("ereject", "reject"),
    "vacation": ("vacation",),
    "setflag": ("imap4flags", "imapflags"),
    "addflag": ("imap4flags", "imapflags"),
    "removeflag": ("imap4flags", "imapflags"),
    "hasflag": ("imap4flags", "imapflags"),
    "set": ("variables",),
    "string": ("variables",),
    "include": ("include",),
    "return": ("include",),
    "global": ("include",),
    "notify": ("enotify", "notify"),
    "valid_notify_method": ("enotify",),
    "notify_method_capability": ("enotify",),
    "foreverypart": ("foreverypart",),
    "break": ("foreverypart",),
    "envelope": ("envelope",),
    "body": ("body",),
    "date": ("date",),
    "currentdate": ("date",),
    "environment": ("environment",),
    "mailboxexists": ("mailbox",),
    "duplicate": ("duplicate", "vnd.dovecot.duplicate"),
    "addheader": ("editheader",),
    "deleteheader": ("editheader",),
    "extracttext": ("extracttext",),
    "spamtest": ("spamtest", "spamtestplus"),
    "virustest": ("virustest",),
    "ihave": ("ihave",),
    "error": ("ihave",),
}
_TAG_NEEDS: dict[str, tuple[str, ...]] = {
    ":copy": ("copy",),
    ":regex": ("regex",),
    ":value": ("relational",),
    ":count": ("relational",),
    ":create": ("mailbox",),
    ":flags": ("imap4flags", "imapflags"),
    ":index": ("index",),
    ":last": ("index",),
}
MAX_NAMED = 40  # characters of an unknown extension's name quoted


def requirement_gaps(commands: list[Command], script: str, script_text: str) -> list[Text]:
    """A gap for each extension required that no server knows, and each one used but never required
    (a script that tests `ihave` may use what it has tested for, so the second is not looked at there)."""
    required: set[str] = set()
    gaps: list[Text] = []
    for command in commands:
        if command.name.lower() != "require":
            continue
        for name in strings(
            command.args
        ):  # NOTE: capability names are case-sensitive (Pigeonhole refuses "Fileinto")
            required.add(name)
            if name not in EXTENSIONS and not name.startswith(_OPEN_PREFIXES):
                gaps.append(
                    text(
                        "mail.sieve-unknown-extension",
                        script=script,
                        line=_line(script_text, command.start),
                        extension=name[:MAX_NAMED],
                    )
                )
    for command, test in _all_tests(commands):
        if test.name not in TESTS:
            line = _line(script_text, command.start)
            gaps.append(text("mail.sieve-unknown-test", script=script, line=line, test=test.name[:MAX_NAMED]))
            break  # one is enough to say the script is refused
    if "ihave" in required:
        return gaps
    reported: set[str] = set()
    for command, name, needs in _uses(commands):
        if required.intersection(needs) or needs[0] in reported:
            continue
        reported.add(needs[0])
        line = _line(script_text, command.start)
        gaps.append(
            text("mail.sieve-not-required", script=script, line=line, command=name, extension=needs[0])
        )
    return gaps


def _uses(commands: list[Command]) -> Iterator[tuple[Command, str, tuple[str, ...]]]:
    """(command, what it uses, the extensions that provide it) for every command, test and tag."""
    for command in commands:
        name = command.name.lower()
        if name in _NEEDS:
            yield command, name, _NEEDS[name]
        yield from _tagged(command, command.args)
        for arg in command.args:
            if isinstance(arg, Test):
                yield from _tests(command, arg)
        if command.block:
            yield from _uses(command.block)


def _all_tests(commands: list[Command]) -> Iterator[tuple[Command, Test]]:
    for command in commands:
        for arg in command.args:
            if isinstance(arg, Test):
                yield from _nested(command, arg)
        if command.block:
            yield from _all_tests(command.block)


def _nested(command: Command, test: Test) -> Iterator[tuple[Command, Test]]:
    yield command, test
    for child in test.children:
        yield from _nested(command, child)


def _tests(command: Command, test: Test) -> Iterator[tuple[Command, str, tuple[str, ...]]]:
    name = test.name.lower()
    if name in _NEEDS:
        yield command, name, _NEEDS[name]
    yield from _tagged(command, test.args)
    for child in test.children:
        yield from _tests(command, child)


def _tagged(command: Command, args: list[object]) -> Iterator[tuple[Command, str, tuple[str, ...]]]:
    for tag in sorted(tags(args)):
        if tag in _TAG_NEEDS:
            yield command, tag, _TAG_NEEDS[tag]


def _line(script_text: str, offset: int) -> int:
    return script_text.count("\n", 0, offset) + 1
