"""The Check base class every check subclasses, and Need: what a check needs to run."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, ClassVar, Literal

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class Area(Enum):
    """Where a check looks; also the order a guided session suggests them in."""

    ACCOUNTS = "accounts"
    DEVICES = "devices"
    NETWORK = "network"
    GUIDED = "guided"

    @property
    def plain(self) -> str:
        """The heading people see for this area."""
        return _PLAIN_AREA[self]


_PLAIN_AREA = {
    Area.ACCOUNTS: "Accounts and passwords",
    Area.DEVICES: "Phones and computers",
    Area.NETWORK: "Home network and identity",
    Area.GUIDED: "Questions to go through together",
}


@dataclass(frozen=True, slots=True)
class Need:
    """Something a check needs before it can run; `how` says in plain words how to give it."""

    kind: Literal["input", "secret", "network", "person"]
    names: tuple[str, ...]  # any one of them meets the need
    how: str

    @classmethod
    def input(cls, *names: str, how: str) -> Need:
        """A value or file given with `--input NAME=VALUE`, the config file or the guide."""
        return cls("input", names, how)

    @classmethod
    def secret(cls, name: str, how: str) -> Need:
        """A password or token from the keyring, the environment, or a hidden prompt."""
        return cls("secret", (name,), how)

    @classmethod
    def person(cls, how: str) -> Need:
        """Someone to answer questions (a terminal, `cybercheck guide` or an answers file)."""
        return cls("person", (), how)

    @classmethod
    def network(cls, how: str = "This check needs the internet; it cannot run with --offline.") -> Need:
        """The internet: unmet under --offline."""
        return cls("network", (), how)


class Check(ABC):
    """A read-only look at one area through one source; found through `cybercheck.checks`.

    Subclasses declare only what differs: the class attributes below and `run`. The class
    docstring is the long description `cybercheck checks show ID` prints, so it should say
    how to give the check its inputs.
    """

    id: ClassVar[str]  # "area.source"; equals its entry-point name
    title: ClassVar[str]  # one line, shown by `cybercheck checks`
    area: ClassVar[Area]
    looks_at: ClassVar[str]  # plain words: what it examines
    needs: ClassVar[tuple[Need, ...]] = ()  # unmet: the check is not run, saying what would let it
    blind_spots: ClassVar[tuple[str, ...]] = ()  # what it cannot see, even when it finds nothing
    # Inputs for `cybercheck demo`: input name -> a path inside the check's own package.
    example_inputs: ClassVar[Mapping[str, str]] = {}

    @abstractmethod
    def run(self, ctx: Context) -> Iterator[Finding]:
        """Yield findings; report what was examined through ctx.looked_at and ctx.partial."""
