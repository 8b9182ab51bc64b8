"""Questions and hidden prompts at the terminal, one at a time even when checks run side by side."""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext

import click

from cybercheck.pipeline.context import Question
from cybercheck.secrets import Secret

_ONE_AT_A_TIME = threading.Lock()


class TerminalAsker:
    """Asks on the terminal (stderr), pausing the progress display while it does."""

    def __init__(self) -> None:
        self.progress = None  # a RichProgress, set by the command that draws one

    def _paused(self) -> AbstractContextManager[object]:
        return self.progress.paused() if self.progress is not None else nullcontext()

    def ask(self, question: Question) -> str | None:
        """A yes/no or choice answer; None if the person skips it (empty answer)."""
        with _ONE_AT_A_TIME, self._paused():
            if question.help:
                click.echo(question.help, err=True)
            if not question.choices:
                answer = click.prompt(
                    question.text + " [yes/no, Enter to skip]", default="", show_default=False, err=True
                )
                answer = answer.strip().lower()
                if answer in ("y", "yes"):
                    return "yes"
                if answer in ("n", "no"):
                    return "no"
                return None
            for number, choice in enumerate(question.choices, start=1):
                click.echo(f"  {number}. {choice}", err=True)
            answer = click.prompt(
                question.text + " (number, Enter to skip)", default="", show_default=False, err=True
            )
            if answer.strip().isdigit() and 1 <= int(answer) <= len(question.choices):
                return question.choices[int(answer) - 1]
            return None

    def ask_hidden(self, prompt: str) -> Secret | None:
        """A value typed without echo; None when nothing was typed."""
        with _ONE_AT_A_TIME, self._paused():
            value = click.prompt(prompt, hide_input=True, default="", show_default=False, err=True)
        return Secret(value) if value else None
