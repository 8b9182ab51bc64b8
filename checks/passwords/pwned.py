"""passwords.pwned: passwords that appear in Have I Been Pwned's list of breached passwords."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check
from cybercheck.errors import NeedUnmet

if TYPE_CHECKING:
    from checks.passwords.range_api import Lookup
    from checks.passwords.records import PasswordEntry
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class PwnedPasswords(Check):
    """Checks passwords against Have I Been Pwned's list of passwords seen in data breaches.

    Where the passwords come from:
      - a password manager's export: --input passwords=FILE (Bitwarden CSV or JSON, 1Password
        CSV, LastPass, Chrome or Edge, Firefox, Safari or Apple Passwords, KeePassXC; a zip or
        folder holding one works too). Entries are named by site and username, never by password.
      - otherwise, typed one after another at a hidden prompt (an empty line ends).

    Only the first five characters of each password's SHA-1 hash are sent to
    api.pwnedpasswords.com, with padding so that the answer's size gives nothing away; the
    password itself never leaves this computer, and nothing about it is saved.

    With no internet at all, --input pwned-corpus=PATH searches a downloaded copy of the list
    instead: the single sorted file or the folder made by the official Pwned Passwords
    downloader, SHA-1 or NTLM. Then nothing is sent anywhere.
    """

    id = "passwords.pwned"
    title = "Passwords that have appeared in data breaches"
    area = Area.ACCOUNTS
    looks_at = "passwords from a password manager's export or typed at a hidden prompt, against Have I Been Pwned"
    blind_spots: ClassVar[tuple[str, ...]] = (
        "A password that was never in a breach can still be known to someone: guessed, seen being typed, or shared.",
        "It cannot tell whether someone has already used a password to get into an account.",
    )
    example_inputs: ClassVar[dict[str, str]] = {
        "passwords": "examples/demo-export.csv",
        "pwned-corpus": "examples/pwned-demo-sha1.txt",
    }

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.passwords import range_api
        from checks.passwords.corpus import corpus_counts, open_corpus
        from checks.passwords.grouping import counted, group_by_password
        from checks.passwords.judge import judge_exposures
        from checks.passwords.records import Exposure

        corpus_path = ctx.input_path("pwned-corpus")
        if corpus_path is None and ctx.offline:
            raise NeedUnmet(
                "Checking passwords needs the internet, or a downloaded copy of the list given with "
                "--input pwned-corpus=PATH, so they were not checked."
            )
        entries = _passwords(ctx)
        groups = group_by_password(entries)
        secrets = [group[0].password for group in groups]
        if corpus_path is not None:
            corpus = open_corpus(corpus_path, lookups=len(secrets))
            try:
                lookup = corpus_counts(corpus, secrets)
            finally:
                corpus.close()
            checked_by = f"downloaded Pwned Passwords list {corpus_path.name} ({corpus.kind}), searched offline"
        else:
            lookup = range_api.range_counts(
                ctx.http,
                ctx.endpoint("pwned", range_api.DEFAULT_URL),
                secrets,
                start_progress=lambda total: ctx.progress(total, "Checking passwords with Have I Been Pwned"),
            )
            checked_by = "Pwned Passwords range API (only 5 characters of each SHA-1 hash were sent)"
        checked = len(groups) - len(lookup.failed)
        ctx.looked_at(f"{counted(checked, 'different password')} checked against the {checked_by}")
        _report_gaps(ctx, groups, lookup)
        exposures = [Exposure(g, c, checked_by) for g, c in zip(groups, lookup.counts) if c is not None]
        yield from judge_exposures(exposures)


def _passwords(ctx: Context) -> list[PasswordEntry]:
    from checks.passwords.gather import exported_entries
    from checks.passwords.grouping import counted
    from checks.passwords.typed import typed_passwords

    exported = exported_entries(ctx)
    if exported is not None:
        return exported
    typed = typed_passwords(ctx.ask_hidden) if ctx.named else []
    if not typed:
        raise NeedUnmet(
            "No passwords were given: give a password manager's export with --input passwords=FILE, "
            "or run `cybercheck scan --check passwords.pwned` where you can type passwords at a hidden prompt."
        )
    ctx.looked_at(f"{counted(len(typed), 'password')} typed at a hidden prompt")
    return typed


def _report_gaps(ctx: Context, groups: list[tuple[PasswordEntry, ...]], lookup: Lookup) -> None:
    from checks.passwords.gather import name_accounts
    from checks.passwords.grouping import counted

    if not lookup.failed:
        return
    missed = [entry for position in lookup.failed for entry in groups[position]]
    ctx.partial(
        f"{counted(len(lookup.failed), 'password')} could not be checked, so it is not known whether they were in "
        f"breaches: the ones for {name_accounts(missed)}. " + " ".join(lookup.problems)
    )
