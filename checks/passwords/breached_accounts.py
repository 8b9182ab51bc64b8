"""passwords.breached-accounts: the data breaches an email address appears in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Need
from cybercheck.errors import NeedUnmet, Refused, SourceError

if TYPE_CHECKING:
    from checks.passwords.records import AccountBreaches
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding

_ADDRESS = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,63}$")


class BreachedAccounts(Check):
    """Asks Have I Been Pwned which known data breaches an email address appears in.

    Give the addresses with --input email=ADDRESS (repeat it for more), or as owner addresses
    in the config. It needs your own Have I Been Pwned API key, which is paid and optional:
    buy one at https://haveibeenpwned.com/API/Key and store it once with
    `cybercheck login hibp` (it is kept in the system keyring). Without a key this check is
    not run, and the other password checks still work.

    Each breach is shown with its date and the kinds of data lost. Spam lists and breaches
    that Have I Been Pwned believes were made up are shown as lower concern. The email
    address is sent to haveibeenpwned.com; no password is.
    """

    id = "passwords.breached-accounts"
    title = "Data breaches your email addresses appear in"
    area = Area.ACCOUNTS
    looks_at = "the email addresses given, in Have I Been Pwned's list of data breaches"
    needs = (
        Need.secret(
            "hibp",
            how=(
                "An optional Have I Been Pwned API key (a paid key from https://haveibeenpwned.com/API/Key), "
                "stored with: cybercheck login hibp. Without it, the other password checks still run."
            ),
        ),
        Need.input("email", "owner", how="The email addresses to look up: --input email=ADDRESS (repeatable)."),
        Need.network(),
    )
    blind_spots: ClassVar[tuple[str, ...]] = (
        "Only breaches that have become public and been added to Have I Been Pwned are known.",
        "Being in no breach does not mean nobody else knows the password: they may have guessed or seen it.",
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.passwords import hibp_accounts
        from checks.passwords.grouping import counted
        from checks.passwords.hibp_accounts import account_breaches
        from checks.passwords.judge import judge_breaches

        addresses = _addresses(ctx)
        key = ctx.secret("hibp", "Type your Have I Been Pwned API key (it will not be shown)")
        base = ctx.endpoint("hibp", hibp_accounts.DEFAULT_URL)
        found: list[AccountBreaches] = []
        for address in addresses:
            try:
                found.append(account_breaches(ctx.http, base, key, address))
            except Refused:
                raise
            except SourceError as error:
                ctx.partial(f"{address} was not checked, so it is not known which breaches it is in. {error.plain}")
        if found:
            total = sum(len(f.breaches) for f in found)
            ctx.looked_at(
                f"{counted(len(found), 'email address', 'email addresses')} looked up in Have I Been Pwned; "
                f"{counted(total, 'breach', 'breaches')} found"
            )
        yield from judge_breaches(found)


def _addresses(ctx: Context) -> list[str]:
    given = [a.strip() for a in ctx.inputs("email")] or [o for o in ctx.owner if "@" in o]
    addresses = []
    for address in dict.fromkeys(given):
        if _ADDRESS.match(address):
            addresses.append(address)
        else:
            ctx.partial(f"{address[:80]} is not an email address, so it was not looked up.")
    if not addresses:
        raise NeedUnmet("No email address was given: add one with --input email=ADDRESS.")
    return addresses
