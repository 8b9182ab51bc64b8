"""What every guided check shares: questions from steps.yaml, each answer turned into a finding or coverage.

A guided check looks where no API reaches: the person opens a menu on their own phone or
in a browser, and says what they see. Each step names the exact menu path for Android,
iPhone and the web, asks one question, and maps the answer:

- "yes" (something there they do not recognise) -> the step's finding;
- "no" (everything there is theirs) -> what was looked at;
- "not sure" -> a gap, so the result is incomplete rather than clean;
- "does not use this" -> looked at, as not used;
- no answer -> a gap; when no step is answered at all, the check is not run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, ClassVar

from cybercheck.pipeline.check import Area, Check, Need
from cybercheck.errors import NeedUnmet
from cybercheck.pipeline.model import Evidence, Finding, Severity
from cybercheck.yamldata import load_yaml

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context

YES = "Yes, I see something I don't recognise"
NO = "No, everything there is mine or expected"
UNSURE = "Not sure"
UNUSED = "I don't use this"
# short words an answers file or another front end may use for each choice
_WORDS = {"yes": YES, "y": YES, "no": NO, "n": NO, "not sure": UNSURE, "unsure": UNSURE, "not used": UNUSED,
          "unused": UNUSED, "don't use": UNUSED}
PLATFORMS = (("android", "Android"), ("iphone", "iPhone"), ("web", "On the web"))


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
    yes: str = YES  # the words of each choice, where the defaults do not fit the question
    no: str = NO
    unused: str | None = UNUSED

    @property
    def choices(self) -> tuple[str, ...]:
        """The choices offered, in order."""
        return (self.yes, self.no, UNSURE) + ((self.unused,) if self.unused else ())

    def choice_of(self, answer: str | None) -> str | None:
        """Which of "yes", "no", "unsure", "unused" an answer means (its own words or a short word)."""
        if answer is None:
            return None
        text = answer.strip()
        own = {self.yes: "yes", self.no: "no", UNSURE: "unsure"}
        if self.unused:
            own[self.unused] = "unused"
        if text in own:
            return own[text]
        word = _WORDS.get(text.lower())
        meaning = {YES: "yes", NO: "no", UNSURE: "unsure", UNUSED: "unused"}.get(word or "")
        return None if meaning == "unused" and not self.unused else meaning

    def help_text(self) -> str:
        """The menu paths, one per platform, and the note."""
        lines = [f"Where to look — {label}: {path}" for label, path in self.where]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


@lru_cache(maxsize=1)
def _all_steps() -> Mapping[str, Any]:
    text = resources.files(__package__).joinpath("steps.yaml").read_text(encoding="utf-8")
    steps: Mapping[str, Any] = load_yaml(text)
    return steps


def steps_for(check_id: str) -> tuple[Step, ...]:
    """The steps of one guided check, from steps.yaml."""
    out = []
    for raw in _all_steps()[check_id]:
        where = tuple((label, raw["where"][name]) for name, label in PLATFORMS if raw.get("where", {}).get(name))
        out.append(
            Step(
                key=raw["key"],
                thing=raw["thing"],
                ask=raw["ask"].strip(),
                where=where,
                code=raw["code"],
                severity=Severity.parse(raw["severity"]),
                subject=raw["subject"],
                uses=raw.get("uses"),
                note=(raw.get("note") or "").strip() or None,
                yes=raw.get("yes", YES),
                no=raw.get("no", NO),
                unused=raw.get("unused", UNUSED) or None,
            )
        )
    return tuple(out)


class GuidedCheck(Check):
    """A guided check: subclasses set id, title, looks_at and blind_spots; the steps come from steps.yaml."""

    area: ClassVar[Area] = Area.GUIDED
    needs: ClassVar[tuple[Need, ...]] = (
        Need.person("Someone needs to answer its questions: go through it in `cybercheck guide`, or name it with --check at a terminal."),
    )

    def run(self, ctx: Context) -> Iterator[Finding]:
        from cybercheck.pipeline.context import Question

        uses = {u.strip().lower() for u in ctx.inputs("uses")}
        answered = 0
        for step in steps_for(self.id):
            if uses and step.uses and step.uses not in uses:
                ctx.looked_at(f"{step.thing}: not looked at, because the session's answers say it is not used")
                answered += 1
                continue
            question = Question(text=step.ask, choices=step.choices, help=step.help_text(), key=f"{self.id}:{step.key}")
            answer = ctx.ask(question)
            choice = step.choice_of(answer)
            if choice is None:
                ctx.partial(f"{step.thing}: not looked at (the question was not answered).")
                continue
            answered += 1
            if choice == "yes":
                ctx.looked_at(f"{step.thing}: looked at, and the answer was: {step.yes}")
                yield Finding(
                    code=step.code,
                    severity=step.severity,
                    subject=step.subject,
                    evidence=(
                        Evidence(
                            source=f"answer given in a guided check ({self.id})",
                            when=ctx.now(),
                            fields={"looked at": step.thing, "question": step.ask, "answer": step.yes,
                                    "where": "; ".join(f"{label}: {path}" for label, path in step.where)},
                        ),
                    ),
                )
            elif choice == "no":
                ctx.looked_at(f"{step.thing}: looked at, nothing unrecognised")
            elif choice == "unused":
                ctx.looked_at(f"{step.thing}: not used")
            else:
                ctx.partial(f"{step.thing}: looked at, but it was not clear whether everything there is expected.")
        if not answered:
            raise NeedUnmet(
                "None of its questions was answered, so this was not checked. It can be gone through in "
                "`cybercheck guide` or at a terminal."
            )
