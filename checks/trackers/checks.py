"""The trackers checks: each joins one source to the trackers judgement (run.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cybercheck.pipeline.check import Area, Check, Input, Need

if TYPE_CHECKING:
    from cybercheck.pipeline.context import Context
    from cybercheck.pipeline.model import Finding

_JUDGING = (Input("own-tracker", kind="value", many=True), Input("sensitivity", kind="value"))


class NearbyTrackers(Check):
    """Item trackers in a recorded Bluetooth sweep, or heard live, judged for following."""

    id = "trackers.nearby"
    area = Area.DEVICES
    inputs: ClassVar[tuple[Input, ...]] = (
        Input("sweep", kind="file"),
        Input("listen", kind="value"),
        *_JUDGING,
    )
    needs: ClassVar[tuple[Need, ...]] = (Need.input("sweep", "listen"),)
    example_inputs: ClassVar[dict[str, str]] = {"sweep": "examples/sweep.jsonl"}

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.trackers.judge.recognise import Recogniser
        from checks.trackers.run import listen_live, read_file

        if ctx.input("sweep") is not None:
            yield from read_file(ctx, Recogniser())
        else:
            yield from listen_live(ctx, Recogniser())


class AndroidHeardTrackers(Check):
    """Item trackers in the Bluetooth HCI snoop log of an Android bug report."""

    id = "trackers.android"
    area = Area.DEVICES
    inputs: ClassVar[tuple[Input, ...]] = (Input("android", kind="path"), *_JUDGING)
    needs: ClassVar[tuple[Need, ...]] = (Need.input("android"),)

    def run(self, ctx: Context) -> Iterator[Finding]:
        from checks.trackers.judge.recognise import Recogniser
        from checks.trackers.run import read_bugreport

        yield from read_bugreport(ctx, Recogniser())
