"""The records of a guided check: a step (where to look and what is asked) and the answer given to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from cybercheck.pipeline.model import Severity
from cybercheck.pipeline.words import text


class Choice(str, Enum):
    """What an answer means, whatever words it was given in."""

    YES = "yes"  # something there the person does not recognise
    NO = "no"  # everything there is theirs or expected
    UNSURE = "unsure"
    UNUSED = "unused"  # the person does not use this app or service

    @property
    def words(self) -> str:
        """The default words of this choice."""
        return text(f"guided.choice-{self.value}")


# short words an answers file or another front end may use for each choice
SHORT_WORDS = {
    "yes": Choice.YES,
    "y": Choice.YES,
    "no": Choice.NO,
    "n": Choice.NO,
    "not sure": Choice.UNSURE,
    "unsure": Choice.UNSURE,
    "not used": Choice.UNUSED,
    "unused": Choice.UNUSED,
    "don't use": Choice.UNUSED,
}


@dataclass(frozen=True, slots=True)
class Step:
    """One place to look and the question asked about it."""

    key: str
    thing: str  # what is looked at, in the reader's words ("WhatsApp linked devices")
    ask: str
    where: tuple[tuple[str, str], ...]  # (platform label, exact menu path)
    code: str
    severity: Severity
    subject: str
    uses: str | None = None  # an app or service tag; skipped when the session says it is not used
    note: str | None = None  # something to know before looking (shown with the menu paths)
    yes: str = ""  # the words of each choice as this question offers them
    no: str = ""
    unused: str | None = None  # None: "I don't use this" is not offered

    def words_of(self, choice: Choice) -> str | None:
        """The words this step offers for `choice` (None when it is not offered)."""
        return {Choice.YES: self.yes, Choice.NO: self.no, Choice.UNUSED: self.unused}.get(
            choice, choice.words
        )

    @property
    def choices(self) -> tuple[str, ...]:
        """The choices offered, in order."""
        return tuple(w for w in (self.words_of(c) for c in Choice) if w)

    def choice_of(self, answer: str | None) -> Choice | None:
        """Which choice an answer means: the step's own words for it, or a short word."""
        if answer is None:
            return None
        given = answer.strip()
        for choice in Choice:
            if given == self.words_of(choice):
                return choice
        meant = SHORT_WORDS.get(given.lower())
        if meant is None:
            for choice in Choice:
                if given == choice.words:
                    meant = choice
        return None if meant is Choice.UNUSED and self.unused is None else meant

    def help_text(self) -> str:
        """The menu paths, one per platform, and the note."""
        lines: list[str] = [
            text("guided.where-to-look", platform=label, path=path) for label, path in self.where
        ]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Answer:
    """What the person said about one step of a guided check, and when."""

    check_id: str
    step: Step
    choice: Choice
    when: datetime
