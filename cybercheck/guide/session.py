"""A guided session as a state machine: questions, then proposed checks run one at a time, then a summary.

It prints and prompts nothing. A front end (the terminal in cybercheck/cli/guide.py, the
web app in cybercheck/web/) asks `current()` what to show, and calls `answer`, `skip`,
`back`, `stop`, `give_input`, `give_secret` and `run` with what the person chose, then
`report()` and `keep_in_case()`. Checks are looked up by id among the installed ones, so a
check added later is proposed without changes here, and a proposed check that is not
installed is left out and named in the summary.

One driver at a time: a session may be used from several threads (the web app runs each
check in the background while pages keep asking what to show), and a lock keeps its state
whole. While a check runs, `current()` still answers, `stop()` is taken (the check ends
and is kept), and every other action raises GuideBusy instead of changing anything.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import wraps
from typing import TYPE_CHECKING, TypeVar

from cybercheck.guide.script import Concern, GuideQuestion, Script, Suggestion, default_script
from cybercheck.pipeline.check import Area, Check, Need
from cybercheck.pipeline.context import Context, RunEnv
from cybercheck.pipeline.model import CheckResult, Finding, LoggedEvidence, Report
from cybercheck.pipeline.plugins import CheckEntry, LoadFailure, installed_checks, load_check
from cybercheck.pipeline.runner import DEFAULT_TIME_LIMIT, failed_to_load, run_check, unmet_needs
from cybercheck.pipeline.scheduler import run_all
from cybercheck.pipeline.words import guided_words, text
from cybercheck.secrets import Secret

if TYPE_CHECKING:
    from cybercheck.casework.cases import Case, SavedScan

Answer = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Proposed:
    """A check the session proposes, with the concerns it could explain and why."""

    suggestion: Suggestion
    entry: CheckEntry
    reasons: tuple[tuple[Concern, str], ...]

    @property
    def check_id(self) -> str:
        """The check's id."""
        return self.entry.id


@dataclass(frozen=True, slots=True)
class AskQuestion:
    """Show a question of the session."""

    question: GuideQuestion
    previous: Answer | None
    number: int
    total: int


@dataclass(frozen=True, slots=True)
class OfferCheck:
    """Offer the next proposed check: run it, skip it, go back or stop."""

    proposed: Proposed
    check: type[Check] | None  # None when it could not be loaded
    title: str
    missing_inputs: tuple[Need, ...]  # inputs it needs that nobody has given yet
    missing_secrets: tuple[
        Need, ...
    ]  # passwords or keys it needs that are not known yet (asked when it runs)
    result: CheckResult | None  # when it was already run (after going back)
    number: int
    total: int


@dataclass(frozen=True, slots=True)
class Finished:
    """Nothing more to ask: show the summary. `stopped` says why it ended early, if it did."""

    stopped: str | None
    skipped: tuple[str, ...]


Prompt = AskQuestion | OfferCheck | Finished


class GuideError(ValueError):
    """An answer or action that does not fit the current step; `plain` says why, for the front end."""

    def __init__(self, plain: str) -> None:
        super().__init__(plain)
        self.plain = plain


class GuideBusy(GuideError):
    """An action asked for while a check is running; nothing was changed."""

    def __init__(self, check_id: str) -> None:
        super().__init__(text("cybercheck.session-busy"))
        self.check_id = check_id


_T = TypeVar("_T")


def _country(typed: str) -> str:
    """The code for a country as typed ("UK", "Deutschland"); GuideError with suggestions if unknown."""
    from cybercheck.advice import countries

    try:
        return countries.parse(typed)
    except countries.UnknownCountry as error:
        raise GuideError(countries.explain(error)) from None


def _locked(method: Callable[..., _T]) -> Callable[..., _T]:
    """Run a method holding the session's lock."""

    @wraps(method)
    def wrapper(self: GuideSession, *args: object, **kwargs: object) -> _T:
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


def _acting(method: Callable[..., _T]) -> Callable[..., _T]:
    """Run an action holding the lock; GuideBusy while a check is running."""

    @wraps(method)
    def wrapper(self: GuideSession, *args: object, **kwargs: object) -> _T:
        with self._lock:
            if self._running is not None:
                raise GuideBusy(self._running)
            return method(self, *args, **kwargs)

    return wrapper


@dataclass
class GuideSession:
    """One guided session. Its answers stay in memory; only `record()` gives them out, for sealing."""

    env: RunEnv
    script: Script = field(default_factory=default_script)
    entries: list[CheckEntry] | None = None
    time_limit: float = DEFAULT_TIME_LIMIT
    answers: dict[str, Answer] = field(default_factory=dict)
    results: dict[str, CheckResult] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    stopped: str | None = None  # "not-safe", "stopped" or "interrupted"
    position: int = 0
    _revisiting: bool = False
    _running: str | None = field(default=None, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def __post_init__(self) -> None:
        self.env.settings = replace(self.env.settings, guided=True)
        entries = installed_checks() if self.entries is None else self.entries
        self._entries = {e.id: e for e in entries}
        self._loaded: dict[str, type[Check] | LoadFailure] = {}

    @property
    def running(self) -> str | None:
        """The id of the check running now, if one is."""
        with self._lock:
            return self._running

    # what to show ---------------------------------------------------------------------------
    @_locked
    def questions(self) -> list[GuideQuestion]:
        """The questions that apply, given the answers so far."""
        return [q for q in self.script.questions if self._applies(q)]

    def _applies(self, question: GuideQuestion) -> bool:
        return all(self._chose(other, wanted) for other, wanted in question.ask_if)

    def _chose(self, question_id: str, wanted: tuple[str, ...]) -> bool:
        given = self.answers.get(question_id)
        chosen = set(given) if isinstance(given, tuple) else {given}
        return bool(chosen & set(wanted))

    def _answered(self, question_id: str, wanted: tuple[str, ...]) -> bool:
        """Whether a question that still applies was answered with one of `wanted`."""
        applies = any(q.id == question_id for q in self.questions())
        return applies and self._chose(question_id, wanted)

    @_locked
    def concerns(self) -> tuple[Concern, ...]:
        """The concerns the client chose, in the script's order."""
        chosen = set(self._multi("concerns"))
        return tuple(c for c in self.script.concerns if c.id in chosen)

    @_locked
    def tags(self) -> set[str]:
        """The devices and apps the client said they use (from the choices' tags)."""
        tags: set[str] = set()
        for question_id in ("devices", "accounts"):
            question = self.script.question(question_id)
            for choice_id in self._multi(question_id):
                choice = question.choice(choice_id)
                tags.update(choice.tags if choice else ())
        return tags

    def _multi(self, question_id: str) -> tuple[str, ...]:
        given = self.answers.get(question_id)
        if given is None:
            return ()
        return given if isinstance(given, tuple) else (given,)

    def _candidates(self) -> list[tuple[Suggestion, tuple[tuple[Concern, str], ...]]]:
        tags = self.tags()
        ordered = sorted(self.script.suggestions, key=lambda s: (s.way_in.rank, s.order))
        chosen = []
        seen: set[str] = set()
        for suggestion in ordered:
            reasons = tuple((c, why) for c in self.concerns() if (why := suggestion.why(c.id)))
            if not reasons or suggestion.check_id in seen:
                continue
            if suggestion.only_for and tags and not set(suggestion.only_for) & tags:
                continue
            if any(self._answered(question, wanted) for question, wanted in suggestion.unless):
                continue
            seen.add(suggestion.check_id)
            chosen.append((suggestion, reasons))
        return chosen

    @_locked
    def proposal(self) -> tuple[Proposed, ...]:
        """The installed checks that could explain the client's concerns, in the order to do them."""
        return tuple(
            Proposed(s, self._entries[s.check_id], r)
            for s, r in self._candidates()
            if s.check_id in self._entries
        )

    @_locked
    def not_installed(self) -> tuple[Suggestion, ...]:
        """Checks that would have been proposed but are not installed here."""
        return tuple(s for s, _ in self._candidates() if s.check_id not in self._entries)

    def _items(self) -> list[GuideQuestion | Proposed]:
        return [*self.questions(), *(self.proposal() if self.asked_all() else ())]

    @_locked
    def asked_all(self) -> bool:
        """Whether every question has been gone through (so the proposal is known)."""
        return self.position >= len(self.questions())

    @_locked
    def current(self) -> Prompt:
        """What the front end should show now (while a check runs: that check's offer)."""
        if self.stopped:
            return Finished(self.stopped, tuple(self.skipped))
        items = self._items()
        while self._revisiting and self.position < len(items):
            item = items[self.position]
            if isinstance(item, Proposed) and item.check_id in self.results:
                self.position += 1
                items = self._items()
                continue
            break
        if self.position >= len(items):
            self._revisiting = False
            return Finished(None, tuple(self.skipped))
        item = items[self.position]
        questions = self.questions()
        if isinstance(item, GuideQuestion):
            return AskQuestion(item, self.answers.get(item.id), self.position + 1, len(questions))
        number = self.position - len(questions) + 1
        loaded = self._load(item.entry)
        check = None if isinstance(loaded, LoadFailure) else loaded
        return OfferCheck(
            proposed=item,
            check=check,
            title=check.title if check else item.check_id,
            missing_inputs=self._missing_inputs(check) if check else (),
            missing_secrets=self._missing_secrets(check) if check else (),
            result=self.results.get(item.check_id),
            number=number,
            total=len(items) - len(questions),
        )

    @_locked
    def _load(self, entry: CheckEntry) -> type[Check] | LoadFailure:
        if entry.id not in self._loaded:
            self._loaded[entry.id] = load_check(entry)
        return self._loaded[entry.id]

    def title(self, proposed: Proposed) -> str:
        """A proposed check's title (its id when it cannot be loaded)."""
        loaded = self._load(proposed.entry)
        return proposed.check_id if isinstance(loaded, LoadFailure) else loaded.title

    def _missing_inputs(self, check: type[Check]) -> tuple[Need, ...]:
        return tuple(
            need
            for need in check.needs
            if need.kind == "input" and not any(self.env.has_input(n, check.id) for n in need.names)
        )

    def _missing_secrets(self, check: type[Check]) -> tuple[Need, ...]:
        return tuple(
            need
            for need in check.needs
            if need.kind == "secret" and self.env.find_secret(need.names[0]) is None
        )

    # actions --------------------------------------------------------------------------------
    @_acting
    def answer(self, value: Answer | None) -> None:
        """Answer the current question (choice id, tuple of ids, or text); GuideError if it does not fit."""
        prompt = self.current()
        if not isinstance(prompt, AskQuestion):
            raise GuideError(text("cybercheck.session-no-question"))
        question = prompt.question
        normal = self._normalise(question, value)
        if normal is None:
            self.skip()
            return
        self.answers[question.id] = normal
        if question.id == "country" and isinstance(normal, str):
            self.env.settings = replace(self.env.settings, country=normal)
        self.position += 1
        chosen = set(normal) if isinstance(normal, tuple) else {normal}
        if chosen & set(question.stop_if):
            self.stopped = "not-safe"

    def _normalise(self, question: GuideQuestion, value: Answer | None) -> Answer | None:
        if value is None or value == "" or value == ():
            if not question.optional:
                raise GuideError(text("cybercheck.session-answer-needed"))
            return None
        ids = {c.id for c in question.choices}
        if question.kind == "text":
            typed = " ".join(str(value).split())[:2000]
            if question.id == "country":
                return _country(typed)
            return typed
        values = (value,) if isinstance(value, str) else tuple(value)
        unknown = [v for v in values if v not in ids]
        if unknown:
            raise GuideError(text("cybercheck.session-not-a-choice", answers=", ".join(unknown)))
        if question.kind == "choice":
            if len(values) != 1:
                raise GuideError(text("cybercheck.session-one-answer"))
            return values[0]
        return tuple(c.id for c in question.choices if c.id in values)

    @_acting
    def skip(self) -> None:
        """Leave out the current question (if optional) or check; a skipped check can be come back to."""
        prompt = self.current()
        if isinstance(prompt, AskQuestion):
            if not prompt.question.optional:
                raise GuideError(text("cybercheck.session-answer-needed"))
            self.answers.pop(prompt.question.id, None)
        elif isinstance(prompt, OfferCheck):
            if prompt.proposed.check_id not in self.results and prompt.proposed.check_id not in self.skipped:
                self.skipped.append(prompt.proposed.check_id)
        else:
            return
        self.position += 1

    @_acting
    def back(self) -> None:
        """Go back one step; answers and results are kept until changed."""
        self._revisiting = False
        self.position = max(0, self.position - 1)

    @_locked
    def stop(self, reason: str = "stopped") -> None:
        """End the session now; everything done so far is kept (a check running now ends and is kept too)."""
        self.stopped = self.stopped or reason

    @_acting
    def revisit_skipped(self) -> bool:
        """Go back to the first skipped check; False when none was skipped."""
        items = self._items()
        for index, item in enumerate(items):
            if isinstance(item, Proposed) and item.check_id in self.skipped:
                self.position = index
                self._revisiting = True
                return True
        return False

    @_acting
    def give_input(self, name: str, *values: str) -> None:
        """An input for the checks (a file, a folder, an address), for the rest of the session.

        Giving an input again replaces what was given before (a file chosen again after going
        back is the one used); give several values at once for a repeatable input, such as a
        Takeout split into several zips. No values takes the input away.
        """
        inputs = dict(self.env.settings.inputs)
        if values:
            inputs[name] = tuple(values)
        else:
            inputs.pop(name, None)
        self.env.settings = replace(self.env.settings, inputs=inputs)

    def given(self, name: str, check_id: str | None = None) -> tuple[str, ...]:
        """The values given for an input so far (for `check_id`, if it has its own)."""
        with self._lock:
            return self.env.values(name, check_id)

    @_acting
    def give_secret(self, name: str, secret: Secret) -> None:
        """A password or key typed for the checks: kept in memory for this session only, never written."""
        self.env.remember_secret(name, secret)

    def run(self) -> CheckResult:
        """Run the current check and move on; GuideError if the current step is not a check.

        The check runs without the session's lock held, so that a front end can show its
        progress and answer its questions meanwhile; GuideBusy if another is running already.
        """
        with self._lock:
            if self._running is not None:
                raise GuideBusy(self._running)
            prompt = self.current()
            if not isinstance(prompt, OfferCheck):
                raise GuideError(text("cybercheck.session-no-check"))
            entry = prompt.proposed.entry
            loaded = self._load(entry)
            if not isinstance(loaded, LoadFailure) and loaded.area is Area.GUIDED:
                self._tell_uses(loaded)
            self._running = entry.id
        try:
            result = self._run_one(loaded, entry)
        finally:
            with self._lock:
                self._running = None
        with self._lock:
            self.results[entry.id] = result
            if entry.id in self.skipped:
                self.skipped.remove(entry.id)
            self.position += 1
        return result

    def _run_one(self, loaded: type[Check] | LoadFailure, entry: CheckEntry) -> CheckResult:
        if isinstance(loaded, LoadFailure):
            return failed_to_load(loaded)
        if loaded.area is Area.GUIDED:
            return self._run_here(loaded, entry)
        outcome = run_all([(entry, True)], self.env, time_limit=self.time_limit)
        if outcome.interrupted:
            self.stop("interrupted")
        return outcome.results[0]

    def _tell_uses(self, check: type[Check]) -> None:
        """Tell a guided check which devices and apps the client uses, so it asks only about those."""
        tags = self.tags()
        if tags:
            own = dict(self.env.settings.check_inputs)
            own[check.id] = {**own.get(check.id, {}), "uses": tuple(sorted(tags))}
            self.env.settings = replace(self.env.settings, check_inputs=own)

    def _run_here(self, check: type[Check], entry: CheckEntry) -> CheckResult:
        # NOTE: guided checks wait for a person, so they run in this thread with no time limit,
        # and Ctrl-C during a question stops the session but keeps what was answered.
        unmet = unmet_needs(check, self.env, explicit=True)
        if unmet:
            return CheckResult(
                check_id=check.id,
                title=check.title,
                area=check.area.value,
                origin=entry.origin,
                unmet=unmet,
                blind_spots=tuple(check.blind_spots),
            )
        ctx = Context(self.env, check.id)
        found: list[Finding] = []
        started = ctx.now()
        try:
            with guided_words():
                return run_check(check, ctx, origin=entry.origin, findings=found)
        except KeyboardInterrupt:
            self.stop("interrupted")
            looked_at, gaps = ctx.coverage()
            return CheckResult(
                check_id=check.id,
                title=check.title,
                area=check.area.value,
                origin=entry.origin,
                started=started,
                finished=ctx.now(),
                findings=tuple(found),
                looked_at=looked_at,
                gaps=(*gaps, text("cybercheck.session-stopped-during")),
                blind_spots=tuple(check.blind_spots),
            )

    # the outcome ----------------------------------------------------------------------------
    @_locked
    def all_results(self) -> list[CheckResult]:
        """A result for every proposed check: those run, and the skipped and not reached as not run."""
        out = []
        for proposed in self.proposal() if self.asked_all() or self.results else ():
            done = self.results.get(proposed.check_id)
            if done is not None:
                out.append(done)
                continue
            loaded = self._load(proposed.entry)
            if isinstance(loaded, LoadFailure):
                out.append(failed_to_load(loaded))
                continue
            skipped = proposed.check_id in self.skipped
            reason = text("cybercheck.session-skipped" if skipped else "cybercheck.session-not-reached")
            out.append(
                CheckResult(
                    check_id=loaded.id,
                    title=loaded.title,
                    area=loaded.area.value,
                    origin=proposed.entry.origin,
                    unmet=(reason,),
                    blind_spots=tuple(loaded.blind_spots),
                )
            )
        return out

    @_acting
    def report(
        self,
        *,
        operator: str | None = None,
        case: str | None = None,
        evidence_log: tuple[LoggedEvidence, ...] = (),
    ) -> Report:
        """The Report of the session so far (saved, sealed or put in the case by the front end)."""
        from cybercheck.report.build import build_report
        from cybercheck.report.evidence import hash_inputs

        results = self.all_results()
        not_reached, stopped_during = (
            text("cybercheck.session-not-reached"),
            text("cybercheck.session-stopped-during"),
        )
        unfinished = any(not_reached in r.unmet or stopped_during in r.gaps for r in results)
        return build_report(
            results,
            generated_at=self.env.settings.clock(),
            country=self.env.settings.country,
            operator=operator,
            case=case,
            interrupted=bool(self.stopped) and unfinished,
            indicators_version=self.env.indicators_version,
            evidence_files=hash_inputs(self.env.used_paths),
            evidence_log=evidence_log,
        )

    @_acting
    def record(self, *, include_sensitive: bool) -> dict[str, object]:
        """The session's answers, plan and outcome as data; sensitive answers only when asked (for sealing)."""
        sensitive = {q.id for q in self.script.questions if q.sensitive}
        answers = {
            k: (list(v) if isinstance(v, tuple) else v)
            for k, v in self.answers.items()
            if include_sensitive or k not in sensitive
        }
        return {
            "format": 1,
            "answers": answers,
            "proposed": [p.check_id for p in self.proposal()] if self.asked_all() else [],
            "not_installed": [s.check_id for s in self.not_installed()] if self.asked_all() else [],
            "skipped": list(self.skipped),
            "stopped": self.stopped,
            "results": {k: r.status.value for k, r in self.results.items()},
        }

    @_acting
    def keep_in_case(self, case: Case, report: Report) -> SavedScan:
        """Keep the finished session in its case: `report` (from `report()`) as a guided check-up
        in the case's history, and the session's answers, sensitive ones too, both sealed."""
        saved = case.save_scan(report, kind="guide")
        case.save_session(self.record(include_sensitive=True), when=report.meta.generated_at)
        return saved
