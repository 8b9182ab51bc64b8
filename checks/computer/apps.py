"""computer.apps: remote-access and monitoring programs, odd autostarts and open doors on this computer."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class ComputerApps(Check):
    """Looks at this computer for programs and settings that let someone watch it or get into it.

    It reads, and never changes: installed programs, programs set to start on their own,
    running programs, browser extensions (Chrome, Edge, Brave, Chromium, Firefox), SSH keys,
    the computer's accounts, built-in remote login and screen sharing, a system proxy and
    root certificates someone added. Remote-access programs (TeamViewer, AnyDesk, VNC and
    the like) and commercial monitoring or keylogging software are named from lists kept
    with cybercheck, with their sources, and the stalkerware indicator set.
    It works on Linux, macOS and Windows. Some parts need administrator rights on a live
    system (sudo on Linux and macOS); what it could not read is listed.
    `--input root=FOLDER` examines a copy of another computer's disk instead (the folder
    holding its etc/ and home/, its Users/ and Library/, or its Windows/ and Users/);
    `--input system=linux|macos|windows` says which system it is when that is not clear.
    Nothing leaves this computer.
    """

    id = "computer.apps"
    title = "Remote-access and monitoring programs, autostarts, extensions and remote logins on this computer"
    area = Area.DEVICES
    looks_at = ("installed and running programs, programs that start on their own, browser extensions, "
                "SSH keys, accounts, remote login and screen sharing, proxies and added root certificates")
    blind_spots: ClassVar[tuple[str, ...]] = (
        "Someone who knows your account passwords needs nothing on this computer; the account checks look at that.",
        ("Monitoring software built to hide, renamed programs and hardware keyloggers (a small plug between "
         "the keyboard and the computer) cannot be seen by listing programs."),
        "On a copied disk it cannot see which programs were running, and settings kept only in memory.",
        "Proxies set only inside one browser or through GNOME's settings database are not read.",
    )
    example_inputs: ClassVar[dict[str, str]] = {"root": "examples/copied-linux"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.computer.apps_judge import autostart_count, judge_snapshot
        from checks.computer.catalogue import catalogue, list_counts
        from checks.computer.fsroot import FileRoot
        from checks.computer.snapshot import choose_system, live_root, read_snapshot, running_processes

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
        shown = str(given) if given else "this computer"
        ctx.looked_at(f"{system} system at {shown}: {len(snapshot.programs)} installed programs, "
                      f"{autostart_count(snapshot.autostart)} programs set to start on their own"
                      + (f", {len(snapshot.processes)} running programs" if given is None else ""))
        ctx.looked_at(f"{len(snapshot.extensions)} browser extensions in {snapshot.browser_profiles} browser profiles")
        ctx.looked_at(f"{len(snapshot.keys)} SSH keys, {len(snapshot.accounts)} accounts, remote login and screen "
                      f"sharing settings, proxies and {len(snapshot.certificates)} added root certificates")
        ctx.looked_at(f"names checked against {remote} remote-access and {monitoring} monitoring products and the "
                      f"indicator set ({ctx.indicators.version})")
        for problem in root.problems:
            ctx.partial(problem)
        yield from judge_snapshot(snapshot, catalogue(ctx.indicators), ctx.indicators, source=f"{system} files at {shown}")
