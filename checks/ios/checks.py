"""The iPhone checks. Their words are in words.yaml; the run step is in run.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Input, Need

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class IphoneBackup(Check):
    """An iPhone backup folder read for profiles, device management, jailbreak traces and watchware."""

    id = "ios.backup"
    aliases = ("device.ios",)
    area = Area.DEVICES
    inputs = (Input("ios", kind="folder"), Input("ios-backup", kind="secret"))
    needs: ClassVar[tuple[Need, ...]] = (Need.input("ios"),)
    example_inputs: ClassVar[dict[str, str]] = {"ios": "examples/backup"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.ios.run import examine_backup

        path = ctx.input_path("ios")
        assert path is not None  # the need guarantees it
        yield from examine_backup(ctx, path)
