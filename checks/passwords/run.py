"""Run steps the password checks share: where the passwords come from, how they are looked up, coverage."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checks.passwords.counting import and_more, counted
from cybercheck.errors import NeedUnmet, Refused, SourceError
from cybercheck.pipeline.words import text

if TYPE_CHECKING:
    from checks.passwords.records import AccountBreaches, Exposure, Lookup, PasswordEntry, StrengthRating
    from cybercheck.pipeline.context import Context

EXPORT_INPUT = "passwords"
_ADDRESS = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,63}$")


def exported_entries(ctx: Context) -> list[PasswordEntry] | None:
    """The entries of the export given as `--input passwords=FILE`, coverage recorded; None without one."""
    from checks.passwords.grouping import distinct_sites
    from checks.passwords.sources.exports import read_export

    path = ctx.input_path(EXPORT_INPUT)
    if path is None:
        return None
    read = read_export(path)
    fields = {
        "passwords": counted(
            len(read.entries), "passwords.saved-password-one", "passwords.saved-password-many"
        ),
        "sites": counted(len(distinct_sites(read.entries)), "passwords.site-one", "passwords.site-many"),
        "name": path.name,
        "format": read.format,
        "entries": counted(read.rows, "passwords.entry-one", "passwords.entry-many"),
    }
    if read.without_password:
        ctx.looked_at(text("passwords.export-read-skipped", skipped=read.without_password, **fields))
    else:
        ctx.looked_at(text("passwords.export-read", **fields))
    for problem in read.problems:
        ctx.partial(problem)
    if not read.entries:
        ctx.partial(text("passwords.export-held-none", name=path.name))
    return list(read.entries)


def given_passwords(ctx: Context) -> list[PasswordEntry]:
    """The passwords of the export given, else those typed at a hidden prompt; NeedUnmet when none."""
    from checks.passwords.sources.typed import typed_passwords

    exported = exported_entries(ctx)
    if exported is not None:
        return exported
    typed = typed_passwords(ctx.ask_hidden) if ctx.named else []
    if not typed:
        raise NeedUnmet(text("passwords.no-passwords"))
    ctx.looked_at(
        text(
            "passwords.typed-read",
            passwords=counted(len(typed), "passwords.password-one", "passwords.password-many"),
        )
    )
    return typed


def pwned_exposures(ctx: Context) -> list[Exposure]:
    """How often each distinct password was seen in breaches, by the offline corpus or the range API."""
    from checks.passwords.grouping import group_by_password
    from checks.passwords.records import Exposure
    from checks.passwords.sources import range_api
    from checks.passwords.sources.corpus import corpus_counts, open_corpus

    corpus_path = ctx.input_path("pwned-corpus")
    if corpus_path is None and ctx.offline:
        raise NeedUnmet(text("passwords.needs-internet-or-corpus"))
    groups = group_by_password(given_passwords(ctx))
    secrets = [group[0].password for group in groups]
    if corpus_path is not None:
        corpus = open_corpus(corpus_path, lookups=len(secrets))
        try:
            lookup = corpus_counts(corpus, secrets)
        finally:
            corpus.close()
        checked_by = text("passwords.checked-by-corpus", name=corpus_path.name, kind=corpus.kind)
    else:
        lookup = range_api.range_counts(
            ctx.http,
            ctx.endpoint("pwned", range_api.DEFAULT_URL),
            secrets,
            start_progress=lambda total: ctx.progress(total, text("passwords.checking-progress")),
        )
        checked_by = text("passwords.checked-by-api")
    checked = counted(
        len(groups) - len(lookup.failed),
        "passwords.different-password-one",
        "passwords.different-password-many",
    )
    ctx.looked_at(text("passwords.pwned-checked", passwords=checked, checked_by=checked_by))
    _report_gaps(ctx, groups, lookup)
    return [Exposure(g, c, checked_by) for g, c in zip(groups, lookup.counts, strict=True) if c is not None]


def _report_gaps(ctx: Context, groups: list[tuple[PasswordEntry, ...]], lookup: Lookup) -> None:
    if not lookup.failed:
        return
    missed = [entry for position in lookup.failed for entry in groups[position]]
    ctx.partial(
        text(
            "passwords.pwned-gap",
            passwords=counted(len(lookup.failed), "passwords.password-one", "passwords.password-many"),
            accounts=and_more(list(dict.fromkeys(e.label for e in missed)), 10),
            problems=" ".join(lookup.problems),
        )
    )


def compared_entries(ctx: Context) -> tuple[list[PasswordEntry], list[tuple[PasswordEntry, ...]]]:
    """The entries of the export given and their groups by password, with coverage recorded."""
    from checks.passwords.grouping import group_by_password

    entries = exported_entries(ctx) or []
    groups = group_by_password(entries)
    saved = counted(len(entries), "passwords.saved-password-one", "passwords.saved-password-many")
    ctx.looked_at(text("passwords.reuse-compared", passwords=saved, different=f"{len(groups):,}"))
    return entries, groups


def strength_ratings(ctx: Context, groups: list[tuple[PasswordEntry, ...]]) -> list[StrengthRating]:
    """The strength estimator's rating of each distinct password; a gap when the estimator is missing."""
    if not groups:
        return []
    try:
        from checks.passwords.sources.strength import estimator_name, rate

        ratings = [rate(group) for group in groups]
    except ImportError:
        ctx.partial(text("passwords.no-estimator"))
        return []
    ctx.looked_at(text("passwords.strength-estimated", count=len(ratings), estimator=estimator_name()))
    return ratings


def breached_accounts(ctx: Context) -> list[AccountBreaches]:
    """The breaches each email address given is in, asked of Have I Been Pwned with the person's key."""
    from checks.passwords.sources import hibp_accounts

    addresses = _addresses(ctx)
    key = ctx.secret("hibp", text("passwords.hibp-key-prompt"))
    base = ctx.endpoint("hibp", hibp_accounts.DEFAULT_URL)
    found: list[AccountBreaches] = []
    for address in addresses:
        try:
            found.append(hibp_accounts.account_breaches(ctx.http, base, key, address))
        except Refused:
            raise
        except SourceError as error:
            ctx.partial(text("passwords.address-not-checked", address=address, reason=error.plain))
    if found:
        total = sum(len(f.breaches) for f in found)
        ctx.looked_at(
            text(
                "passwords.accounts-looked-up",
                addresses=counted(len(found), "passwords.email-address-one", "passwords.email-address-many"),
                breaches=counted(total, "passwords.breach-one", "passwords.breach-many"),
            )
        )
    return found


def _addresses(ctx: Context) -> list[str]:
    given = [a.strip() for a in ctx.inputs("email")] or [o for o in ctx.owner if "@" in o]
    addresses = []
    for address in dict.fromkeys(given):
        if _ADDRESS.match(address):
            addresses.append(address)
        else:
            ctx.partial(text("passwords.not-an-address", address=address[:80]))
    if not addresses:
        raise NeedUnmet(text("passwords.no-address"))
    return addresses
