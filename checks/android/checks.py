"""The Android checks. Their words are in words.yaml; the run step is in run.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Input, Need

if TYPE_CHECKING:  # the sources and the judgement are imported when the check runs, to keep listing fast
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding


class AndroidDevice(Check):
    """An Android phone (over adb, or an AndroidQF acquisition or bug report) read and judged."""

    id = "android.device"
    aliases = ("device.android",)
    area = Area.DEVICES
    inputs = (
        Input("android", kind="path"),
        Input("owner", kind="value", many=True),
        Input("known-apps", kind="value", many=True),
    )
    needs = (Need.input("android"),)
    example_inputs: ClassVar[dict[str, str]] = {"android": "examples/androidqf"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.android.run import examine_phone

        yield from examine_phone(ctx)
