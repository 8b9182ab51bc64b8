"""Finds checks through the entry-point group "cybercheck.checks"; a broken one is listed, never fatal."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib.metadata import Distribution, EntryPoint, entry_points

from cybercheck.pipeline.check import Check
from cybercheck.pipeline.model import Origin, Problem

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
    for entry_point in entry_points(group=GROUP):
        dist = entry_point.dist
        if id(dist) not in origins:
            origins[id(dist)] = _origin(dist)
        origin = origins[id(dist)]
        if allow and origin.distribution.lower() not in allow:
            continue
        found.setdefault(entry_point.name, CheckEntry(entry_point.name, entry_point, origin))
    return [found[k] for k in sorted(found)]


def load_check(entry: CheckEntry) -> type[Check] | LoadFailure:
    """Import one check and validate it; any problem becomes a LoadFailure."""
    try:
        loaded = entry.entry_point.load()
    except BaseException as error:  # noqa: BLE001 - a faulty plugin must not break the run
        if isinstance(error, KeyboardInterrupt):
            raise
        import traceback

        return LoadFailure(
            entry.id,
            entry.origin,
            Problem(
                f"The check {entry.id} could not be loaded, so it did not run. "
                f"Reinstalling {entry.origin.distribution} may fix it.",
                detail="".join(traceback.format_exception_only(type(error), error)).strip(),
            ),
        )
    reason = _invalid(entry.id, loaded)
    if reason:
        return LoadFailure(
            entry.id,
            entry.origin,
            Problem(f"The check {entry.id} is not a valid cybercheck check, so it did not run.", detail=reason),
        )
    check: type[Check] = loaded
    return check


def _invalid(entry_id: str, loaded: object) -> str | None:
    if not (isinstance(loaded, type) and issubclass(loaded, Check)):
        return f"{loaded!r} is not a subclass of cybercheck.pipeline.check.Check"
    for attribute in ("id", "area"):
        if not hasattr(loaded, attribute):
            return f"{loaded.__name__} has no {attribute}"
    if loaded.id != entry_id:
        return f"its id {loaded.id!r} differs from its entry-point name {entry_id!r}"
    if not _ID.match(loaded.id):
        return f"its id {loaded.id!r} is not of the form area.source"
    return None


def select(entries: list[CheckEntry], wanted: tuple[str, ...]) -> tuple[list[CheckEntry], list[str]]:
    """The entries named by `wanted` (an id, an earlier id, or an area prefix such as "mail"), and names matching none."""
    chosen: dict[str, CheckEntry] = {}
    unknown = []
    for name in wanted:
        matches = [e for e in entries if e.id == name or e.id.startswith(name + ".")] or by_alias(entries, name)
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
        if not isinstance(loaded, LoadFailure) and (name in loaded.aliases or any(a.startswith(name + ".") for a in loaded.aliases)):
            found.append(entry)
    return found
