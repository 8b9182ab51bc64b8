"""What a check receives: its inputs, secrets, the network, questions, progress and coverage."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cybercheck.errors import ConfigError, NeedUnmet
from cybercheck.pipeline.words import text
from cybercheck.scrub import scrub
from cybercheck.secrets import Secret, SecretStore

if TYPE_CHECKING:
    import dns.resolver
    import requests

    from cybercheck.indicators.sets import IndicatorSet
    from cybercheck.pipeline.model import CheckResult, Report


@dataclass(frozen=True, slots=True)
class Question:
    """A question for the person at the keyboard: yes/no when `choices` is empty."""

    text: str
    choices: tuple[str, ...] = ()
    help: str | None = None
    key: str | None = None  # a stable name for answers files and the guide ("guided.messaging:whatsapp")


class Asker(Protocol):
    """Puts questions to a person; returns None when nobody can answer."""

    def ask(self, question: Question) -> str | None:
        """The answer: "yes"/"no" for a yes/no question, else one of the choices."""

    def ask_hidden(self, prompt: str) -> Secret | None:
        """A value typed without echo, kept in memory only."""


class NobodyAsker:
    """The asker when nobody is at the keyboard: every question goes unanswered."""

    def ask(self, question: Question) -> str | None:
        """Nobody can answer."""
        return None

    def ask_hidden(self, prompt: str) -> Secret | None:
        """Nobody can type."""
        return None


class ProgressTask(Protocol):
    """One progress bar; `advance` moves it on."""

    def advance(self, amount: int = 1) -> None:
        """Record that `amount` more items are done."""

    def close(self) -> None:
        """The work is over; remove the bar."""


class ProgressDisplay(Protocol):
    """Where progress goes: rich bars on a terminal, nowhere otherwise."""

    def started(self, check_id: str, title: str) -> None:
        """A check has started."""

    def finished(self, check_id: str) -> None:
        """A check has ended, however it ended."""

    def task(self, check_id: str, total: int, label: str) -> ProgressTask:
        """A new bar for `check_id`."""


class _NoTask:
    def advance(self, amount: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


class SilentProgress:
    """Progress that shows nothing (not a terminal, tests)."""

    def started(self, check_id: str, title: str) -> None:
        """Nothing to show."""

    def finished(self, check_id: str) -> None:
        """Nothing to show."""

    def task(self, check_id: str, total: int, label: str) -> ProgressTask:
        """A bar nobody sees."""
        return _NoTask()


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True, slots=True)
class RunSettings:
    """What a run was asked to do: inputs, addresses, country, clock. Frozen: changing one makes new settings."""

    inputs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Inputs for one check only (check id -> name -> values), ahead of `inputs`: the demo uses it.
    check_inputs: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    endpoints: Mapping[str, str] = field(default_factory=dict)
    offline: bool = False
    nameservers: tuple[str, ...] = ()
    timeout: float = 15.0
    interactive: bool = False
    country: str | None = None
    clock: Callable[[], datetime] = _utc_now
    baseline: Report | None = None
    indicator_files: tuple[Path, ...] = ()
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    # A guided session (the guide or the web app): words that name flags or commands are not used.
    guided: bool = False


@dataclass
class RunEnv:
    """One run: its settings, and the services made for it (who answers, secrets, progress, HTTP, DNS,
    indicators). The CLI builds it; tests use make_context(). A guided session replaces its settings
    between checks, as answers arrive."""

    settings: RunSettings = field(default_factory=RunSettings)
    asker: Asker = field(default_factory=NobodyAsker)
    secrets: SecretStore = field(default_factory=SecretStore)
    progress: ProgressDisplay = field(default_factory=SilentProgress)
    # Set when the run is stopping (Ctrl-C): the session and resolver then send nothing more.
    stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _http: requests.Session | None = field(default=None, repr=False)
    _resolver: dns.resolver.Resolver | None = field(default=None, repr=False)
    _indicators: IndicatorSet | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _memory_secrets: dict[str, Secret] = field(default_factory=dict, repr=False)
    used_paths: dict[str, set[Path]] = field(default_factory=dict, repr=False)

    @property
    def http(self) -> requests.Session:
        """The one HTTP session of the run, made on first use."""
        with self._lock:
            if self._http is None:
                from cybercheck.net import make_session

                self._http = make_session(
                    offline=self.settings.offline, timeout=self.settings.timeout, stop=self.stop
                )
            return self._http

    @property
    def resolver(self) -> dns.resolver.Resolver:
        """The DNS resolver of the run, made on first use."""
        with self._lock:
            if self._resolver is None:
                from cybercheck.net import make_resolver

                self._resolver = make_resolver(
                    self.settings.nameservers, timeout=min(self.settings.timeout, 5.0), stop=self.stop
                )
            return self._resolver

    @property
    def indicators(self) -> IndicatorSet:
        """The stalkerware and watchware indicators, loaded on first use."""
        with self._lock:
            if self._indicators is None:
                from cybercheck.collector import held_off
                from cybercheck.indicators.load import load_indicators

                with held_off():
                    self._indicators = load_indicators(extra=self.settings.indicator_files)
            return self._indicators

    @property
    def indicators_version(self) -> str | None:
        """The version of the indicator set, if a check loaded it during this run."""
        loaded = self._indicators
        return loaded.version if loaded is not None else None

    def endpoint(self, name: str, default: str) -> str:
        """A service address: --endpoint, then CYBERCHECK_ENDPOINT_<NAME>, then the default."""
        if name in self.settings.endpoints:
            return self.settings.endpoints[name].rstrip("/")
        variable = "CYBERCHECK_ENDPOINT_" + name.upper().replace("-", "_")
        return self.settings.environ.get(variable, default).rstrip("/")

    def values(self, name: str, check_id: str | None = None) -> tuple[str, ...]:
        """The values given for input `name`, for `check_id` if it has its own."""
        own = self.settings.check_inputs.get(check_id or "", {})
        if name in own:
            return tuple(own[name])
        return tuple(self.settings.inputs.get(name, ()))

    def has_input(self, name: str, check_id: str | None = None) -> bool:
        """Whether an input was given."""
        return bool(self.values(name, check_id))

    def find_secret(self, name: str) -> Secret | None:
        """A secret already known: typed earlier in this run, in the environment or the keyring."""
        with self._lock:
            if name in self._memory_secrets:
                return self._memory_secrets[name]
        return self.secrets.get(name)

    def remember_secret(self, name: str, secret: Secret) -> None:
        """Keep a typed secret in memory for the rest of this run only."""
        with self._lock:
            self._memory_secrets[name] = secret


class Context:
    """What one check receives. It gathers the check's coverage and gaps as it runs."""

    def __init__(self, env: RunEnv, check_id: str, *, named: bool = True) -> None:
        self.env = env
        self.check_id = check_id
        # Whether the person asked for this check by name; an unnamed one should not start prompting.
        self.named = named
        self._looked_at: list[str] = []
        self._gaps: list[str] = []
        self._memory: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()
        self.closed = False

    # inputs -----------------------------------------------------------------------------
    def input(self, name: str) -> str | None:
        """The first value given for input `name`, or None."""
        values = self.env.values(name, self.check_id)
        return values[0] if values else None

    def inputs(self, name: str) -> tuple[str, ...]:
        """Every value given for a repeatable input."""
        return self.env.values(name, self.check_id)

    def input_path(self, name: str) -> Path | None:
        """Input `name` as a path that exists; the report records its SHA-256 as evidence."""
        value = self.input(name)
        if value is None:
            return None
        path = Path(value).expanduser()
        if not path.exists():
            raise ConfigError(text("cybercheck.input-path-not-found", name=name, value=value))
        self.env.used_paths.setdefault(name, set()).add(path.resolve())
        return path

    @property
    def owner(self) -> tuple[str, ...]:
        """The person's own addresses and accounts (`--input owner=...`, repeatable)."""
        return tuple(v.strip().lower() for v in self.inputs("owner"))

    @property
    def country(self) -> str | None:
        """The country chosen for this run (ISO 3166-1 alpha-2), if any."""
        return self.env.settings.country

    # secrets ----------------------------------------------------------------------------
    def secret(self, name: str, prompt: str | None = None) -> Secret:
        """A secret from memory, the environment or the keyring, else asked hidden; NeedUnmet if none."""
        found = self.env.find_secret(name)
        if found:
            return found
        typed = self.env.asker.ask_hidden(prompt or text("cybercheck.secret-prompt", name=name))
        if typed:
            self.env.remember_secret(name, typed)
            return typed
        raise NeedUnmet(text("cybercheck.secret-not-given", name=name))

    def ask_hidden(self, prompt: str) -> Secret | None:
        """A value typed without echo (a password to check), or None when nobody can type."""
        return self.env.asker.ask_hidden(prompt)

    # services ---------------------------------------------------------------------------
    @property
    def http(self) -> requests.Session:
        """The shared HTTP session (raises Offline under --offline)."""
        return self.env.http

    @property
    def resolver(self) -> dns.resolver.Resolver:
        """The shared DNS resolver."""
        return self.env.resolver

    @property
    def stopping(self) -> bool:
        """Whether the run is stopping (Ctrl-C): a long check can end early with what it has."""
        return self.env.stop.is_set()

    @property
    def indicators(self) -> IndicatorSet:
        """The loaded indicator set."""
        return self.env.indicators

    @property
    def offline(self) -> bool:
        """Whether the run must not use the network."""
        return self.env.settings.offline

    def endpoint(self, name: str, default: str) -> str:
        """A service address, overridable with --endpoint NAME=URL or CYBERCHECK_ENDPOINT_<NAME>."""
        return self.env.endpoint(name, default)

    # people -----------------------------------------------------------------------------
    def ask(self, question: Question) -> str | None:
        """Ask the person at the keyboard; None when nobody can answer."""
        return self.env.asker.ask(question)

    def progress(self, total: int, label: str) -> ProgressTask:
        """A progress bar on a terminal, silent elsewhere."""
        return self.env.progress.task(self.check_id, total, label)

    # coverage ---------------------------------------------------------------------------
    def looked_at(self, text: str) -> None:
        """Record, in plain words, what was examined ("212 sign-ins from ... to ...")."""
        with self._lock:
            if not self.closed:
                self._looked_at.append(scrub(text))

    def partial(self, reason: str) -> None:
        """Record, in plain words, something that could not be examined and why."""
        with self._lock:
            if not self.closed:
                self._gaps.append(scrub(reason))

    def remember(self, key: str, values: Iterable[str]) -> None:
        """Keep what was seen (devices, places ...) in the report, for the next check to compare with."""
        with self._lock:
            if not self.closed:
                self._memory[key] = tuple(values)

    def memory(self) -> dict[str, tuple[str, ...]]:
        """What this check has remembered so far."""
        with self._lock:
            return dict(self._memory)

    def previous(self) -> CheckResult | None:
        """This check's result in the previous report for the same person (ctx.baseline), if any."""
        if self.env.settings.baseline is None:
            return None
        for item in self.env.settings.baseline.results:
            if item.result.check_id == self.check_id:
                return item.result
        return None

    def coverage(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What was looked at and the gaps, as recorded so far."""
        with self._lock:
            return tuple(self._looked_at), tuple(self._gaps)

    def close(self) -> None:
        """Stop recording: later calls from a check that overran its time are ignored."""
        with self._lock:
            self.closed = True

    @property
    def baseline(self) -> Report | None:
        """The previous report for the same person, to say what is new."""
        return self.env.settings.baseline

    def now(self) -> datetime:
        """The current time in UTC (replaceable in tests)."""
        return self.env.settings.clock()
