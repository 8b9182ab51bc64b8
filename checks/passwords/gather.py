"""Where the checks' passwords come from: a password-manager export, or a hidden prompt."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from checks.passwords.records import PasswordEntry
    from cybercheck.pipeline.context import Context

EXPORT_INPUT = "passwords"
EXPORT_HOW = (
    "A password manager's export: --input passwords=FILE. Bitwarden, 1Password, LastPass, Chrome, "
    "Edge, Firefox, Safari or Apple Passwords, and KeePassXC exports are recognised."
)


def exported_entries(ctx: Context) -> list[PasswordEntry] | None:
    """The entries of the export given as `--input passwords=FILE`, with coverage recorded; None if none was given."""
    from checks.passwords.exports import read_export
    from checks.passwords.grouping import counted, distinct_sites

    path = ctx.input_path(EXPORT_INPUT)
    if path is None:
        return None
    read = read_export(path)
    skipped = f"; {read.without_password} without a password were skipped" if read.without_password else ""
    ctx.looked_at(
        f"{counted(len(read.entries), 'saved password')} for {counted(len(distinct_sites(read.entries)), 'site')} "
        f"in {path.name}, recognised as a {read.format} export ({counted(read.rows, 'entry', 'entries')}{skipped})"
    )
    for problem in read.problems:
        ctx.partial(problem)
    if not read.entries:
        ctx.partial(f"{path.name} held no saved passwords, so there was nothing to check.")
    return list(read.entries)


def name_accounts(entries: list[PasswordEntry], most: int = 10) -> str:
    """ "a (x), b (y) and 3 more": the accounts a gap is about, by site and username."""
    labels = list(dict.fromkeys(e.label for e in entries))
    named = ", ".join(labels[:most])
    return f"{named} and {len(labels) - most} more" if len(labels) > most else named
