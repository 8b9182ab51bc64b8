"""Records for the identity checks: candidate look-alike domains and what DNS holds for them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    """A domain someone could register to pass as the person."""

    domain: str  # as DNS sees it (ASCII, "xn--" for international names)
    display: str  # as a browser may show it (Unicode)
    reason: str  # "name", "username", "typo", "homoglyph", "other-ending"
    based_on: str  # the name, username or domain it was made from


@dataclass(frozen=True, slots=True)
class DomainRecords:
    """What DNS holds for one candidate domain."""

    candidate: Candidate
    exists: bool
    a: tuple[str, ...] = ()
    aaaa: tuple[str, ...] = ()
    mx: tuple[str, ...] = ()
    ns: tuple[str, ...] = ()
    failed: bool = False  # no answer could be had, so whether it exists is unknown
