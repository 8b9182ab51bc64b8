"""The Check base class every check subclasses, and Need: what a check needs to run."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, ClassVar, Literal

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding
    from cybercheck.pipeline.words import CheckWords


class Area(Enum):
    """Where a check looks; also the order a guided session suggests them in."""

    ACCOUNTS = "accounts"
    DEVICES = "devices"
    NETWORK = "network"
    GUIDED = "guided"

    @property
    def plain(self) -> str:
        """The heading people see for this area."""
        from cybercheck.pipeline.words import text

        return text(_AREA_WORDS[self])


_AREA_WORDS = {
    Area.ACCOUNTS: "cybercheck.area-accounts",
    Area.DEVICES: "cybercheck.area-devices",
    Area.NETWORK: "cybercheck.area-network",
    Area.GUIDED: "cybercheck.area-guided",
}


InputKind = Literal["file", "folder", "path", "value", "secret"]


@dataclass(frozen=True, slots=True)
class Input:
    """An input a check reads; its label and hint are words, in the area's words.yaml `inputs`."""

    name: str
    kind: InputKind = "value"  # "path": a file or a folder
    many: bool = False  # may be given more than once

    @property
    def is_path(self) -> bool:
        """Whether the input names a file or folder on this computer."""
        return self.kind in ("file", "folder", "path")


@dataclass(frozen=True, slots=True)
class Need:
    """Something a check needs before it can run; how to meet it is in the check's words, by `name`."""

    kind: Literal["input", "secret", "network", "person"]
    names: tuple[str, ...]  # any one of them meets the need
    how: str = ""  # only for checks without words of their own; built-in checks keep this in words.yaml

    @property
    def name(self) -> str:
        """The key of this need's words: its first input or secret name, or its kind."""
        return self.names[0] if self.names else self.kind

    @classmethod
    def input(cls, *names: str, how: str = "") -> Need:
        """A value or file given with `--input NAME=VALUE`, the config file or the guide."""
        return cls("input", names, how)

    @classmethod
    def secret(cls, name: str, how: str = "") -> Need:
        """A password or token from the keyring, the environment, or a hidden prompt."""
        return cls("secret", (name,), how)

    @classmethod
    def person(cls, how: str = "") -> Need:
        """Someone to answer questions (a terminal, `cybercheck guide` or an answers file)."""
        return cls("person", (), how)

    @classmethod
    def network(cls, how: str = "") -> Need:
        """The internet: unmet under --offline."""
        return cls("network", (), how)


class CheckType(ABCMeta):
    """The type of every check: a check's words (title, what it looks at ...) come from its area's data.

    A check that has no words entry, or that declares its own title, keeps whatever it declares
    itself: a third-party check written before words were data, or a test's stand-in under a
    built-in check's id, still shows its own.
    """

    def _declared(cls, name: str, default: object) -> object:
        for klass in cls.__mro__:
            if name in klass.__dict__:
                return klass.__dict__[name]
        return default

    def _words(cls) -> CheckWords | None:
        from cybercheck.pipeline.words import check_words

        if "title" in cls.__dict__:  # a check that names itself (a stand-in, a plugin) keeps its own words
            return None
        return check_words(str(cls._declared("id", "")))

    @property
    def title(cls) -> str:
        """One line, shown by `cybercheck checks`."""
        found = cls._words()
        return found.title if found else str(cls._declared("title", cls._declared("id", cls.__name__)))

    @property
    def looks_at(cls) -> str:
        """Plain words: what the check examines."""
        found = cls._words()
        return found.looks_at if found else str(cls._declared("looks_at", ""))

    @property
    def about(cls) -> str:
        """The long description `cybercheck checks show ID` prints."""
        found = cls._words()
        if found and found.about:
            return found.about
        return cls.__doc__ or ""

    @property
    def blind_spots(cls) -> tuple[str, ...]:
        """What the check cannot see, even when it finds nothing."""
        found = cls._words()
        declared = cls._declared("blind_spots", ())
        return found.blind_spots if found else tuple(declared) if isinstance(declared, (tuple, list)) else ()

    def how(cls, need: Need) -> str:
        """Plain words: how to meet `need` for this check.

        The words are under the need's name; an input and a secret that share a name (mail.sieve's
        server "imap" and its password "imap") are told apart as "input.imap" and "secret.imap".
        """
        found = cls._words()
        for key in (f"{need.kind}.{need.name}", need.name):
            if found and key in found.needs:
                return found.needs[key]
        if need.how:
            return need.how
        from cybercheck.pipeline.words import text

        return text(f"cybercheck.need-{need.kind}", name=need.name)

    def how_guided(cls, need: Need) -> str:
        """Plain words: how to meet `need` in the guide or the web app, with no flags or commands.

        From the check's `needs_guided` words when it has them; otherwise made from the label of
        the input or secret ("It needs the Google Takeout export.").
        """
        from cybercheck.pipeline.words import input_words, secret_words, text

        found = cls._words()
        for key in (f"{need.kind}.{need.name}", need.name):
            if found and key in found.needs_guided:
                return found.needs_guided[key]
        area = str(cls._declared("id", "")).partition(".")[0]
        if need.kind in ("input", "secret"):
            words = (input_words if need.kind == "input" else secret_words)(area, need.name)
            if words is not None:
                return str(text(f"cybercheck.guided-need-{need.kind}", label=_in_sentence(words.label)))
            return (
                cls.how(need)
                if need.how
                else str(text(f"cybercheck.guided-need-{need.kind}", label=need.name))
            )
        return str(text(f"cybercheck.guided-need-{need.kind}"))


def _in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "The Google Takeout export" -> "the Google Takeout export"."""
    first, _, rest = label.partition(" ")
    return f"{first.lower()} {rest}" if first in ("The", "A", "An", "Your") and rest else label


class Check(metaclass=CheckType):
    """A read-only look at one area through one source; found through `cybercheck.checks`.

    Subclasses declare only what differs: the class attributes below and `run`. What people
    read about a check (title, what it looks at, its description, blind spots and how to meet
    each need) is in its area's words.yaml under `checks: <name>` (see `CheckType`).
    """

    id: ClassVar[str]  # "area.source"; equals its entry-point name; the area names its words
    area: ClassVar[Area]
    inputs: ClassVar[tuple[Input, ...]] = ()  # every input it reads, needed or not
    needs: ClassVar[tuple[Need, ...]] = ()  # unmet: the check is not run, saying what would let it
    aliases: ClassVar[tuple[str, ...]] = ()  # earlier ids, still accepted by --check and the config file
    # Inputs for `cybercheck demo`: input name -> a path inside the check's own package.
    example_inputs: ClassVar[Mapping[str, str]] = {}
    # Values the demo gives besides the example files (who a timeline is about): input name -> values.
    example_values: ClassVar[Mapping[str, tuple[str, ...]]] = {}

    @abstractmethod
    def run(self, ctx: Context) -> Iterator[Finding]:
        """Yield findings; report what was examined through ctx.looked_at and ctx.partial."""
