"""Whether a Sieve script asks (`require`) for every extension it uses, and only for ones that exist.

RFC 5228 section 3.2: a script that requires an extension the server does not know, or uses an
extension's command, test or tag without requiring it, is refused as a whole. No mail server runs
such a script as it is written, so a script read that way was damaged, or is not the script that runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

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
# Tests and uses looked at: far more than any real script has; a damaged one with more already has a gap
# (sieve_script's MAX_CONDITIONS), and walking half a million of them would cost seconds.
MAX_WALKED = 20_000


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
    parts = list(islice(_parts(commands), MAX_WALKED))
    unknown = next(((c, name) for c, name, _args, is_test in parts if is_test and name not in TESTS), None)
    if unknown is not None:  # one is enough to say the script is refused
        line = _line(script_text, unknown[0].start)
        gaps.append(text("mail.sieve-unknown-test", script=script, line=line, test=unknown[1][:MAX_NAMED]))
    if "ihave" in required:
        return gaps
    reported: set[str] = set()
    for command, name, needs in _uses(parts):
        if required.intersection(needs) or needs[0] in reported:
            continue
        reported.add(needs[0])
        line = _line(script_text, command.start)
        gaps.append(
            text("mail.sieve-not-required", script=script, line=line, command=name, extension=needs[0])
        )
    return gaps


Part = tuple[Command, str, list[object], bool]  # (the command it is in, name, arguments, whether a test)


def _parts(commands: list[Command]) -> Iterator[Part]:
    """Every command and every test in it, depth first."""
    for command in commands:
        yield command, command.name.lower(), command.args, False
        for arg in command.args:
            if isinstance(arg, Test):
                yield from _test_parts(command, arg)
        if command.block:
            yield from _parts(command.block)


def _test_parts(command: Command, test: Test) -> Iterator[Part]:
    yield command, test.name.lower(), test.args, True
    for child in test.children:
        yield from _test_parts(command, child)


def _uses(parts: list[Part]) -> Iterator[tuple[Command, str, tuple[str, ...]]]:
    """(command, what it uses, the extensions that provide it) for every command, test and tag."""
    for command, name, args, _is_test in parts:
        if name in _NEEDS:
            yield command, name, _NEEDS[name]
        for tag in sorted(tags(args)):
            if tag in _TAG_NEEDS:
                yield command, tag, _TAG_NEEDS[tag]


def _line(script_text: str, offset: int) -> int:
    return script_text.count("\n", 0, offset) + 1
