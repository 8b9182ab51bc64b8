"""The checks of this computer: its hosts file, and the programs and settings that let someone watch it or get in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Input

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class HostsFile(Check):
    """Reads the hosts file and judges its entries for sign-in sites sent elsewhere."""

    id = "computer.hosts"
    area = Area.DEVICES
    inputs: ClassVar[tuple[Input, ...]] = (Input("hosts", kind="file"), Input("root", kind="folder"))
    example_inputs: ClassVar[dict[str, str]] = {"hosts": "examples/hosts"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.computer.run import look_at_hosts

        yield from look_at_hosts(ctx)


class ComputerApps(Check):
    """Reads a snapshot of the computer (live or a copied disk) and judges its programs and open doors."""

    id = "computer.apps"
    area = Area.DEVICES
    inputs: ClassVar[tuple[Input, ...]] = (Input("root", kind="folder"), Input("system"))
    example_inputs: ClassVar[dict[str, str]] = {"root": "examples/copied-linux"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.computer.run import look_at_computer

        yield from look_at_computer(ctx)
