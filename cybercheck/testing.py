"""Helpers for testing checks, the same for cybercheck's own tests and for plugin authors'."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path

from cybercheck.pipeline.check import Check
from cybercheck.pipeline.context import Context, Question, RunEnv, RunSettings
from cybercheck.pipeline.model import CheckResult, Report
from cybercheck.pipeline.runner import run_check, unmet_needs
from cybercheck.secrets import Secret, SecretStore


class ScriptedAsker:
    """Answers questions from a table (question text or choice -> answer); records what was asked."""

    def __init__(self, answers: Mapping[str, str] | None = None, hidden: Iterable[str] = ()) -> None:
        self.answers = dict(answers or {})
        self.hidden = list(hidden)
        self.asked: list[str] = []

    def ask(self, question: Question) -> str | None:
        """The scripted answer for this question's text, else None."""
        self.asked.append(question.text)
        return self.answers.get(question.text)

    def ask_hidden(self, prompt: str) -> Secret | None:
        """The next scripted hidden value, else None."""
        self.asked.append(prompt)
        return Secret(self.hidden.pop(0)) if self.hidden else None


class MemorySecrets(SecretStore):
    """A secret store that keeps everything in a dict, never in a keyring."""

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        super().__init__(environ={})
        self.values = dict(values or {})

    def get(self, name: str) -> Secret | None:
        """The stored secret, if any."""
        return Secret(self.values[name]) if name in self.values else None

    def set(self, name: str, secret: Secret) -> None:
        """Keep the secret in the dict."""
        self.values[name] = secret.reveal()

    def delete(self, name: str) -> bool:
        """Forget the secret."""
        return self.values.pop(name, None) is not None


def make_env(
    *,
    inputs: Mapping[str, str | Path | Iterable[str | Path]] | None = None,
    endpoints: Mapping[str, str] | None = None,
    secrets: Mapping[str, str] | None = None,
    answers: Mapping[str, str] | None = None,
    hidden: Iterable[str] = (),
    offline: bool = False,
    nameservers: Iterable[str] = (),
    now: datetime | None = None,
    baseline: Report | None = None,
    country: str | None = None,
    timeout: float = 5.0,
    environ: Mapping[str, str] | None = None,
) -> RunEnv:
    """A RunEnv for tests: nothing touches the real keyring, the clock can be fixed."""
    normalised: dict[str, tuple[str, ...]] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, (str, Path)):
            normalised[name] = (str(value),)
        else:
            normalised[name] = tuple(str(v) for v in value)
    fixed = now or datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    asker = ScriptedAsker(answers, hidden)
    settings = RunSettings(
        inputs=normalised,
        endpoints=dict(endpoints or {}),
        offline=offline,
        nameservers=tuple(nameservers),
        timeout=timeout,
        interactive=bool(answers) or bool(list(asker.hidden)),
        country=country,
        clock=lambda: fixed,
        baseline=baseline,
        environ=dict(environ or {}),
    )
    return RunEnv(settings, asker=asker, secrets=MemorySecrets(secrets))


def make_context(check_id: str = "test.check", **kwargs: object) -> Context:
    """A Context for one check; keyword arguments as for make_env."""
    return Context(make_env(**kwargs), check_id)  # type: ignore[arg-type]  # the keyword arguments are make_env's own


def run(check: type[Check], ctx: Context | None = None, **kwargs: object) -> CheckResult:
    """Run a check the way the runner does (needs first, then run) and return its result."""
    ctx = ctx or make_context(check.id, **kwargs)
    unmet = unmet_needs(check, ctx.env, explicit=True)
    if unmet:
        from cybercheck.pipeline.model import CheckResult as Result

        return Result(check_id=check.id, title=check.title, area=check.area.value, unmet=unmet)
    return run_check(check, ctx)
