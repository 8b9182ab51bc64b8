"""Questions from a running check, put to the person at the browser.

A check asks through `ctx.ask(question)` and waits for the answer, exactly as on a terminal;
`WebAsker` holds the question until the page posts an answer. One question is open at a
time, even when checks run side by side.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from cybercheck.pipeline.context import Question
from cybercheck.secrets import Secret

# A question left unanswered this long is skipped, so that a forgotten page cannot hold a run forever.
ANSWER_WAIT = 30 * 60.0


@dataclass(frozen=True, slots=True)
class Pending:
    """The question waiting for an answer; `hidden` for a value typed without being shown."""

    number: int
    question: Question
    hidden: bool = False


class WebAsker:
    """An Asker whose questions are answered from a page."""

    def __init__(self, wait: float = ANSWER_WAIT) -> None:
        self._wait = wait
        self._one_at_a_time = threading.Lock()
        self._changed = threading.Condition()
        self._pending: Pending | None = None
        self._answer: object = None
        self._count = 0
        self._closed = False

    @property
    def pending(self) -> Pending | None:
        """The question now waiting, if any."""
        with self._changed:
            return self._pending

    def answer(self, number: int, value: str | None) -> bool:
        """Answer question `number` (None skips it); False when it is no longer the open one."""
        with self._changed:
            if self._pending is None or self._pending.number != number:
                return False
            hidden = self._pending.hidden
            self._answer = (Secret(value) if value else None) if hidden else (value or None)
            self._pending = None
            self._changed.notify_all()
            return True

    def close(self) -> None:
        """Skip the open question and every later one (the run was stopped)."""
        with self._changed:
            self._closed = True
            self._pending = None
            self._answer = None
            self._changed.notify_all()

    def _put(self, question: Question, hidden: bool) -> object:
        with self._one_at_a_time, self._changed:
            if self._closed:
                return None
            self._count += 1
            self._pending = Pending(self._count, question, hidden)
            self._answer = None
            number = self._count
            self._changed.wait_for(
                lambda: self._pending is None or self._pending.number != number, timeout=self._wait
            )
            if self._pending is not None and self._pending.number == number:
                self._pending = None
                return None
            return self._answer

    def ask(self, question: Question) -> str | None:
        """The answer chosen on the page, or None if it was skipped."""
        answer = self._put(question, hidden=False)
        if answer is None:
            return None
        text = str(answer)
        if question.choices and text not in question.choices:
            return None
        if not question.choices and text not in ("yes", "no"):
            return None
        return text

    def ask_hidden(self, prompt: str) -> Secret | None:
        """A value typed in a password field; kept in memory only."""
        answer = self._put(Question(prompt), hidden=True)
        return answer if isinstance(answer, Secret) else None
