"""The person's own addresses, and whether an address is one of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr

_DOTLESS = frozenset({"gmail.com", "googlemail.com"})


def addr_spec(address: str) -> str:
    """The bare address of a mailbox written with a name or spaces: '"Sam" <sam@example.org>' -> sam@example.org."""
    given = address.strip()
    if "@" not in given or given.lower().startswith("mailto:"):
        return given
    found = parseaddr(given)[1]
    return found if "@" in found else given


def normal_address(address: str) -> str:
    """An address in the form used for comparing: lower case, no "+tag", no dots for Gmail."""
    address = addr_spec(address).strip("<>").lower()
    if address.startswith("mailto:"):
        address = address[len("mailto:") :].split("?", 1)[0]
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    local = local.split("+", 1)[0]
    if domain in _DOTLESS:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


@dataclass(frozen=True, slots=True)
class Owner:
    """The addresses (and whole domains, given as "@example.org") that are the person's own."""

    addresses: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    @classmethod
    def of(cls, values: Iterable[str]) -> Owner:
        """Build from config or input values: addresses, or domains written "@example.org"."""
        addresses, domains = set(), set()
        for value in values:
            value = value.strip().lower()
            if not value:
                continue
            if value.startswith("@"):
                domains.add(value[1:])
            else:
                addresses.add(normal_address(value))
        return cls(frozenset(addresses), frozenset(domains))

    def with_addresses(self, values: Iterable[str]) -> Owner:
        """This owner with more addresses of their own."""
        return Owner(self.addresses | {normal_address(v) for v in values if v.strip()}, self.domains)

    def __contains__(self, address: object) -> bool:
        if not isinstance(address, str) or not address.strip():
            return False
        normal = normal_address(address)
        return normal in self.addresses or normal.rpartition("@")[2] in self.domains

    def __bool__(self) -> bool:
        return bool(self.addresses or self.domains)
