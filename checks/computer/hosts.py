"""computer.hosts: sign-in sites that this computer's hosts file sends to another address."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class HostsFile(Check):
    """Reads this computer's hosts file, which can override where names such as google.com lead.

    Someone with access to the computer can add a line there that sends a sign-in site to
    their own server, and put a fake sign-in page in front of the person. The check reads
    /etc/hosts on Linux and macOS and C:\\Windows\\System32\\drivers\\etc\\hosts on Windows;
    `--input hosts=FILE` reads another copy instead (for example one taken from another
    computer). It only reads the file; it changes nothing.
    """

    id = "computer.hosts"
    title = "Sign-in sites redirected by this computer's hosts file"
    area = Area.DEVICES
    looks_at = "the hosts file of this computer (or the copy given with --input hosts=FILE)"
    blind_spots: ClassVar[tuple[str, ...]] = (
        "It cannot see fake sites reached through a tampered router or DNS server; the network.dns check looks at that.",
        "It cannot see monitoring apps or browser extensions on this computer.",
    )
    example_inputs: ClassVar[dict[str, str]] = {"hosts": "examples/hosts"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.computer.hosts_file import read_hosts, system_hosts_path
        from checks.computer.judge import judge_hosts

        path = ctx.input_path("hosts") or system_hosts_path()
        try:
            read = read_hosts(Path(path))
        except OSError as error:
            ctx.partial(
                f"The hosts file {path} could not be read ({error.strerror or 'unreadable'}), so it was not checked."
            )
            return
        ctx.looked_at(f"{len(read.entries)} entries on {read.lines} lines of {path}")
        if read.unreadable_lines:
            ctx.partial(f"{read.unreadable_lines} lines of {path} were not readable text and were skipped.")
        if read.truncated:
            ctx.partial(f"{path} is unusually large; only its first 16 MB were read.")
        yield from judge_hosts(read.entries, source=f"hosts file {path}")
