"""Finds checks through the entry-point group "cybercheck.checks"; a broken one is listed, never fatal."""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import Distribution, EntryPoint, EntryPoints, entry_points

from cybercheck.pipeline.check import Check
from cybercheck.pipeline.outcome import Origin, Problem
from cybercheck.pipeline.words import text

GROUP = "cybercheck.checks"
BUILTIN_DISTRIBUTION = "cybercheck"
_ID = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")


@dataclass(frozen=True, slots=True)
class CheckEntry:
    """A check that is installed but not yet imported."""

    id: str
    entry_point: EntryPoint
    origin: Origin


@dataclass(frozen=True, slots=True)
class LoadFailure:
    """A check that could not be imported or is not a valid check."""

    id: str
    origin: Origin
    problem: Problem


def _origin(dist: Distribution | None) -> Origin:
    # NOTE: one read of the metadata file for both fields: each `dist.metadata` (and `dist.version`)
    # parses the whole file again, and cybercheck's own holds the README.
    metadata = dist.metadata if dist is not None else None
    name = metadata["Name"] if metadata is not None else "unknown"
    version = metadata["Version"] if metadata is not None else "unknown"
    kind = "builtin" if name == BUILTIN_DISTRIBUTION else "package"
    return Origin(distribution=name, version=version, kind=kind)


@lru_cache(maxsize=1)
def _every_entry_point() -> EntryPoints:
    # NOTE: one read of every distribution's metadata serves every group; 3.10 and 3.11 group them by name
    found = entry_points()
    if isinstance(found, EntryPoints):
        return found
    every: EntryPoints = found.select()  # type: ignore[assignment]  # with no arguments it gives every entry point
    return every


def registered(group: str) -> tuple[EntryPoint, ...]:
    """The entry points of `group` (checks, words, sign-ins), from one read of the installed metadata."""
    return tuple(_every_entry_point().select(group=group))


def installed_checks(environ: dict[str, str] | None = None) -> list[CheckEntry]:
    """Every registered check, sorted by id, without importing any of them.

    CYBERCHECK_PLUGINS limits loading: "builtin" for cybercheck's own checks only, or a
    comma-separated list of distribution names.
    """
    allowed = (environ if environ is not None else os.environ).get("CYBERCHECK_PLUGINS", "").strip()
    allow = {a.strip().lower() for a in allowed.split(",") if a.strip()}
    if "builtin" in allow:
        allow.add(BUILTIN_DISTRIBUTION)
    found: dict[str, CheckEntry] = {}
    origins: dict[int, Origin] = {}  # by distribution: its entry points share one Distribution object
    for entry_point in registered(GROUP):
        dist = entry_point.dist
        if id(dist) not in origins:
            origins[id(dist)] = _origin(dist)
        origin = origins[id(dist)]
        if allow and origin.distribution.lower() not in allow:
            continue
        found.setdefault(entry_point.name, CheckEntry(entry_point.name, entry_point, origin))
    return [found[k] for k in sorted(found)]


IMPORT_LIMIT = 10.0  # seconds a check's module may take to import
_hung: dict[str, LoadFailure] = {}  # checks whose import never finished: not waited for twice


def _import(entry: CheckEntry) -> tuple[object, BaseException | None]:
    """Load the entry point in a thread of its own: what it gives, or what it raised.

    A plugin that hangs, or raises KeyboardInterrupt or SystemExit while importing, cannot
    stop cybercheck; a real Ctrl-C still reaches the main thread, waiting here.
    """
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["loaded"] = entry.entry_point.load()
        except BaseException as error:  # noqa: BLE001 - whatever the plugin raised is reported, not raised
            outcome["error"] = error

    worker = threading.Thread(target=work, name=f"load {entry.id}", daemon=True)
    worker.start()
    worker.join(IMPORT_LIMIT)
    if worker.is_alive():
        return None, TimeoutError(
            f"importing {entry.entry_point.value} took longer than {IMPORT_LIMIT:g} seconds"
        )
    error = outcome.get("error")
    return outcome.get("loaded"), error if isinstance(error, BaseException) else None


def _import_here(entry: CheckEntry) -> tuple[object, BaseException | None]:
    try:
        return entry.entry_point.load(), None
    except Exception as error:  # noqa: BLE001 - reported as the check's load failure
        return None, error


def load_check(entry: CheckEntry) -> type[Check] | LoadFailure:
    """Import one check and validate it; any problem becomes a LoadFailure."""
    if entry.id in _hung:
        return _hung[entry.id]
    # cybercheck's own checks import at once; a plugin's import is watched from a thread of its own
    loaded, error = _import(entry) if entry.origin.kind != "builtin" else _import_here(entry)
    if error is not None:
        import traceback

        failure = LoadFailure(
            entry.id,
            entry.origin,
            Problem(
                text("cybercheck.check-not-loaded", id=entry.id, distribution=entry.origin.distribution),
                detail="".join(traceback.format_exception_only(type(error), error)).strip(),
            ),
        )
        if isinstance(error, TimeoutError):
            _hung[entry.id] = failure
        return failure
    problem = _invalid(entry.id, loaded)
    if problem:
        return LoadFailure(entry.id, entry.origin, problem)
    assert isinstance(loaded, type) and issubclass(loaded, Check)  # _invalid said so
    return loaded


def _invalid(entry_id: str, loaded: object) -> Problem | None:
    """That `loaded` is not a valid check, and (for its developer) why; None when it is one."""

    def invalid(*, detail: str) -> Problem:
        return Problem(text("cybercheck.check-invalid", id=entry_id), detail=detail)

    if not (isinstance(loaded, type) and issubclass(loaded, Check)):
        return invalid(detail=f"{loaded!r} is not a subclass of cybercheck.pipeline.check.Check")
    for attribute in ("id", "area"):
        if not hasattr(loaded, attribute):
            return invalid(detail=f"{loaded.__name__} has no {attribute}")
    if loaded.id != entry_id:
        return invalid(detail=f"its id {loaded.id!r} differs from its entry-point name {entry_id!r}")
    if not _ID.match(loaded.id):
        return invalid(detail=f"its id {loaded.id!r} is not of the form area.source")
    return None


def select(entries: list[CheckEntry], wanted: tuple[str, ...]) -> tuple[list[CheckEntry], list[str]]:
    """The entries named by `wanted` (an id, an earlier id, or an area prefix such as "mail"), and names matching none."""
    chosen: dict[str, CheckEntry] = {}
    unknown = []
    for name in wanted:
        matches = [e for e in entries if e.id == name or e.id.startswith(name + ".")] or by_alias(
            entries, name
        )
        if not matches:
            unknown.append(name)
        for entry in matches:
            chosen.setdefault(entry.id, entry)
    return [chosen[k] for k in sorted(chosen)], unknown


def by_alias(entries: list[CheckEntry], name: str) -> list[CheckEntry]:
    """The checks that were once called `name`: each check lists its earlier ids in `aliases`."""
    found = []
    for entry in entries:
        loaded = load_check(entry)
        if not isinstance(loaded, LoadFailure) and (
            name in loaded.aliases or any(a.startswith(name + ".") for a in loaded.aliases)
        ):
            found.append(entry)
    return found
