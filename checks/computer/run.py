"""The steps of the computer checks: read the hosts file or a snapshot, say what was read, judge it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

from checks.computer.catalogue import catalogue, list_counts
from checks.computer.judge.apps import autostart_count, judge_snapshot
from checks.computer.judge.hosts import blocks, judge_hosts
from checks.computer.sources.fsroot import FileRoot
from checks.computer.sources.hosts_file import hosts_in_copy, read_hosts, system_hosts_path
from checks.computer.sources.snapshot import choose_system, live_root, read_snapshot, running_processes
from cybercheck.pipeline.context import Context
from cybercheck.pipeline.model import Finding
from cybercheck.pipeline.words import text


def look_at_hosts(ctx: Context) -> Iterator[Finding]:
    """The hosts file given with --input hosts=FILE, the one in a copied disk (--input root=), or this computer's."""
    given = ctx.input_path("hosts")
    root = ctx.input_path("root")
    path = Path(given) if given else hosts_in_copy(Path(root)) if root else system_hosts_path()
    if path is None:
        ctx.partial(text("computer.hosts-not-in-copy", root=root))
        return
    try:
        read = read_hosts(path)
    except OSError as error:
        ctx.partial(
            text("computer.hosts-unreadable", path=path, why=error.strerror or text("computer.unreadable"))
        )
        return
    ctx.looked_at(text("computer.hosts-read", entries=len(read.entries), lines=read.lines, path=path))
    if read.unreadable_lines:
        key = "computer.hosts-line-skipped" if read.unreadable_lines == 1 else "computer.hosts-lines-skipped"
        ctx.partial(text(key, count=read.unreadable_lines, path=path))
    if read.truncated:
        ctx.partial(text("computer.hosts-truncated", path=path))
    blocking = sum(1 for e in read.entries if blocks(e.address) and not _local_name(e.name))
    if blocking:
        ctx.looked_at(text("computer.hosts-blocklist", count=blocking))
    yield from judge_hosts(read.entries, source=text("computer.hosts-source", path=path))


def _local_name(name: str) -> bool:
    """localhost, ip6-loopback, broadcasthost, mycomputer.localdomain: names of this computer, not the internet's."""
    return "." not in name or name.startswith("localhost") or name.endswith((".localdomain", ".local"))


def look_at_computer(ctx: Context) -> Iterator[Finding]:
    """This computer, or the copied disk given with --input root=FOLDER."""
    given = ctx.input_path("root")
    root = FileRoot(Path(given), copied=True) if given else FileRoot(live_root(), copied=False)
    system = choose_system(ctx.input("system"), root)
    root.prefix = "C:/" if system == "windows" else "/"
    snapshot = read_snapshot(root, system)
    if given is None:
        processes, problem = running_processes()
        snapshot = dataclasses.replace(snapshot, processes=tuple(processes))
        if problem:
            ctx.partial(problem)
    remote, monitoring = list_counts()
    shown = str(given) if given else text("computer.this-computer")
    programs = text(
        "computer.programs-read" if given else "computer.programs-read-live",
        system=system,
        place=shown,
        programs=len(snapshot.programs),
        autostart=autostart_count(snapshot.autostart),
        running=len(snapshot.processes),
    )
    ctx.looked_at(programs)
    ctx.looked_at(
        text("computer.extensions-read", count=len(snapshot.extensions), profiles=snapshot.browser_profiles)
    )
    ctx.looked_at(
        text(
            "computer.doors-read",
            keys=len(snapshot.keys),
            accounts=len(snapshot.accounts),
            certificates=len(snapshot.certificates),
        )
    )
    ctx.looked_at(
        text("computer.names-checked", remote=remote, monitoring=monitoring, version=ctx.indicators.version)
    )
    for problem in root.problems:
        ctx.partial(problem)
    yield from judge_snapshot(
        snapshot,
        catalogue(ctx.indicators),
        ctx.indicators,
        source=text("computer.snapshot-source", system=system, place=shown),
    )
